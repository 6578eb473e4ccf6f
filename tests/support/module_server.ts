/**
 * A real HTTPS server on 127.0.0.1 (port 0) for remote-module tests, with the test-only
 * certificate in fixtures/tls (scripts/generate_test_tls.sh). The qip subprocess trusts its CA
 * through `DENO_CERT`; in-process code through {@linkcode testHttpClient}. Nothing here
 * touches the internet.
 *
 * @module
 */

import { REPO_ROOT } from "./run_qip.ts";

/** The smallest valid module: the magic word and version, 8 bytes. */
export const TINY_MODULE: Uint8Array<ArrayBuffer> = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);

/** One MiB in bytes. */
export const MIB = 1024 * 1024;

/** The test CA, for `DENO_CERT`. */
export const TEST_CA_PATH = `${REPO_ROOT}/fixtures/tls/ca.pem`;

/** A route: a response, or a function of the request. */
export type Route = Response | ((request: Request) => Response | Promise<Response>);

/** A running server and what it saw. */
export interface ModuleServer {
  /** `https://127.0.0.1:<port><path>` (or `http://` for a plain server). */
  url(path: string): string;
  /** Paths requested so far, in order. */
  readonly requests: string[];
  /** Replaces or adds a route. */
  route(path: string, route: Route): void;
  /** Stops the server (once; later calls wait for the same) and releases pending requests. */
  close(): Promise<void>;
  /** Resolves pending `hang()` responses; called by `close()`. */
  release(): void;
  /** A response that never arrives until the server is released. */
  hang(): Promise<Response>;
}

/**
 * Starts a server with `routes`; unknown paths answer 404.
 *
 * @example
 * ```ts ignore
 * const server = await startModuleServer({ "/m.wasm": () => new Response(bytes) });
 * try { … server.url("/m.wasm") … } finally { await server.close(); }
 * ```
 */
export async function startModuleServer(
  routes: Record<string, Route>,
  options: { readonly tls?: boolean } = {},
): Promise<ModuleServer> {
  const { tls = true } = options;
  const table = new Map(Object.entries(routes));
  const requests: string[] = [];
  const pending: Array<() => void> = [];
  const handler = async (request: Request) => {
    const path = new URL(request.url).pathname;
    requests.push(path);
    const route = table.get(path);
    if (route === undefined) return new Response("not found", { status: 404 });
    return typeof route === "function" ? await route(request) : route.clone();
  };
  const serveOptions = { hostname: "127.0.0.1", port: 0, onListen: () => {} };
  const server = tls
    ? Deno.serve({
      ...serveOptions,
      cert: await Deno.readTextFile(`${REPO_ROOT}/fixtures/tls/localhost.pem`),
      key: await Deno.readTextFile(`${REPO_ROOT}/fixtures/tls/localhost-key.pem`),
    }, handler)
    : Deno.serve(serveOptions, handler);
  const origin = `${tls ? "https" : "http"}://127.0.0.1:${server.addr.port}`;
  let closing: Promise<void> | undefined;
  const release = () => {
    for (const resolve of pending.splice(0)) resolve();
  };
  return {
    url: (path) => `${origin}${path}`,
    requests,
    route: (path, route) => void table.set(path, route),
    release,
    hang: () =>
      new Promise<Response>((resolve) =>
        pending.push(() => resolve(new Response("too late", { status: 503 })))
      ),
    close() {
      release();
      return closing ??= server.shutdown();
    },
  };
}

/**
 * A body that never ends: 64 KiB chunks for as long as they are read. Counts what it sent;
 * `cancelled` resolves when the reader on the other side goes away.
 */
export function endlessBody(): {
  readonly stream: ReadableStream<Uint8Array>;
  readonly cancelled: Promise<void>;
  sentBytes(): number;
} {
  let sent = 0;
  const chunk = new Uint8Array(64 * 1024);
  const { promise: cancelled, resolve } = Promise.withResolvers<void>();
  return {
    stream: new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength;
        controller.enqueue(chunk.slice());
      },
      cancel: () => resolve(),
    }),
    cancelled,
    sentBytes: () => sent,
  };
}

/** An HTTP client that trusts the test CA, for in-process tests. */
export async function testHttpClient(): Promise<Deno.HttpClient> {
  return Deno.createHttpClient({ caCerts: [await Deno.readTextFile(TEST_CA_PATH)] });
}
