/**
 * The one loader: pins and lock entries are checked on the bytes before they are compiled,
 * whichever source the bytes came from.
 */
import assert from "node:assert/strict";
import { sha256Hex } from "../../src/format/sha256_hex.ts";
import {
  fileSource,
  httpsSource,
  loadModule,
  loadStages,
  LockFile,
  pinnedArgument,
} from "../../src/host/mod.ts";
import { DEFAULT_LIMITS } from "../../src/sandbox/mod.ts";
import { startModuleServer, testHttpClient } from "../support/module_server.ts";
import { REPO_ROOT } from "../support/run_qip.ts";
import { withTempDir } from "../support/temp_dir.ts";

const HELLO = `${REPO_ROOT}/examples/hello.wasm`;
const NOT_WASM = new TextEncoder().encode("<html>this is not a module</html>");

Deno.test("loadStages() accepts a local module whose #sha256= pin matches and logs its argument", async () => {
  const digest = await sha256Hex(await Deno.readFile(HELLO));
  const lines: string[] = [];
  const argument = pinnedArgument(HELLO, digest);
  const [stage] = await loadStages([argument], {
    limits: DEFAULT_LIMITS,
    log: (line) => lines.push(line),
  });
  assert.equal(stage?.digest, digest);
  assert.equal(lines[0], `module ${argument} sha256: ${digest}`);
});

Deno.test("loadStages() refuses a pin mismatch before compiling: the bytes are not even wasm", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/page.wasm`;
    await Deno.writeFile(path, NOT_WASM);
    const actual = await sha256Hex(NOT_WASM);
    const pin = "0".repeat(64);
    const lines: string[] = [];
    await assert.rejects(
      loadStages([`${path}#sha256=${pin}`], { limits: DEFAULT_LIMITS, log: (l) => lines.push(l) }),
      {
        message:
          `Module digest mismatch: ${path}: expected sha256 ${pin} (#sha256= pin), got ${actual}`,
      },
    );
    assert.deepEqual(lines, [], "no module line, no compile line");
    // Without the pin the same bytes reach the compiler, which refuses them.
    await assert.rejects(loadStages([path], { limits: DEFAULT_LIMITS }), {
      message: /^Wasm module could not be compiled: stage 0 /,
    });
  });
});

Deno.test("loadModule() checks remote modules against the lock file and records new ones", async () => {
  const served = await Deno.readFile(HELLO);
  const server = await startModuleServer({ "/m.wasm": () => new Response(served) });
  const client = await testHttpClient();
  const sources = [fileSource, httpsSource({ client })];
  try {
    await withTempDir(async (dir) => {
      const url = server.url("/m.wasm");
      const lockPath = `${dir}/qip.lock`;
      const lock = await LockFile.open(lockPath);
      const { digest } = await loadModule(url, DEFAULT_LIMITS.maxModuleBytes, { sources, lock });
      await loadModule(HELLO, DEFAULT_LIMITS.maxModuleBytes, { sources, lock });
      assert.equal(lock.digestOf(url), digest);
      assert.equal(lock.digestOf(HELLO), undefined, "local paths are not locked");
      await lock.save();

      server.route("/m.wasm", () => new Response(NOT_WASM));
      const changed = await LockFile.open(lockPath);
      const got = await sha256Hex(NOT_WASM);
      await assert.rejects(
        loadModule(url, DEFAULT_LIMITS.maxModuleBytes, { sources, lock: changed }),
        {
          message:
            `Module digest mismatch: ${url}: expected sha256 ${digest} (lock file ${lockPath}), got ${got}`,
        },
      );
    });
  } finally {
    client.close();
    await server.close();
  }
});
