/**
 * `qip run` with remote modules, end to end: the real launcher (with its runtime flags), a real
 * HTTPS server on 127.0.0.1 whose test CA the qip process trusts through DENO_CERT, and a
 * cache directory of its own through QIP_CACHE_DIR. Nothing touches the internet.
 */
import assert from "node:assert/strict";
import { sha256Hex } from "../../src/format/sha256_hex.ts";
import { formatLock } from "../../src/host/mod.ts";
import {
  endlessBody,
  type ModuleServer,
  type Route,
  startModuleServer,
  TEST_CA_PATH,
} from "../support/module_server.ts";
import { type QipResult, REPO_ROOT, runQip } from "../support/run_qip.ts";

const HELLO = await Deno.readFile(`${REPO_ROOT}/examples/hello.wasm`);
const HELLO_DIGEST = await sha256Hex(HELLO);
const UPPER = await Deno.readFile(`${REPO_ROOT}/fixtures/modules/upper-functions.wasm`);
const NOT_WASM = new TextEncoder().encode("<html>not a module</html>");

interface RemoteCase {
  readonly server: ModuleServer;
  /** The temporary directory: `cache/` is QIP_CACHE_DIR, the rest is free. */
  readonly dir: string;
  readonly cacheDir: string;
  qip(args: string[], stdin?: string): Promise<QipResult>;
}

async function withRemote(
  routes: Record<string, Route>,
  test: (context: RemoteCase) => Promise<void>,
): Promise<void> {
  const server = await startModuleServer(routes);
  const dir = await Deno.makeTempDir();
  const cacheDir = `${dir}/cache`;
  try {
    await test({
      server,
      dir,
      cacheDir,
      qip: (args, stdin) =>
        runQip(args, { stdin, env: { DENO_CERT: TEST_CA_PATH, QIP_CACHE_DIR: cacheDir } }),
    });
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
}

function assertFailure(result: QipResult, stderr: string): void {
  assert.equal(result.stderr, `${stderr}\n`);
  assert.equal(result.stdoutText, "");
  assert.equal(result.code, 1);
}

Deno.test("qip run fetches an https:// module and prints the spec's verbose sha256 line for it", async () => {
  await withRemote({ "/hello.wasm": new Response(HELLO) }, async ({ server, qip }) => {
    const url = server.url("/hello.wasm");
    const result = await qip([
      "run",
      "-v",
      url,
      `${REPO_ROOT}/fixtures/modules/upper-functions.wasm`,
    ], "web");
    assert.equal(result.stdoutText, "HELLO, WEB\n");
    assert.equal(result.code, 0);
    assert.match(result.stderr, new RegExp(`\nmodule ${url} sha256: ${HELLO_DIGEST}\n`));
  });
});

Deno.test("qip run runs a pinned module whose digest matches (#sha256=)", async () => {
  await withRemote({ "/hello.wasm": new Response(HELLO) }, async ({ server, qip }) => {
    const pinned = `${server.url("/hello.wasm")}#sha256=${HELLO_DIGEST}`;
    const result = await qip(["run", "-v", pinned], "pin");
    assert.equal(result.stdoutText, "Hello, pin\n");
    assert.match(result.stderr, new RegExp(`\nmodule ${pinned} sha256: ${HELLO_DIGEST}\n`));
  });
});

Deno.test("qip run refuses a pin mismatch before compiling anything (the bytes are not wasm)", async () => {
  await withRemote({ "/page.wasm": new Response(NOT_WASM) }, async ({ server, qip, cacheDir }) => {
    const url = server.url("/page.wasm");
    const result = await qip(["run", "-v", `${url}#sha256=${HELLO_DIGEST}`], "x");
    const lines = result.stderr.trimEnd().split("\n");
    assert.equal(
      lines.at(-1),
      `Module digest mismatch: ${url}: expected sha256 ${HELLO_DIGEST} (#sha256= pin), got ${await sha256Hex(
        NOT_WASM,
      )}`,
    );
    assert.equal(lines.length, 2, "only the input line before the error: no module, no compile");
    assert.equal(result.code, 1);
    await assert.rejects(Deno.stat(`${cacheDir}/modules`), Deno.errors.NotFound);
    // Unpinned, the same bytes reach the compiler, which refuses them.
    assertFailure(
      await qip(["run", url]),
      `Wasm module could not be compiled: stage 0 (${url}): expected magic word 00 61 73 6d, found 3c 68 74 6d @+0`,
    );
  });
});

Deno.test("qip run stops reading an endless response at the 64 MiB module cap", async () => {
  const body = endlessBody();
  await withRemote(
    { "/endless.wasm": () => new Response(body.stream) },
    async ({ server, qip }) => {
      const url = server.url("/endless.wasm");
      assertFailure(
        await qip(["run", url]),
        `Wasm module is too large: stage 0 (${url}): ${url} is over the limit of 64 MiB`,
      );
      await body.cancelled;
      assert.ok(body.sentBytes() < 80 * 1024 * 1024, `sent ${body.sentBytes()} bytes`);
    },
  );
});

Deno.test("qip run times out a server that does not answer (--connect-timeout-ms)", async () => {
  await withRemote({}, async ({ server, qip }) => {
    server.route("/slow.wasm", () => server.hang());
    const url = server.url("/slow.wasm");
    assertFailure(
      await qip(["run", "--connect-timeout-ms", "300", url]),
      `Error fetching URL: ${url}: no response within 300ms (--connect-timeout-ms)`,
    );
  });
});

Deno.test("qip run refuses redirects to http://, redirect loops and non-2xx statuses", async () => {
  await withRemote({
    "/to-http": new Response(null, { status: 302, headers: { location: "http://127.0.0.1/m" } }),
    "/loop": new Response(null, { status: 307, headers: { location: "/loop" } }),
  }, async ({ server, qip }) => {
    const cases: Array<[string, string]> = [
      ["/to-http", "refused a redirect to http://127.0.0.1/m: only https:// is followed"],
      ["/loop", "more than 5 redirects (the last to /loop)"],
      ["/missing.wasm", "HTTP 404 Not Found"],
    ];
    for (const [path, reason] of cases) {
      const url = server.url(path);
      assertFailure(await qip(["run", url]), `Error fetching URL: ${url}: ${reason}`);
    }
  });
});

Deno.test("qip run refuses http://, and allows it for this machine behind --allow-http-localhost", async () => {
  const plain = await startModuleServer({ "/hello.wasm": new Response(HELLO) }, { tls: false });
  try {
    const url = plain.url("/hello.wasm");
    assertFailure(
      await runQip(["run", url]),
      `Error fetching URL: ${url}: plain http:// is refused, use https:// ` +
        "(http://127.0.0.1 and http://localhost are allowed with --allow-http-localhost)",
    );
    assert.deepEqual(plain.requests, []);
    const dir = await Deno.makeTempDir();
    try {
      const allowed = await runQip(["run", "--allow-http-localhost", url], {
        stdin: "local",
        env: { QIP_CACHE_DIR: dir },
      });
      assert.equal(allowed.stdoutText, "Hello, local\n");
      assertFailure(
        await runQip(["run", "--allow-http-localhost", "http://example.com/m.wasm"]),
        "Error fetching URL: http://example.com/m.wasm: plain http:// is refused for other " +
          "hosts than 127.0.0.1, [::1] and localhost, use https://",
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  } finally {
    await plain.close();
  }
});

Deno.test("qip run --offline runs cached modules with the server stopped, and refuses others", async () => {
  await withRemote({ "/hello.wasm": new Response(HELLO) }, async ({ server, qip, cacheDir }) => {
    const url = server.url("/hello.wasm");
    const pinned = `${url}#sha256=${HELLO_DIGEST}`;
    assert.equal((await qip(["run", url], "online")).stdoutText, "Hello, online\n");
    await server.close();
    assert.equal((await qip(["run", "--offline", pinned], "a")).stdoutText, "Hello, a\n");
    assert.equal((await qip(["run", "--offline", url], "b")).stdoutText, "Hello, b\n");
    assert.equal((await qip(["run", pinned], "c")).stdoutText, "Hello, c\n", "pinned: no network");
    const other = server.url("/other.wasm");
    assertFailure(
      await qip(["run", "--offline", other]),
      `Error fetching URL: ${other}: not in the module cache ${cacheDir} and --offline is set`,
    );
  });
});

Deno.test("qip run --offline needs a cache directory", async () => {
  const result = await runQip(["run", "--offline", "https://127.0.0.1:9/m.wasm"], {
    env: { QIP_CACHE_DIR: "", XDG_CACHE_HOME: "", HOME: "" },
  });
  assertFailure(
    result,
    "Cannot use --offline without a module cache: set QIP_CACHE_DIR, XDG_CACHE_HOME or HOME",
  );
});

Deno.test("qip run fetches again a cache entry whose bytes no longer match its digest", async () => {
  await withRemote({ "/hello.wasm": new Response(HELLO) }, async ({ server, qip, cacheDir }) => {
    const pinned = `${server.url("/hello.wasm")}#sha256=${HELLO_DIGEST}`;
    await qip(["run", pinned]);
    const entry = `${cacheDir}/modules/${HELLO_DIGEST}.wasm`;
    await Deno.writeFile(entry, UPPER);
    const result = await qip(["run", "-v", pinned], "again");
    assert.equal(result.stdoutText, "Hello, again\n");
    assert.match(result.stderr, new RegExp(`module cache entry ${entry} is corrupted; fetching`));
    assert.deepEqual(server.requests, ["/hello.wasm", "/hello.wasm"]);
    assert.deepEqual(await Deno.readFile(entry), HELLO);
  });
});

Deno.test("qip run --lock records digests, runs them from the cache, and refuses changed bytes", async () => {
  await withRemote({
    "/hello.wasm": () => new Response(HELLO),
    "/upper.wasm": () => new Response(UPPER),
  }, async ({ server, qip, dir }) => {
    const lock = `${dir}/qip.lock`;
    const [hello, upper] = [server.url("/hello.wasm"), server.url("/upper.wasm")];
    const first = await qip(["run", "--lock", lock, hello, upper], "lock");
    assert.equal(first.stdoutText, "HELLO, LOCK\n");
    const expected = formatLock(new Map([[hello, HELLO_DIGEST], [upper, await sha256Hex(UPPER)]]));
    assert.equal(await Deno.readTextFile(lock), expected);
    // Locked digests come from the cache: the server is not asked again, and the file is unchanged.
    await qip(["run", "--lock", lock, upper, hello]);
    assert.equal(server.requests.length, 2);
    assert.equal(await Deno.readTextFile(lock), expected);
    // The server now serves other bytes; with an empty cache they are fetched and refused.
    server.route("/hello.wasm", () => new Response(UPPER));
    const changed = await runQip(["run", "--lock", lock, hello], {
      env: { DENO_CERT: TEST_CA_PATH, QIP_CACHE_DIR: `${dir}/empty-cache` },
    });
    assertFailure(
      changed,
      `Module digest mismatch: ${hello}: expected sha256 ${HELLO_DIGEST} (lock file ${lock}), got ${await sha256Hex(
        UPPER,
      )}`,
    );
    assert.equal(await Deno.readTextFile(lock), expected);
  });
});
