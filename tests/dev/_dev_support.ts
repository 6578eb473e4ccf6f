/**
 * Helpers for the `qip dev` tests: temporary content and recipe trees, an in-process server on
 * an ephemeral port, `qip dev` as a real subprocess through the launcher, and raw HTTP requests
 * over TCP (so no client normalises the path or the Host header).
 *
 * @module
 */

import { devLog, DevReloader, startDevServer } from "../../src/dev/mod.ts";
import type { DevServer, DevSources } from "../../src/dev/mod.ts";
import { DEFAULT_LIMITS, WorkerPool } from "../../src/sandbox/mod.ts";
import { buildDevState } from "../../src/dev/dev_state.ts";
import { REPO_ROOT } from "../support/run_qip.ts";

/** The repository's markdown recipe chain. */
export const MARKDOWN_RECIPES = `${REPO_ROOT}/examples/recipes/text/markdown`;

/** Writes `files` (path relative to `root` → text or bytes), creating directories. */
export async function writeTree(
  root: string,
  files: Record<string, string | Uint8Array>,
): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const path = `${root}/${rel}`;
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    if (typeof content === "string") await Deno.writeTextFile(path, content);
    else await Deno.writeFile(path, content);
  }
}

/** Copies the markdown chain into `<recipesDir>/text/markdown/`. */
export async function copyMarkdownRecipes(recipesDir: string): Promise<void> {
  await Deno.mkdir(`${recipesDir}/text/markdown`, { recursive: true });
  for (const name of ["10-markdown-basic", "11-autolink-https", "20-html-page-wrap"]) {
    await Deno.copyFile(
      `${MARKDOWN_RECIPES}/${name}.wasm`,
      `${recipesDir}/text/markdown/${name}.wasm`,
    );
  }
}

/** A server running in this process, and what it logged. */
export interface InProcessServer {
  readonly server: DevServer;
  readonly url: string;
  /** The log so far (stderr lines). */
  readonly logText: () => string;
  /** The `Ran: N` lines so far. */
  readonly stdoutText: () => string;
  /** Shuts the server down and closes its workers. */
  close(): Promise<void>;
}

/** Options for {@linkcode startTestServer}. */
export interface TestServerOptions {
  readonly mode?: "dev" | "prod";
  readonly memoMaxBytes?: number;
  readonly verbose?: boolean;
  readonly poolSize?: number;
}

/** Starts `qip dev`'s server in this process on an ephemeral port. */
export async function startTestServer(
  sources: DevSources,
  options: TestServerOptions = {},
): Promise<InProcessServer> {
  const { mode = "dev", memoMaxBytes = 0, verbose = false, poolSize = 2 } = options;
  let log = "";
  let stdout = "";
  const io = {
    writeStdout: (bytes: Uint8Array) => {
      stdout += new TextDecoder().decode(bytes);
      return Promise.resolve();
    },
    writeStderr: (text: string) => {
      log += text;
      return Promise.resolve();
    },
  };
  const devLogger = devLog(io, { verbose });
  const pool = new WorkerPool({ size: poolSize });
  try {
    const server = await startDevServer({
      sources,
      port: 0,
      mode,
      limits: DEFAULT_LIMITS,
      pool,
      log: devLogger,
      memoMaxBytes,
      onScalar: (ran) => io.writeStdout(new TextEncoder().encode(`Ran: ${ran}\n`)),
    });
    return {
      server,
      url: `http://127.0.0.1:${server.port}`,
      logText: () => log,
      stdoutText: () => stdout,
      async close() {
        await server.shutdown();
        await devLogger.flush();
        pool.close();
      },
    };
  } catch (error) {
    pool.close();
    throw error;
  }
}

/** A reloader over a freshly built state, for handler tests without a socket. */
export async function testReloader(sources: DevSources, autoReload = false): Promise<DevReloader> {
  const state = await buildDevState(sources, { limits: DEFAULT_LIMITS });
  return new DevReloader(state, { sources, limits: DEFAULT_LIMITS, autoReload, log: () => {} });
}

/** A raw HTTP/1.1 response. */
export interface RawResponse {
  readonly status: number;
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
}

/**
 * Sends `GET <target>` exactly as written, with `Host: <host>`, over a new TCP connection and
 * reads the whole response (`Connection: close`).
 */
export function rawGet(
  port: number,
  target: string,
  host = `localhost:${port}`,
): Promise<RawResponse> {
  return rawRequest(port, `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
}

/** Sends `request` (request line and headers) as it is over a new TCP connection; reads to EOF. */
export async function rawRequest(port: number, request: string): Promise<RawResponse> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    await conn.write(new TextEncoder().encode(request));
    const chunks: Uint8Array[] = [];
    const buffer = new Uint8Array(64 * 1024);
    for (let count = await conn.read(buffer); count !== null; count = await conn.read(buffer)) {
      chunks.push(buffer.slice(0, count));
    }
    const text = new TextDecoder().decode(new Uint8Array(chunks.flatMap((chunk) => [...chunk])));
    const [head = "", ...rest] = text.split("\r\n\r\n");
    const [statusLine = "", ...headerLines] = head.split("\r\n");
    const headers = new Map(headerLines.map((line) => {
      const colon = line.indexOf(":");
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()] as const;
    }));
    return { status: Number(statusLine.split(" ")[1]), headers, body: rest.join("\r\n\r\n") };
  } finally {
    conn.close();
  }
}

/** A port that was free a moment ago (for a subprocess that cannot be given port 0). */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

/** `qip dev` running as a subprocess through the real launcher. */
export interface DevProcess {
  readonly child: Deno.ChildProcess;
  readonly port: number;
  /** Everything on stderr so far. */
  stderr(): string;
  /** Waits until stderr contains `text` (or throws after `timeoutMs`). */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  /**
   * Sends `signal` (if given and the process still runs), waits for the process to exit and
   * returns its code. A process still running after `killAfterMs` gets SIGKILL, so a test
   * never hangs on it.
   */
  stop(signal?: Deno.Signal, killAfterMs?: number): Promise<number>;
}

/** Starts `scripts/qip dev <args> -p <free port>` and waits until it listens. */
export async function startDevProcess(args: string[]): Promise<DevProcess> {
  const port = freePort();
  const child = new Deno.Command(`${REPO_ROOT}/scripts/qip`, {
    args: ["dev", ...args, "-p", String(port)],
    cwd: REPO_ROOT,
    env: { QIP_DENO: Deno.execPath(), NO_COLOR: "1" },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let text = "";
  let closed = false;
  let exited = false;
  const status = child.status.then((status) => {
    exited = true;
    return status;
  });
  // A child that exited on its own cannot be signalled: Deno throws once it has reaped it,
  // which can happen a microtask before `exited` is set. Either way it is what stop waits for.
  const signalIfRunning = (signal: Deno.Signal) => {
    if (exited) return;
    try {
      child.kill(signal);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
    }
  };
  const reading = (async () => {
    for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) text += chunk;
    closed = true;
  })();
  const process: DevProcess = {
    child,
    port,
    stderr: () => text,
    async waitFor(wanted, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!text.includes(wanted)) {
        if (closed || Date.now() > deadline) {
          throw new Error(`qip dev did not print ${JSON.stringify(wanted)}; stderr:\n${text}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async stop(signal, killAfterMs = 20_000) {
      if (signal !== undefined) signalIfRunning(signal);
      const killer = setTimeout(() => signalIfRunning("SIGKILL"), killAfterMs);
      try {
        const { code } = await status;
        await reading;
        return code;
      } finally {
        clearTimeout(killer);
      }
    },
  };
  try {
    await process.waitFor("dev: listening on");
  } catch (error) {
    await process.stop("SIGKILL");
    throw error;
  }
  return process;
}

/**
 * Runs `test` against an in-process server over `sources`, and closes it afterwards whatever
 * happens.
 */
export async function withTestServer<T>(
  sources: DevSources,
  test: (running: InProcessServer) => Promise<T>,
  options: TestServerOptions = {},
): Promise<T> {
  const running = await startTestServer(sources, options);
  try {
    return await test(running);
  } finally {
    await running.close();
  }
}

/** A fetched response with its body read as text. */
export interface TextResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** `fetch(url, init)` with the body read (so no response is left open). */
export async function fetchText(url: string, init?: RequestInit): Promise<TextResponse> {
  const response = await fetch(url, { redirect: "manual", ...init });
  return { status: response.status, headers: response.headers, text: await response.text() };
}
