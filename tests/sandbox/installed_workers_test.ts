/**
 * Workers from a `deno install -g` copy of qip, which loads its source by `file:` URL from the
 * checkout, and from the launcher: stage and codec workers must start there too, and a stage
 * worker must still be replaceable after the host revoked read.
 *
 * @module
 */

import assert from "node:assert/strict";
import { readRuntimeFlags } from "../../scripts/runtime_flags.ts";
import { QIP_LAUNCHER, REPO_ROOT } from "../support/run_qip.ts";
import { withTempDir } from "../support/temp_dir.ts";
import { fillChainBytes } from "./_unstoppable_modules.ts";

async function run(command: string, args: string[], stdin = "") {
  const child = new Deno.Command(command, {
    args,
    cwd: REPO_ROOT,
    env: { NO_COLOR: "1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(stdin));
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  const decoder = new TextDecoder();
  return { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
}

Deno.test("an installed qip runs modules and images, and replaces a stuck worker after revoking read", async () => {
  await withTempDir(async (dir) => {
    const installed = await run(Deno.execPath(), [
      "install",
      "--quiet",
      "--global",
      "--root",
      dir,
      "--name",
      "qip",
      ...await readRuntimeFlags(),
      "--config",
      "deno.json",
      "main.ts",
    ]);
    assert.equal(installed.code, 0, installed.stderr);
    const qip = `${dir}/bin/qip`;

    const hello = await run(qip, ["run", "examples/hello.wasm"], "World");
    assert.deepEqual(hello, { code: 0, stdout: "Hello, World\n", stderr: "" });

    const output = `${dir}/out.png`;
    const image = await run(qip, [
      "image",
      "-i",
      "fixtures/images/saam-40x30.jpg",
      "-o",
      output,
      "examples/rgba/brightness.wasm",
    ]);
    assert.equal(image.code, 0, image.stderr);
    assert.equal(image.stderr, "");
    assert.ok((await Deno.stat(output)).size > 0);

    // The stuck worker is replaced while the module still runs: spawning must not read a file.
    const stuck = `${dir}/stuck.wasm`;
    await Deno.writeFile(stuck, fillChainBytes(150));
    const timedOut = await run(qip, ["run", stuck, "examples/hello.wasm"], "x");
    assert.deepEqual(timedOut, {
      code: 1,
      stdout: "",
      stderr: `Wasm module exceeded the execution time limit (100ms): stage 0 (${stuck})\n`,
    });
  });
});

Deno.test("scripts/qip replaces a stuck worker after revoking read, printing only the time-limit line", async () => {
  await withTempDir(async (dir) => {
    const stuck = `${dir}/stuck.wasm`;
    await Deno.writeFile(stuck, fillChainBytes(150));
    const timedOut = await run(QIP_LAUNCHER, ["run", stuck, "examples/hello.wasm"], "x");
    assert.deepEqual(timedOut, {
      code: 1,
      stdout: "",
      stderr: `Wasm module exceeded the execution time limit (100ms): stage 0 (${stuck})\n`,
    });
  });
});
