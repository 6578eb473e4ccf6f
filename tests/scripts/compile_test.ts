/**
 * `deno task compile` end to end, as far as a machine without internet allows: `DENORT_BIN`
 * stands in for the downloaded runtime, so the real `deno compile` resolves the whole module
 * graph (npm packages included) and embeds it. The stand-in here is this Deno's own binary,
 * which does not run an embedded program, so the binary is checked for its payload rather than
 * run; with a real `denort` the same command gives a working `qip`.
 *
 * @module
 */

import assert from "node:assert/strict";
import { REPO_ROOT } from "../support/run_qip.ts";
import { withTempDir } from "../support/temp_dir.ts";

const latin1 = new TextDecoder("latin1");

/** The JSON object that follows `"key":` in the binary's embedded metadata. */
function embeddedObject(binaryText: string, key: string): Record<string, unknown> {
  const start = binaryText.indexOf(`"${key}":{`);
  assert.notEqual(start, -1, `no "${key}" in the embedded metadata`);
  let depth = 0;
  for (let at = start + key.length + 3; at < binaryText.length; at++) {
    if (binaryText[at] === "{") depth++;
    if (binaryText[at] === "}" && --depth === 0) {
      return JSON.parse(binaryText.slice(start + key.length + 3, at + 1));
    }
  }
  throw new Error(`unterminated "${key}" object`);
}

Deno.test("deno task compile embeds the app with the launcher's permissions, honouring DENORT_BIN", async () => {
  await withTempDir(async (dir) => {
    const output = `${dir}/qip`;
    const { code, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["task", "--quiet", "compile", "--output", output],
      cwd: REPO_ROOT,
      env: { DENORT_BIN: Deno.execPath(), NO_COLOR: "1" },
      stdout: "null",
      stderr: "piped",
    }).output();
    const errors = new TextDecoder().decode(stderr);
    assert.equal(code, 0, errors);
    assert.ok(!errors.includes("DENORT_BIN is not set"));
    const binaryText = latin1.decode(await Deno.readFile(output));
    // The embedded file system lists files by name within their directory.
    // Workers are spawned from bundled text; the decoders are compiled by the host.
    for (
      const file of [
        "main.ts",
        "_stage_worker_bundle.ts",
        "_codec_worker_bundle.ts",
        "_png_encoder_bundle.ts",
        "_turbo_jpeg_wasm.ts",
        "png.wasm",
      ]
    ) {
      assert.ok(binaryText.includes(`{"File":{"n":"${file}"`), `${file} is embedded`);
    }
    const permissions = embeddedObject(binaryText, "permissions");
    assert.deepEqual(
      {
        read: permissions.allow_read,
        write: permissions.allow_write,
        net: permissions.allow_net,
        env: permissions.allow_env,
        run: permissions.allow_run,
        ffi: permissions.allow_ffi,
        sys: permissions.allow_sys,
        prompt: permissions.prompt,
      },
      {
        read: [], // [] is "all", as --allow-read without a list
        write: [],
        net: [],
        env: ["QIP_CACHE_DIR", "XDG_CACHE_HOME", "HOME"],
        run: null,
        ffi: null,
        sys: null,
        prompt: false,
      },
    );
    assert.deepEqual(embeddedObject(binaryText, "unstable_config").features, ["worker-options"]);
  });
});
