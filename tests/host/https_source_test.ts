/**
 * httpsSource() against a real HTTPS server on 127.0.0.1 with the test CA: bounds, redirects,
 * statuses and plain http. In-process, with a client that trusts the test CA.
 */
import assert from "node:assert/strict";
import {
  DEFAULT_FETCH_LIMITS,
  type FetchLimits,
  httpsSource,
  parseModuleRef,
} from "../../src/host/mod.ts";
import {
  endlessBody,
  MIB,
  type ModuleServer,
  type Route,
  startModuleServer,
  testHttpClient,
  TINY_MODULE,
} from "../support/module_server.ts";

interface FetchCase {
  readonly server: ModuleServer;
  load(path: string, options?: { maxModuleBytes?: number }): Promise<Uint8Array>;
}

async function withServer(
  routes: Record<string, Route>,
  test: (context: FetchCase) => Promise<void>,
  limits: Partial<FetchLimits> = {},
  allowHttpLocalhost = false,
): Promise<void> {
  const server = await startModuleServer(routes);
  const client = await testHttpClient();
  const source = httpsSource({
    fetchLimits: { ...DEFAULT_FETCH_LIMITS, ...limits },
    allowHttpLocalhost,
    client,
  });
  try {
    await test({
      server,
      load: (path, { maxModuleBytes = 64 * MIB } = {}) => {
        const url = path.includes("://") ? path : server.url(path);
        return source.load(parseModuleRef(url), { maxModuleBytes, expectedDigest: undefined });
      },
    });
  } finally {
    client.close();
    await server.close();
  }
}

Deno.test("httpsSource() returns the body of a 200 response (module.wasm)", async () => {
  await withServer({ "/m.wasm": new Response(TINY_MODULE) }, async ({ load }) => {
    assert.deepEqual(await load("/m.wasm"), TINY_MODULE);
  });
});

Deno.test("httpsSource() follows relative and absolute https redirects", async () => {
  await withServer({
    "/old": new Response(null, { status: 301, headers: { location: "/older" } }),
    "/m.wasm": new Response(TINY_MODULE),
  }, async ({ server, load }) => {
    server.route("/older", () => Response.redirect(server.url("/m.wasm"), 308));
    assert.deepEqual(await load("/old"), TINY_MODULE);
    assert.deepEqual(server.requests, ["/old", "/older", "/m.wasm"]);
  });
});

Deno.test("httpsSource() refuses a redirect to http://, and a redirect loop after 5 redirects", async () => {
  await withServer({
    "/to-http": new Response(null, { status: 302, headers: { location: "http://127.0.0.1/m" } }),
    "/loop": new Response(null, { status: 302, headers: { location: "/loop" } }),
  }, async ({ server, load }) => {
    const [toHttp, loop] = [server.url("/to-http"), server.url("/loop")];
    await assert.rejects(load(toHttp), {
      message:
        `Error fetching URL: ${toHttp}: refused a redirect to http://127.0.0.1/m: only https:// is followed`,
    });
    await assert.rejects(load(loop), {
      message: `Error fetching URL: ${loop}: more than 5 redirects (the last to /loop)`,
    });
    assert.deepEqual(server.requests, ["/to-http", ...Array(6).fill("/loop")]);
  });
});

Deno.test("httpsSource() refuses a non-2xx status instead of using the page as a module (404, 500)", async () => {
  await withServer({
    "/gone": new Response("<html>not here</html>", { status: 404 }),
    "/moved": new Response(null, { status: 302, headers: { location: "/broken" } }),
    "/broken": new Response("oops", { status: 500 }),
  }, async ({ server, load }) => {
    await assert.rejects(load("/gone"), {
      message: `Error fetching URL: ${server.url("/gone")}: HTTP 404 Not Found`,
    });
    await assert.rejects(load("/moved"), {
      message: `Error fetching URL: ${server.url("/moved")}: HTTP 500 Internal Server Error from ${
        server.url("/broken")
      }`,
    });
  });
});

Deno.test("httpsSource() refuses a declared Content-Length over the cap before reading the body", async () => {
  await withServer(
    { "/big.wasm": new Response(new Uint8Array(2 * MIB)) },
    async ({ server, load }) => {
      await assert.rejects(load("/big.wasm", { maxModuleBytes: MIB }), {
        message: `Wasm module is too large: ${
          server.url("/big.wasm")
        } is 2 MiB, the limit is 1 MiB`,
      });
    },
  );
});

Deno.test("httpsSource() stops reading an endless body as soon as it passes the cap", async () => {
  const body = endlessBody();
  await withServer(
    { "/endless.wasm": () => new Response(body.stream) },
    async ({ server, load }) => {
      await assert.rejects(load("/endless.wasm", { maxModuleBytes: MIB }), {
        message: `Wasm module is too large: ${
          server.url("/endless.wasm")
        } is over the limit of 1 MiB`,
      });
      // The server sees the reader go: it sent the cap plus what the sockets buffered.
      await body.cancelled;
      assert.ok(body.sentBytes() < 16 * MIB, `sent ${body.sentBytes()} bytes for a 1 MiB cap`);
    },
  );
});

Deno.test("httpsSource() times out a server that never answers, and a body that stalls", async () => {
  await withServer({}, async ({ server, load }) => {
    server.route("/slow.wasm", () => server.hang());
    server.route("/stall.wasm", () => {
      const stall = server.hang();
      const body = new ReadableStream({
        async start(controller) {
          controller.enqueue(TINY_MODULE);
          await stall;
          controller.close();
        },
      });
      return new Response(body);
    });
    const [slow, stalled] = [server.url("/slow.wasm"), server.url("/stall.wasm")];
    await assert.rejects(load(slow), {
      message: `Error fetching URL: ${slow}: no response within 200ms (--connect-timeout-ms)`,
    });
    await assert.rejects(load(stalled), {
      message: `Error reading response: ${stalled}: not complete within 300ms (--fetch-timeout-ms)`,
    });
  }, { connectTimeoutMs: 200, fetchTimeoutMs: 300 });
});

Deno.test("httpsSource() reports a transport failure (an untrusted certificate)", async () => {
  const server = await startModuleServer({ "/m.wasm": new Response(TINY_MODULE) });
  try {
    const url = server.url("/m.wasm");
    await assert.rejects(
      httpsSource().load(parseModuleRef(url), { maxModuleBytes: MIB, expectedDigest: undefined }),
      {
        message:
          `Error fetching URL: ${url}: client error (Connect): invalid peer certificate: UnknownIssuer`,
      },
    );
  } finally {
    await server.close();
  }
});

Deno.test("httpsSource() refuses http:// unless allowed, and then only for this machine", async () => {
  const plain = await startModuleServer({ "/m.wasm": new Response(TINY_MODULE) }, { tls: false });
  const load = (url: string, allowHttpLocalhost: boolean) =>
    httpsSource({ allowHttpLocalhost }).load(parseModuleRef(url), {
      maxModuleBytes: MIB,
      expectedDigest: undefined,
    });
  try {
    const url = plain.url("/m.wasm");
    await assert.rejects(load(url, false), {
      message: `Error fetching URL: ${url}: plain http:// is refused, use https:// ` +
        "(http://127.0.0.1 and http://localhost are allowed with --allow-http-localhost)",
    });
    assert.deepEqual(plain.requests, []);
    assert.deepEqual(await load(url, true), TINY_MODULE);
    assert.deepEqual(await load(url.replace("127.0.0.1", "localhost"), true), TINY_MODULE);
    await assert.rejects(load("http://example.com/m.wasm", true), {
      message: "Error fetching URL: http://example.com/m.wasm: plain http:// is refused for " +
        "other hosts than 127.0.0.1, [::1] and localhost, use https://",
    });
  } finally {
    await plain.close();
  }
});
