/**
 * Remote modules from a server that misbehaves in ways tests/cli/remote_modules_test.ts and
 * tests/host/https_source_test.ts do not cover: a body that drips forever, a body cut off
 * mid-stream, a body that grows past the cap in growing chunks, a redirect cycle through two
 * URLs, and a redirect to http:// one hop later. Each is a clean one-line error, nothing is
 * compiled, and `qip get -o` writes no file.
 */
import assert from "node:assert/strict";
import { DEFAULT_FETCH_LIMITS, httpsSource, parseModuleRef } from "../../src/host/mod.ts";
import {
  MIB,
  type ModuleServer,
  type Route,
  startModuleServer,
  TEST_CA_PATH,
  testHttpClient,
} from "../support/module_server.ts";
import { type QipResult, runQip } from "../support/run_qip.ts";

const HELLO = await Deno.readFile(new URL("../../examples/hello.wasm", import.meta.url));

/** Runs `test` against a server with `routes`, with a temporary directory for output files. */
async function withServer(
  routes: Record<string, Route>,
  test: (
    server: ModuleServer,
    qip: (args: string[]) => Promise<QipResult>,
    dir: string,
  ) => Promise<void>,
): Promise<void> {
  const server = await startModuleServer(routes);
  const dir = await Deno.makeTempDir();
  try {
    await test(
      server,
      (args) => runQip(args, { env: { DENO_CERT: TEST_CA_PATH, QIP_CACHE_DIR: `${dir}/cache` } }),
      dir,
    );
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
}

/** `qip get -o` refuses with exactly `stderr` and leaves no file. */
async function assertGetRefused(
  qip: (args: string[]) => Promise<QipResult>,
  dir: string,
  args: string[],
  stderr: string,
): Promise<void> {
  const output = `${dir}/out.wasm`;
  const result = await qip(["get", "-o", output, ...args]);
  assert.equal(result.stderr, `${stderr}\n`);
  assert.equal(result.stdoutText, "");
  assert.equal(result.code, 1);
  await assert.rejects(Deno.lstat(output), Deno.errors.NotFound);
}

/** `qip run -v` refuses with exactly `stderr` as its last line, before compiling anything. */
async function assertRunRefused(
  qip: (args: string[]) => Promise<QipResult>,
  args: string[],
  stderr: string,
): Promise<void> {
  const result = await qip(["run", "-v", ...args]);
  const lines = result.stderr.trimEnd().split("\n");
  assert.equal(lines.at(-1), stderr);
  assert.deepEqual(lines.filter((line) => line.startsWith("compiled module")), []);
  assert.equal(result.stdoutText, "");
  assert.equal(result.code, 1);
}

/** A body that sends one byte every 20 ms, forever; `cancelled` resolves when the reader goes. */
function dripBody(): { stream: ReadableStream<Uint8Array>; cancelled: Promise<void> } {
  const { promise: cancelled, resolve } = Promise.withResolvers<void>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stream = new ReadableStream<Uint8Array>({
    pull: (controller) =>
      new Promise((done) => {
        timer = setTimeout(() => {
          controller.enqueue(new Uint8Array([0]));
          done();
        }, 20);
      }),
    cancel: () => {
      clearTimeout(timer);
      resolve();
    },
  });
  return { stream, cancelled };
}

Deno.test("qip get and qip run time out a body that keeps dripping (--fetch-timeout-ms)", async () => {
  const drips: Array<ReturnType<typeof dripBody>> = [];
  await withServer({
    "/drip.wasm": () => {
      const drip = dripBody();
      drips.push(drip);
      return new Response(drip.stream);
    },
  }, async (server, qip, dir) => {
    const url = server.url("/drip.wasm");
    const reason = `Error reading response: ${url}: not complete within 500ms (--fetch-timeout-ms)`;
    await assertGetRefused(qip, dir, ["--fetch-timeout-ms", "500", url], reason);
    await assertRunRefused(qip, ["--fetch-timeout-ms", "500", url], reason);
    // The server sees each reader go: nothing keeps dripping after the error.
    await Promise.all(drips.map((drip) => drip.cancelled));
  });
});

Deno.test("qip get and qip run refuse a body cut off mid-stream", async () => {
  const server = await startCuttingServer(HELLO.slice(0, 16), HELLO.byteLength);
  const dir = await Deno.makeTempDir();
  const qip = (args: string[]) =>
    runQip(args, { env: { DENO_CERT: TEST_CA_PATH, QIP_CACHE_DIR: `${dir}/cache` } });
  try {
    const reason = `Error reading response: ${server.url}: error reading a body from connection`;
    await assertGetRefused(qip, dir, [server.url], reason);
    await assertRunRefused(qip, [server.url], reason);
  } finally {
    server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

/**
 * A raw HTTPS/1.1 server that answers every request with a `Content-Length` of `declared`
 * bytes, sends `sent` of them and closes the connection: a connection lost mid-body.
 */
async function startCuttingServer(sent: Uint8Array, declared: number) {
  const listener = Deno.listenTls({
    hostname: "127.0.0.1",
    port: 0,
    cert: await Deno.readTextFile(new URL("../../fixtures/tls/localhost.pem", import.meta.url)),
    key: await Deno.readTextFile(new URL("../../fixtures/tls/localhost-key.pem", import.meta.url)),
  });
  const serving = (async () => {
    for await (const connection of listener) {
      try {
        await connection.read(new Uint8Array(4096));
        const head = `HTTP/1.1 200 OK\r\ncontent-length: ${declared}\r\n\r\n`;
        await connection.write(new Uint8Array([...new TextEncoder().encode(head), ...sent]));
      } catch {
        // The client may give up first; the cut is the point either way.
      } finally {
        connection.close();
      }
    }
  })();
  return {
    url: `https://127.0.0.1:${listener.addr.port}/cut.wasm`,
    close: () => {
      listener.close();
      return serving;
    },
  };
}

Deno.test("qip get refuses a redirect cycle through two URLs, and a redirect to http:// one hop on", async () => {
  await withServer({
    "/a": new Response(null, { status: 302, headers: { location: "/b" } }),
    "/b": new Response(null, { status: 301, headers: { location: "/a" } }),
    "/via": new Response(null, { status: 307, headers: { location: "/to-http" } }),
  }, async (server, qip, dir) => {
    server.route(
      "/to-http",
      () => Response.redirect(server.url("/a").replace("https", "http"), 308),
    );
    const [cycle, via] = [server.url("/a"), server.url("/via")];
    await assertGetRefused(
      qip,
      dir,
      [cycle],
      `Error fetching URL: ${cycle}: more than 5 redirects (the last to /a)`,
    );
    assert.deepEqual(server.requests, ["/a", "/b", "/a", "/b", "/a", "/b"]);
    await assertRunRefused(
      qip,
      [via],
      `Error fetching URL: ${via}: refused a redirect to ${
        server.url("/a").replace("https", "http")
      }: only https:// is followed`,
    );
  });
});

Deno.test("httpsSource() refuses a body growing past the cap in growing chunks, and takes one at the cap", async () => {
  let sentBytes = 0;
  /** Chunks of 1, 2, 4, … bytes up to `total` bytes, with no Content-Length. */
  const growing = (total: number) =>
    new ReadableStream<Uint8Array>({
      start() {
        sentBytes = 0;
      },
      pull(controller) {
        const size = Math.min(Math.max(1, sentBytes), total - sentBytes);
        if (size === 0) return controller.close();
        sentBytes += size;
        controller.enqueue(new Uint8Array(size));
      },
    });
  const server = await startModuleServer({
    "/at-cap.wasm": () => new Response(growing(MIB)),
    "/past-cap.wasm": () => new Response(growing(MIB + 1)),
  });
  const client = await testHttpClient();
  const load = (path: string) =>
    httpsSource({ fetchLimits: DEFAULT_FETCH_LIMITS, client })
      .load(parseModuleRef(server.url(path)), { maxModuleBytes: MIB, expectedDigest: undefined });
  try {
    assert.equal((await load("/at-cap.wasm")).byteLength, MIB);
    await assert.rejects(load("/past-cap.wasm"), {
      name: "QipError",
      message: `Wasm module is too large: ${
        server.url("/past-cap.wasm")
      } is over the limit of 1 MiB`,
    });
  } finally {
    client.close();
    await server.close();
  }
});
