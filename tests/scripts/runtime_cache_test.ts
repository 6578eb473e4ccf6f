/**
 * Running qip downloads only what qip runs: a fresh Deno cache after `deno task qip run` and
 * `qip image` holds imagescript (the one npm package the runtime imports) and nothing of the
 * build toolchains, browser driver or data packages the tests and scripts use
 * (deno.tooling.json). `deno task` installs every package of the config's lockfile before it runs
 * a task, which is why the runtime's deno.json and deno.lock list imagescript alone.
 *
 * The fresh cache is seeded with imagescript copied from the cache running this test, and the runs
 * get a proxy that does not exist, so the test needs no network and proves nothing else is
 * fetched: a run that wanted another package would fail.
 */

import assert from "node:assert/strict";
import { REPO_ROOT } from "../support/run_qip.ts";
import { withTempDir } from "../support/temp_dir.ts";

const NPM_REGISTRY_DIR = "npm/registry.npmjs.org";
/** The goal of issue "ship it": imagescript + qip in under 30 MB of cache. */
const CACHE_LIMIT_BYTES = 30 * 1024 * 1024;

async function currentDenoDir(): Promise<string> {
  const { stdout } = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json"],
    env: { NO_COLOR: "1" },
    stdout: "piped",
  }).output();
  return JSON.parse(new TextDecoder().decode(stdout)).denoDir;
}

async function treeSize(path: string): Promise<number> {
  let total = 0;
  for await (const entry of Deno.readDir(path)) {
    const child = `${path}/${entry.name}`;
    if (entry.isDirectory) total += await treeSize(child);
    else if (entry.isFile) total += (await Deno.stat(child)).size;
  }
  return total;
}

async function listDir(path: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(path)) names.push(entry.name);
  return names.sort();
}

async function run(args: string[], denoDir: string, stdin: string): Promise<void> {
  const child = new Deno.Command(args[0]!, {
    args: args.slice(1),
    cwd: REPO_ROOT,
    env: {
      DENO_DIR: denoDir,
      QIP_DENO: Deno.execPath(),
      NO_COLOR: "1",
      // Any download would go through a proxy that is not there, and fail: nothing is fetched.
      HTTPS_PROXY: "http://127.0.0.1:9",
      HTTP_PROXY: "http://127.0.0.1:9",
    },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(stdin));
  await writer.close();
  const { code, stderr } = await child.output();
  assert.equal(code, 0, `${args.join(" ")}: ${new TextDecoder().decode(stderr)}`);
}

Deno.test("a fresh qip run and qip image cache imagescript only, under 30 MB", async () => {
  const seed = `${await currentDenoDir()}/${NPM_REGISTRY_DIR}/imagescript`;
  await withTempDir(async (dir) => {
    const denoDir = `${dir}/deno`;
    await Deno.mkdir(`${denoDir}/${NPM_REGISTRY_DIR}`, { recursive: true });
    const copy = await new Deno.Command("cp", {
      args: ["-R", seed, `${denoDir}/${NPM_REGISTRY_DIR}/`],
    }).output();
    assert.equal(copy.code, 0, `could not copy ${seed}`);

    await run(
      [Deno.execPath(), "task", "--quiet", "qip", "run", "examples/hello.wasm"],
      denoDir,
      "hi",
    );
    await run(
      [
        `${REPO_ROOT}/scripts/qip`,
        "image",
        "-i",
        "fixtures/images/saam-40x30.png",
        "-o",
        `${dir}/out.png`,
        "examples/rgba/brightness.wasm",
      ],
      denoDir,
      "",
    );

    assert.deepEqual(await listDir(`${denoDir}/npm`), ["registry.npmjs.org"]);
    assert.deepEqual(await listDir(`${denoDir}/${NPM_REGISTRY_DIR}`), ["imagescript"]);
    const size = await treeSize(denoDir);
    assert.ok(size < CACHE_LIMIT_BYTES, `the cache holds ${size} bytes`);
  });
});
