/**
 * `qip build` (beyond the spec): writes every route `qip dev` would serve for the same folders
 * as static files, plus `<out>/.qip/manifest.json`. Recipe outputs come from, and go to, the
 * result cache, so an unchanged rebuild runs no module.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import { cleanPath, formatGoDurationMs } from "../format/mod.ts";
import {
  checkDirectory,
  type CommandIo,
  HostPermissions,
  resolveCacheDir,
  ResultCache,
} from "../host/mod.ts";
import { buildStaticSite } from "../build/mod.ts";
import {
  buildDevState,
  chainResultStore,
  createDevHandler,
  DevReloader,
  OutputMemo,
} from "../dev/mod.ts";
import { DEFAULT_LIMITS, WorkerPool } from "../sandbox/mod.ts";
import { parseBatchOptions } from "./_batch_flags.ts";
import { COMMAND_PERMISSIONS } from "./_command_permissions.ts";
import { COMMAND_FLAGS } from "./_command_flags.ts";
import { booleanFlag, parseFlags, stringFlag } from "./_flags.ts";
import { parseLimitFlags } from "./_limit_flags.ts";
import { BUILD_USAGE } from "./_batch_usage.ts";
import { verboseLog } from "./_verbose_log.ts";

/** The port the in-process handler believes it serves; no socket is opened. */
const BUILD_PORT = 4000;

/**
 * Parses `qip build` arguments: one content folder and `-o`.
 *
 * @throws {QipError} kind `usage`.
 */
export function parseBuildFlags(args: readonly string[]) {
  const flags = parseFlags(args, COMMAND_FLAGS.build.flags, BUILD_USAGE);
  const [contentDir] = flags.positionals;
  const outDir = stringFlag(flags, "output");
  if (flags.positionals.length !== 1 || contentDir === undefined || !outDir) {
    throw new QipError("usage", BUILD_USAGE);
  }
  return {
    contentDir,
    outDir,
    options: parseBatchOptions(flags, BUILD_USAGE),
    sources: {
      contentDir,
      recipesDir: stringFlag(flags, "recipes"),
      formsDir: stringFlag(flags, "forms"),
    },
    verbose: booleanFlag(flags, "verbose"),
    // `--deterministic` (docs/determinism.md): recipes run, and are cached, in that mode.
    deterministic: parseLimitFlags(flags, BUILD_USAGE).deterministic,
  };
}

/** `qip build <content> [--recipes DIR] [--forms DIR] -o <out>` */
export async function buildCommand(args: string[], io: CommandIo): Promise<number> {
  const { contentDir, outDir, options, sources, verbose, deterministic } = parseBuildFlags(args);
  for (
    const [noun, dir] of [["content", contentDir], ["recipes", sources.recipesDir], [
      "forms",
      sources.formsDir,
    ]] as const
  ) {
    if (dir !== undefined) await checkDirectory(dir, noun);
  }
  await refuseOutputInsideContent(outDir, contentDir);
  const cacheDir = options.useCache ? resolveCacheDir() : undefined;
  const cache = cacheDir === undefined
    ? undefined
    : new ResultCache(cacheDir, { maxBytes: options.cacheMaxBytes });
  // A build reads the folders and writes the site and the cache; it never needs the network.
  await new HostPermissions(COMMAND_PERMISSIONS.build).reached("start");
  using pool = new WorkerPool({ size: Math.max(1, options.jobs) });
  await using log = verboseLog(verbose, io);
  const started = performance.now();
  const limits = { ...DEFAULT_LIMITS, deterministic };
  const state = await buildDevState(sources, { limits, log: log.line });
  const failures = new Map<string, string>();
  const devLog = {
    line: (text: string) => {
      const match = /^dev: GET (.*) error=(.*) duration_ms=\d+/.exec(text);
      if (match !== null) failures.set(match[1]!, match[2]!);
      log.line(text);
    },
    verbose: undefined,
    flush: () => log.flush(),
  };
  const reloader = new DevReloader(state, { sources, limits, autoReload: false, log: log.line });
  await pool.ready();
  const handler = createDevHandler({
    reloader,
    pool,
    limits,
    port: BUILD_PORT,
    log: devLog,
    memo: new OutputMemo(),
    results: cache === undefined ? undefined : chainResultStore(cache, limits),
  });
  const summary = await buildStaticSite({
    routes: state.routes,
    handler,
    origin: `http://127.0.0.1:${BUILD_PORT}`,
    outDir: outDir.replace(/\/+$/, "") || "/",
    concurrency: pool.size,
    failureOf: (key) => failures.get(key),
    onFailure: (line) => io.writeStderr(`${line}\n`),
  });
  await cache?.evict();
  if (cache !== undefined) {
    const { hits, misses, stored, evicted } = cache.stats;
    log.line(
      `result cache: ${hits} hits, ${misses} misses, ${stored} stored, ${evicted} evicted`,
    );
  }
  await log.flush();
  const { routes, written, unchanged, removed, failed } = summary;
  await io.writeStderr(
    `${routes} routes: ${written} written, ${unchanged} unchanged, ${removed} removed, ${failed} failed in ${
      formatGoDurationMs(performance.now() - started)
    }\n`,
  );
  return failed > 0 ? 1 : 0;
}

/**
 * The next build (and `qip dev`) would serve the built files as content.
 *
 * @throws {QipError} kind `usage`: `Cannot build into site/dist: it is inside the content
 *   directory site`.
 */
async function refuseOutputInsideContent(outDir: string, contentDir: string): Promise<void> {
  const content = await Deno.realPath(contentDir);
  const out = cleanPath(outDir.startsWith("/") ? outDir : `${Deno.cwd()}/${outDir}`);
  // The output may not exist yet: resolve its nearest existing ancestor.
  let existing = out;
  let rest = "";
  for (;;) {
    try {
      existing = await Deno.realPath(existing);
      break;
    } catch {
      const slash = existing.lastIndexOf("/");
      rest = `${existing.slice(slash)}${rest}`;
      existing = existing.slice(0, Math.max(1, slash));
    }
  }
  const resolved = cleanPath(`${existing}${rest}`);
  if (resolved === content || resolved.startsWith(`${content}/`)) {
    throw new QipError(
      "usage",
      `Cannot build into ${outDir}: it is inside the content directory ${contentDir}`,
    );
  }
}
