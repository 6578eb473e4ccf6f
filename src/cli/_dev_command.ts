/**
 * `qip dev`: serve a content directory with recipes and forms (spec: dev-server.md §1).
 *
 * @module
 */

import { COMMAND_PERMISSIONS } from "./_command_permissions.ts";
import { COMMAND_FLAGS, DEFAULT_DEV_PORT, DEFAULT_MEMO_BYTES } from "./_command_flags.ts";
import { QipError } from "../errors.ts";
import { parseByteSize } from "../format/mod.ts";
import {
  checkDirectory,
  type CommandIo,
  HostPermissions,
  resolveCacheDir,
  ResultCache,
} from "../host/mod.ts";
import { chainResultStore, devLog, type DevSources, startDevServer } from "../dev/mod.ts";
import { DEFAULT_LIMITS, type StageLimits, WorkerPool } from "../sandbox/mod.ts";
import { booleanFlag, integerFlag, parseFlags, stringFlag } from "./_flags.ts";
import { parseLimitFlags } from "./_limit_flags.ts";
import { USAGE } from "./_usage.ts";

const encoder = new TextEncoder();

/** `qip dev <content_dir> [--recipes DIR] [--forms DIR] [--mode dev|prod] [-p PORT] [-v]` */
export async function devCommand(args: string[], io: CommandIo): Promise<number> {
  const flags = parseDevFlags(args);
  await checkDirectory(flags.sources.contentDir, "content");
  if (flags.sources.recipesDir !== undefined) {
    await checkDirectory(flags.sources.recipesDir, "recipes");
  }
  if (flags.sources.formsDir !== undefined) await checkDirectory(flags.sources.formsDir, "forms");
  // The server reads and listens; it never writes. Drop that before any module is compiled.
  const permissions = new HostPermissions(COMMAND_PERMISSIONS.dev);
  await permissions.reached("start");
  const log = devLog(io, { verbose: flags.verbose });
  const pool = new WorkerPool({ size: Math.max(1, navigator.hardwareConcurrency) });
  const limits = { ...DEFAULT_LIMITS, deterministic: flags.deterministic };
  try {
    const server = await startDevServer({
      sources: flags.sources,
      port: flags.port,
      mode: flags.mode,
      limits,
      pool,
      log,
      memoMaxBytes: flags.memoMaxBytes,
      onScalar: (ran) => io.writeStdout(encoder.encode(`Ran: ${ran}\n`)),
      results: flags.memoMaxBytes > 0 ? devResultStore(limits) : undefined,
    });
    // Listening is done: the socket keeps accepting, but nothing can connect out any more.
    await permissions.reached("listening");
    const stopOn = (signal: Deno.Signal) => () => {
      log.line(`dev: shutting down on ${signal}, finishing requests in flight`);
      void server.shutdown();
    };
    const onInt = stopOn("SIGINT");
    const onTerm = stopOn("SIGTERM");
    const reload = () => void server.reloader.reload("signal_hup");
    Deno.addSignalListener("SIGINT", onInt);
    Deno.addSignalListener("SIGTERM", onTerm);
    Deno.addSignalListener("SIGHUP", reload);
    try {
      await server.finished;
    } finally {
      Deno.removeSignalListener("SIGINT", onInt);
      Deno.removeSignalListener("SIGTERM", onTerm);
      Deno.removeSignalListener("SIGHUP", reload);
    }
    return 0;
  } finally {
    await log.flush();
    pool.close();
  }
}

/**
 * Recipe outputs `qip build` stored in the result cache, read only: the server runs without
 * write permission, so it consults the cache and never adds to it.
 */
function devResultStore(limits: StageLimits) {
  const cacheDir = resolveCacheDir();
  if (cacheDir === undefined) return undefined;
  // The same limits as the server's, mode included: a result of the other mode never answers.
  return chainResultStore(new ResultCache(cacheDir), limits, { readOnly: true });
}

/** The parsed `qip dev` command line. */
export interface DevFlags {
  readonly sources: DevSources;
  readonly mode: "dev" | "prod";
  readonly port: number;
  readonly verbose: boolean;
  /** `--max-memo` (beyond the original): the output memo's byte budget, 0 to disable. */
  readonly memoMaxBytes: number;
  /** `--deterministic`: recipes run in deterministic mode (docs/determinism.md). */
  readonly deterministic: boolean;
}

/**
 * Parses `qip dev` arguments, checks in the spec's order: flags, mode, one positional, port.
 * Options and the content directory may come in any order.
 *
 * @throws {QipError} kind `usage`.
 */
export function parseDevFlags(args: readonly string[]): DevFlags {
  const flags = parseFlags(args, COMMAND_FLAGS.dev.flags, USAGE.dev);
  const rawMode = stringFlag(flags, "mode") ?? "dev";
  const mode = rawMode.trim().toLowerCase();
  if (mode !== "dev" && mode !== "prod") {
    throw new QipError("usage", `invalid mode ${JSON.stringify(rawMode)} (expected dev or prod)`);
  }
  const [contentDir] = flags.positionals;
  if (flags.positionals.length !== 1 || contentDir === undefined) {
    throw new QipError("usage", USAGE.dev);
  }
  const port = integerFlag(flags, "port", "-p", USAGE.dev) ?? BigInt(DEFAULT_DEV_PORT);
  if (port <= 0n || port > 65_535n) throw new QipError("usage", `Invalid port: ${port}`);
  return {
    sources: {
      contentDir,
      recipesDir: stringFlag(flags, "recipes"),
      formsDir: stringFlag(flags, "forms"),
      serveSecrets: booleanFlag(flags, "serve-secrets"),
    },
    mode,
    port: Number(port),
    verbose: booleanFlag(flags, "verbose"),
    memoMaxBytes: memoBytes(stringFlag(flags, "max-memo")),
    deterministic: parseLimitFlags(flags, USAGE.dev).deterministic,
  };
}

function memoBytes(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_MEMO_BYTES;
  const bytes = parseByteSize(raw);
  if (bytes === undefined) {
    throw new QipError(
      "usage",
      `Cannot set --max-memo to "${raw}": expected a size such as 64MiB, 512KiB or 0`,
    );
  }
  return bytes;
}
