/**
 * `qip get` end to end, against a real HTTPS server on 127.0.0.1 trusted through DENO_CERT.
 */
import assert from "node:assert/strict";
import { sha256Hex } from "../../src/format/sha256_hex.ts";
import { formatLock } from "../../src/host/mod.ts";
import { USAGE } from "../../src/cli/_usage.ts";
import { startModuleServer, TEST_CA_PATH } from "../support/module_server.ts";
import { REPO_ROOT, runQip } from "../support/run_qip.ts";

const HELLO = await Deno.readFile(`${REPO_ROOT}/examples/hello.wasm`);
const HELLO_DIGEST = await sha256Hex(HELLO);

async function withServer(
  test: (url: string, dir: string, env: Record<string, string>) => Promise<void>,
): Promise<void> {
  const server = await startModuleServer({ "/hello.wasm": new Response(HELLO) });
  const dir = await Deno.makeTempDir();
  try {
    await test(server.url("/hello.wasm"), dir, {
      DENO_CERT: TEST_CA_PATH,
      QIP_CACHE_DIR: `${dir}/cache`,
    });
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("qip get prints the module's SHA-256 and the pinned URL to paste into scripts", async () => {
  await withServer(async (url, _dir, env) => {
    const result = await runQip(["get", url], { env });
    assert.equal(result.stdoutText, `sha256: ${HELLO_DIGEST}\n${url}#sha256=${HELLO_DIGEST}\n`);
    assert.equal(result.stderr, "");
    assert.equal(result.code, 0);
  });
});

Deno.test("qip get -o writes the module, and warms the cache for qip run --offline", async () => {
  await withServer(async (url, dir, env) => {
    const result = await runQip(["get", "-o", `${dir}/hello.wasm`, url], { env });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await Deno.readFile(`${dir}/hello.wasm`), HELLO);
    const offline = await runQip(["run", "--offline", `${url}#sha256=${HELLO_DIGEST}`], {
      env,
      stdin: "CI",
    });
    assert.equal(offline.stdoutText, "Hello, CI\n");
  });
});

Deno.test("qip get --lock records the URL; a wrong pin is refused and nothing is written", async () => {
  await withServer(async (url, dir, env) => {
    const lock = `${dir}/qip.lock`;
    assert.equal((await runQip(["get", "--lock", lock, url], { env })).code, 0);
    assert.equal(await Deno.readTextFile(lock), formatLock(new Map([[url, HELLO_DIGEST]])));
    const wrong = "f".repeat(64);
    const result = await runQip(["get", "-o", `${dir}/out.wasm`, `${url}#sha256=${wrong}`], {
      env,
    });
    assert.equal(
      result.stderr,
      `Module digest mismatch: ${url}: expected sha256 ${wrong} (#sha256= pin), got ${HELLO_DIGEST}\n`,
    );
    assert.equal(result.code, 1);
    await assert.rejects(Deno.stat(`${dir}/out.wasm`), Deno.errors.NotFound);
  });
});

Deno.test("qip get prints the pinned form of a local path too", async () => {
  const result = await runQip(["get", "examples/hello.wasm"]);
  assert.equal(
    result.stdoutText,
    `sha256: ${HELLO_DIGEST}\nexamples/hello.wasm#sha256=${HELLO_DIGEST}\n`,
  );
});

Deno.test("qip get takes exactly one module, and qip help get prints its usage", async () => {
  for (const args of [["get"], ["get", "a.wasm", "b.wasm"]]) {
    const result = await runQip(args);
    assert.equal(result.stderr, `${USAGE.get}\n`);
    assert.equal(result.code, 1);
  }
  assert.ok((await runQip(["help", "get"])).stdoutText.startsWith(`${USAGE.get}\n\nFlags:\n`));
  const badTimeout = await runQip(["get", "--fetch-timeout-ms", "0", "a.wasm"]);
  assert.equal(
    badTimeout.stderr,
    "Invalid fetch-timeout-ms: 0: expected 1 to 2147483647 milliseconds\n",
  );
});
