/**
 * Starts `qip dev`'s HTTP server (dev-server.md §1): builds the state, listens on 127.0.0.1
 * only, and serves with {@linkcode createDevHandler}. Shutdown lets requests in flight finish
 * (up to 2 s).
 *
 * @module
 */

import { QipError } from "../errors.ts";
import type { StageLimits, WorkerPool } from "../sandbox/mod.ts";
import type { ChainResultStore } from "./chain_result_store.ts";
import { createDevHandler } from "./dev_handler.ts";
import type { DevLog } from "./dev_log.ts";
import { DevReloader } from "./dev_reloader.ts";
import { buildDevState, type DevSources } from "./dev_state.ts";
import { devErrorPage } from "./error_page.ts";
import { OutputMemo } from "./output_memo.ts";

/** The only address `qip dev` listens on. */
export const DEV_HOSTNAME = "127.0.0.1";

/** How long shutdown waits for requests in flight. */
export const SHUTDOWN_GRACE_MS = 2000;

/** Options for {@linkcode startDevServer}. */
export interface DevServerOptions {
  readonly sources: DevSources;
  /** TCP port; 0 lets the system pick a free one (tests). */
  readonly port: number;
  /** `dev` checks the recipes for changes before every request; `prod` never does. */
  readonly mode: "dev" | "prod";
  readonly limits: StageLimits;
  /** Workers for the recipe chains, created once by the caller. */
  readonly pool: WorkerPool;
  readonly log: DevLog;
  /** Byte budget of the output memo; 0 disables it. */
  readonly memoMaxBytes: number;
  /** Prints a scalar stage's `Ran: N` line. */
  readonly onScalar?: (ran: number) => void | Promise<void>;
  /** Chain outputs on disk (the result cache), consulted after a memo miss. */
  readonly results?: ChainResultStore;
}

/** A running server. */
export interface DevServer {
  /** The port it listens on. */
  readonly port: number;
  /** Holds the serving state; `reload("signal_hup")` is what SIGHUP does. */
  readonly reloader: DevReloader;
  /** The memo, when enabled. */
  readonly memo: OutputMemo | undefined;
  /** Stops accepting connections and waits (up to 2 s) for requests in flight. */
  shutdown(): Promise<void>;
  /** Resolves once the server has shut down. */
  readonly finished: Promise<void>;
}

/**
 * Builds the state, logs the start-up lines and listens.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_LIMITS as limits, WorkerPool } from "../sandbox/mod.ts";
 * import { devLog } from "./dev_log.ts";
 * import { startDevServer } from "./dev_server.ts";
 * const site = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${site}/notes.txt`, "hello");
 * const quiet = { writeStdout: async () => {}, writeStderr: async () => {} };
 * const log = devLog(quiet, { verbose: false });
 * const pool = new WorkerPool({ size: 1 });
 * const sources = { contentDir: site };
 * const options = { sources, port: 0, mode: "dev", limits, pool, log, memoMaxBytes: 0 } as const;
 * const server = await startDevServer(options);
 * try {
 *   const response = await fetch(`http://127.0.0.1:${server.port}/notes.txt`);
 *   assert.equal(await response.text(), "hello");
 * } finally {
 *   await server.shutdown();
 *   pool.close();
 *   await Deno.remove(site, { recursive: true });
 * }
 * ```
 * @throws {QipError} the state's errors as they are, and `dev server error: listen tcp …`.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const { sources, mode, limits, pool, log, memoMaxBytes, onScalar, results } = options;
  const state = await buildDevState(sources, { limits, log: log.verbose });
  const memo = memoMaxBytes > 0 ? new OutputMemo({ maxBytes: memoMaxBytes }) : undefined;
  const reloader = new DevReloader(state, {
    sources,
    limits,
    autoReload: mode === "dev" &&
      (sources.recipesDir !== undefined || sources.formsDir !== undefined),
    log: log.line,
    verbose: log.verbose,
    onSwap: (next) => memo?.retainChains(new Set([...next.chains.values()].map((c) => c.key))),
  });
  await pool.ready();

  let handler: (request: Request) => Promise<Response> = () => {
    throw new Error("the dev handler is not ready");
  };
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve({
      hostname: DEV_HOSTNAME,
      port: options.port,
      onListen: () => {},
      onError: (error) =>
        new Response(
          devErrorPage(error instanceof Error ? error.message : String(error), new Date()),
          {
            status: 500,
            headers: { "content-type": "text/html; charset=utf-8" },
          },
        ),
    }, (request) => handler(request));
  } catch (error) {
    throw new QipError(
      "io",
      `dev server error: listen tcp ${DEV_HOSTNAME}:${options.port}: ${listenFailure(error)}`,
      { cause: error },
    );
  }
  const port = server.addr.port;
  handler = createDevHandler({
    reloader,
    pool,
    limits,
    port,
    log,
    memo,
    onScalar,
    results,
  });
  // Logged once listening worked, so a port in use is the only line a failed start prints.
  log.line(`dev: indexed ${state.routes.size} request paths from ${sources.contentDir}`);
  if (state.secretsLeftOut > 0) {
    log.line(
      `dev: not serving ${state.secretsLeftOut} secret paths (.env, .env.*, .git, *.pem, *.key, ` +
        "*.crt); --serve-secrets serves them",
    );
  }
  if (sources.recipesDir !== undefined) {
    log.line(`dev: loaded ${state.chains.size} recipe mime chains from ${sources.recipesDir}`);
  }
  if (sources.formsDir !== undefined) {
    log.line(`dev: loaded ${state.forms.size} form modules from ${sources.formsDir}`);
  }
  log.line(`dev: listening on http://${DEV_HOSTNAME}:${port}`);
  log.line(`dev: send SIGHUP to reload routes, recipes, and forms: \`kill -HUP ${Deno.pid}\``);

  let shuttingDown: Promise<void> | undefined;
  const { promise: finished, resolve: markFinished } = Promise.withResolvers<void>();
  server.finished.then(markFinished);
  return {
    port,
    reloader,
    memo,
    finished,
    shutdown() {
      shuttingDown ??= (async () => {
        const { promise: graceOver, resolve } = Promise.withResolvers<void>();
        const timer = setTimeout(resolve, SHUTDOWN_GRACE_MS);
        try {
          await Promise.race([server.shutdown(), graceOver]);
        } finally {
          clearTimeout(timer);
          markFinished();
        }
      })();
      return shuttingDown;
    },
  };
}

/** The reason part of Go's listen error: `bind: address already in use`. */
function listenFailure(error: unknown): string {
  if (error instanceof Deno.errors.AddrInUse) return "bind: address already in use";
  if (error instanceof Deno.errors.PermissionDenied) return "bind: permission denied";
  if (error instanceof Deno.errors.NotCapable) return "bind: permission denied";
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\(os error \d+\)$/, "").replace(/^./, (c) => c.toLowerCase());
}
