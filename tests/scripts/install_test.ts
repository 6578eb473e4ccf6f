/**
 * `deno task install --root DIR` puts a `qip` on PATH that runs every command: run, image, bench,
 * form, get (from a local server) and dev, from any directory, with the runtime flags of
 * scripts/runtime-flags.txt.
 */

import assert from "node:assert/strict";
import { installArgs } from "../../scripts/install.ts";
import { readRuntimeFlags } from "../../scripts/runtime_flags.ts";
import { ADA_WELCOME, EMAIL_FORM } from "../support/email_form.ts";
import { startModuleServer } from "../support/module_server.ts";
import { REPO_ROOT, runQip } from "../support/run_qip.ts";
import { withTempDir } from "../support/temp_dir.ts";
import { freePort, writeTree } from "../dev/_dev_support.ts";

Deno.test("the install command carries exactly the runtime flags and the runtime's config", async () => {
  const flags = await readRuntimeFlags();
  const args = installArgs(flags, { root: "/opt/qip" });
  assert.deepEqual(args.slice(0, 7), [
    "install",
    "--global",
    "--force",
    "--name",
    "qip",
    "--root",
    "/opt/qip",
  ]);
  assert.deepEqual(args.slice(7, 9), ["--config", `${REPO_ROOT}/deno.json`]);
  assert.deepEqual(args.slice(9, -1), flags);
  // The bundled host, which the task builds first (scripts/build_host_bundle.ts).
  assert.equal(args.at(-1), `${REPO_ROOT}/dist/host/main.js`);
  assert.ok(!installArgs(flags, { root: undefined }).includes("--root"));
});

async function install(root: string): Promise<string> {
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["task", "--quiet", "install", "--root", root],
    cwd: REPO_ROOT,
    env: { NO_COLOR: "1" },
    stdout: "null",
    stderr: "piped",
  }).output();
  assert.equal(code, 0, new TextDecoder().decode(stderr));
  return `${root}/bin/qip`;
}

/** `qip dev` from the installed copy: serves one page, then stops on SIGTERM. */
async function checkDev(qip: string, dir: string): Promise<void> {
  await writeTree(dir, { "site/index.html": "<p>installed</p>" });
  const port = freePort();
  const child = new Deno.Command(qip, {
    args: ["dev", `${dir}/site`, "-p", String(port)],
    cwd: dir,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const stderr = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  try {
    const deadline = Date.now() + 30_000;
    while (!text.includes("dev: listening on") && Date.now() < deadline) {
      const { value, done } = await stderr.read();
      if (done) break;
      text += value;
    }
    assert.match(text, /dev: listening on/);
    const response = await fetch(`http://127.0.0.1:${port}/`);
    assert.match(await response.text(), /<p>installed<\/p>/);
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await stderr.cancel();
  }
}

Deno.test("the installed qip runs every command", async () => {
  await withTempDir(async (dir) => {
    const qip = await install(`${dir}/root`);
    // From another directory: the installed qip does not depend on the caller's.
    const run = (args: string[], stdin?: string) =>
      runQip(args, { launcher: qip, cwd: dir, ...(stdin === undefined ? {} : { stdin }) });
    const repo = (path: string) => `${REPO_ROOT}/${path}`;

    const hello = await run(["run", repo("examples/hello.wasm")], "World");
    assert.equal(hello.stdoutText, "Hello, World\n", hello.stderr);

    const image = await run([
      "image",
      "-i",
      repo("fixtures/images/saam-40x30.png"),
      "-o",
      `${dir}/out.png`,
      repo("examples/rgba/brightness.wasm"),
    ]);
    assert.equal(image.code, 0, image.stderr);
    assert.ok((await Deno.stat(`${dir}/out.png`)).size > 0);

    const bench = await run(["bench", "-i", "-", "-r", "3", repo("examples/hello.wasm")], "World");
    assert.equal(bench.code, 0, bench.stderr);
    assert.match(bench.stdoutText, /Benchmark 1: .*examples\/hello\.wasm/);

    const form = await run(["form", repo(EMAIL_FORM)], "\nAda\nnot-an-email\nada@example.com\n");
    assert.equal(form.code, 0, form.stderr);
    assert.ok(form.stdoutText.endsWith(ADA_WELCOME), form.stdoutText);

    const bytes = await Deno.readFile(`${REPO_ROOT}/examples/hello.wasm`);
    const server = await startModuleServer({ "/hello.wasm": new Response(bytes) }, { tls: false });
    try {
      const get = await run([
        "get",
        "--allow-http-localhost",
        "-o",
        `${dir}/hello.wasm`,
        server.url("/hello.wasm"),
      ]);
      assert.equal(get.code, 0, get.stderr);
      assert.deepEqual(await Deno.readFile(`${dir}/hello.wasm`), bytes);
    } finally {
      await server.close();
    }

    await checkDev(qip, dir);
  });
});
