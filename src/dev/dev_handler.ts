/**
 * The dev server as a function from `Request` to `Response` (dev-server.md §5): host guard,
 * routing, a fresh read of the file, the recipe chain (or its memoized output), the
 * Content-Type, form injection, the ETag and `If-None-Match`. Tests call it without a socket.
 *
 * @module
 */

import type { StageOutput } from "../contracts/mod.ts";
import { runPipeline } from "../pipeline/mod.ts";
import type { StageLimits, WorkerPool } from "../sandbox/mod.ts";
import { ChainSlots } from "./chain_slots.ts";
import { joinPath } from "./clean_path.ts";
import { ContentCache } from "./content_cache.ts";
import { resolveRoute } from "./content_routes.ts";
import type { ChainResultStore } from "./chain_result_store.ts";
import type { DevLog } from "./dev_log.ts";
import { type DevReloader, reloadFailureMessage } from "./dev_reloader.ts";
import { devErrorPage, escapeHtml } from "./error_page.ts";
import type { FormModules } from "./form_modules.ts";
import { isAllowedHost } from "./host_guard.ts";
import type { MemoizedOutput, OutputMemo } from "./output_memo.ts";
import type { RecipeChain } from "./recipe_chains.ts";
import { type PageParts, type RenderedPage, renderPage } from "./render_page.ts";
import { parseRequestTarget } from "./request_target.ts";
import { type ChainTiming, requestLogLine } from "./request_log.ts";

/** Everything the handler needs, resolved once. */
export interface DevHandlerOptions {
  /** Holds the current state; checked for recipe changes before each request in dev mode. */
  readonly reloader: DevReloader;
  /** Ready workers that run the recipe chains. */
  readonly pool: WorkerPool;
  /** The per-request chain limits (the spec's 100 ms). */
  readonly limits: StageLimits;
  /** The port the server listens on: the `Host` header must name it. */
  readonly port: number;
  readonly log: DevLog;
  /** Memoized chain outputs; `undefined` runs the chain on every request. */
  readonly memo?: OutputMemo;
  /** Prints a scalar stage's `Ran: N` line (to the server's stdout). */
  readonly onScalar?: (ran: number) => void | Promise<void>;
  /** Chain outputs on disk (the result cache), consulted after a memo miss. */
  readonly results?: ChainResultStore;
}

/** A chain run, memoized or not. */
type ChainResult =
  | { readonly kind: "output"; readonly value: MemoizedOutput; readonly timing: ChainTiming }
  | { readonly kind: "failed"; readonly error: unknown; readonly timing: ChainTiming };

const NOT_FOUND_HEADERS = {
  "content-type": "text/plain; charset=utf-8",
  "x-content-type-options": "nosniff",
};

/**
 * Returns the request handler.
 *
 * @example Serve without a socket
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_LIMITS as limits, WorkerPool } from "../sandbox/mod.ts";
 * import { createDevHandler } from "./dev_handler.ts";
 * import { devLog } from "./dev_log.ts";
 * import { DevReloader } from "./dev_reloader.ts";
 * import { buildDevState } from "./dev_state.ts";
 * const site = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${site}/guide.txt`, "plain text");
 * const sources = { contentDir: site };
 * const state = await buildDevState(sources, { limits });
 * const reloader = new DevReloader(state, { sources, limits, autoReload: false, log: () => {} });
 * const quiet = { writeStdout: async () => {}, writeStderr: async () => {} };
 * const log = devLog(quiet, { verbose: false });
 * const pool = new WorkerPool({ size: 1 });
 * try {
 *   const handler = createDevHandler({ reloader, pool, limits, port: 4000, log });
 *   const request = new Request("http://localhost:4000/guide.txt", {
 *     headers: { host: "localhost:4000" }, // a server sets it from the connection
 *   });
 *   const response = await handler(request);
 *   assert.equal(await response.text(), "plain text");
 * } finally {
 *   pool.close();
 *   await Deno.remove(site, { recursive: true });
 * }
 * ```
 */
export function createDevHandler(
  options: DevHandlerOptions,
): (request: Request) => Promise<Response> {
  const { reloader, pool, limits, port, log, memo, onScalar, results } = options;
  // One chain per worker at a time: a chain's budget must not run out while it waits.
  const slots = new ChainSlots(pool.size);
  // Settled files are not re-read while their stamp stays the same.
  const contents = new ContentCache();

  // A memoized output renders to the same page as long as the form modules are the same.
  const pages = new WeakMap<MemoizedOutput, { forms: FormModules; page: RenderedPage }>();
  function renderMemoized(memoized: MemoizedOutput, parts: PageParts): RenderedPage {
    const cached = pages.get(memoized);
    if (cached !== undefined && cached.forms === parts.forms) return cached.page;
    const page = renderPage(parts);
    pages.set(memoized, { forms: parts.forms, page });
    return page;
  }

  async function runChain(
    chain: RecipeChain,
    input: Uint8Array,
    sourceDigest: string,
  ): Promise<ChainResult> {
    const hit = memo?.get(chain.key, sourceDigest);
    if (hit !== undefined) {
      for (const ran of hit.scalars) await onScalar?.(ran);
      return { kind: "output", value: hit, timing: { kind: "memo" } };
    }
    const stored = await results?.get(chain, input);
    if (stored !== undefined) {
      memo?.set(chain.key, sourceDigest, stored);
      for (const ran of stored.scalars) await onScalar?.(ran);
      return { kind: "output", value: stored, timing: { kind: "memo" } };
    }
    const stageMs = chain.stages.map(() => 0);
    const timing: ChainTiming = { kind: "ran", stageMs };
    const scalars: number[] = [];
    try {
      const { output } = await slots.run(() =>
        runPipeline({
          stages: chain.stages,
          input,
          limits,
          pool,
          log: log.verbose,
          onScalar: async (ran) => {
            scalars.push(ran);
            await onScalar?.(ran);
          },
          onStageTimed: (stage, wallMs) => (stageMs[stage.index] = wallMs),
        })
      );
      const value: MemoizedOutput = { output, scalars };
      memo?.set(chain.key, sourceDigest, value);
      await results?.set(chain, input, value);
      return { kind: "output", value, timing };
    } catch (error) {
      return { kind: "failed", error, timing };
    }
  }

  return async function devHandler(request: Request): Promise<Response> {
    const startedMs = performance.now();
    const { method } = request;
    const target = parseRequestTarget(request.url);
    const done = (fields: string, response: Response, chainTiming?: ChainTiming) => {
      const totalMs = performance.now() - startedMs;
      const path = target.kind === "path" ? target.path : request.url;
      log.line(requestLogLine(method, path, fields, totalMs, chainTiming));
      return response;
    };

    // The guard comes first: a page on another site learns nothing, not even a redirect.
    // Deno fills the URL's authority in when `Host` is missing, and takes it from an
    // absolute-form target: both must name this server, and `Host` must be sent.
    const host = request.headers.get("host");
    if (!isAllowedHost(host, port) || !isAllowedHost(authorityOf(request.url), port)) {
      return done(`status=403 host=${JSON.stringify(host)}`, forbidden(port));
    }
    const notFound = () =>
      done(
        "status=404",
        new Response("404 page not found\n", { status: 404, headers: NOT_FOUND_HEADERS }),
      );
    if (target.kind === "redirect") return redirect(target.location, method);
    if (target.kind === "offsite") return notFound();
    if (target.kind === "malformed") return new Response("400 Bad Request", { status: 400 });
    const path = target.path;
    if (method !== "GET" && method !== "HEAD") {
      return done("", new Response(null, { status: 405 }));
    }
    await reloader.checkRecipes();
    // A failed automatic reload is shown, not hidden behind the previous state.
    const failure = reloader.failure;
    if (failure !== undefined) {
      return done(
        `error=reload failed: ${failure.message}`,
        errorResponse(new Error(reloadFailureMessage(failure))),
      );
    }
    const state = reloader.state;
    const route = resolveRoute(state.routes, path);
    if (route === undefined) return notFound();

    let source: Uint8Array;
    let sourceDigest: Uint8Array;
    try {
      const read = await contents.read(
        route.fullPath,
        joinPath(state.contentRealPath, route.rel),
      );
      if (read.kind === "escaped") return notFound();
      source = read.bytes;
      sourceDigest = read.digest;
    } catch (error) {
      return done(`error=${messageOf(error)}`, errorResponse(error));
    }

    const chain = state.chains.get(route.sourceMime);
    let output: StageOutput = { kind: "bytes", encoding: "raw", bytes: source };
    let memoized: MemoizedOutput | undefined;
    let timing: ChainTiming | undefined;
    if (chain !== undefined) {
      const result = await runChain(chain, source, sourceDigest.toHex());
      timing = result.timing;
      if (result.kind === "failed") {
        return done(`error=${messageOf(result.error)}`, errorResponse(result.error), timing);
      }
      memoized = result.value;
      output = memoized.output;
    }

    let page: RenderedPage;
    try {
      const parts = {
        output,
        sourceMime: route.sourceMime,
        sourceDigest,
        chain,
        forms: state.forms,
      };
      page = memoized === undefined ? renderPage(parts) : renderMemoized(memoized, parts);
    } catch (error) {
      return done(`error=${messageOf(error)}`, errorResponse(error), timing);
    }
    const { body, contentType, etag } = page;
    if (request.headers.get("if-none-match") === etag) {
      return done("status=304", new Response(null, { status: 304, headers: { etag } }), timing);
    }
    const headers = { "content-type": contentType, etag };
    return done("status=200", new Response(body as Uint8Array<ArrayBuffer>, { headers }), timing);
  };
}

function errorResponse(error: unknown): Response {
  return new Response(devErrorPage(messageOf(error), new Date()), {
    status: 500,
    headers: { "content-type": "text/html; charset=utf-8" },
  });
}

/** Go's `http.Redirect` for a cleaned path: 301, with a small HTML body for GET. */
function redirect(location: string, method: string): Response {
  if (method !== "GET" && method !== "HEAD") {
    return new Response(null, { status: 301, headers: { location } });
  }
  const headers = { location, "content-type": "text/html; charset=utf-8" };
  const body = `<a href="${escapeHtml(location)}">Moved Permanently</a>.\n\n`;
  return new Response(method === "GET" ? body : null, { status: 301, headers });
}

function forbidden(port: number): Response {
  return new Response(
    `403 Forbidden: qip dev only answers requests for localhost:${port}, 127.0.0.1:${port} or [::1]:${port}\n`,
    { status: 403, headers: NOT_FOUND_HEADERS },
  );
}

function authorityOf(url: string): string | null {
  return /^[a-z]+:\/\/([^/?#]*)/i.exec(url)?.[1] ?? null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
