/**
 * `qip image`: RGBA tile filters over a PNG, JPEG or BMP, written as PNG or BMP (spec: cli.md
 * §5). Tiles run on a pool of workers (`--workers`, default one per core); decoding and PNG
 * compression run in permission-less codec workers.
 *
 * @module
 */

import { COMMAND_FLAGS, DEFAULT_TIMEOUT_MS } from "./command_flags.ts";
import { QipError, timeLimitExceeded } from "../errors.ts";
import { type CommandIo, loadModule, type RemoteOptions, revokePermissions } from "../host/mod.ts";
import { beginModuleLoading } from "./host_permissions.ts";
import { compileStage, modeLine, type StageLimits, WorkerPool } from "../sandbox/mod.ts";
import { describeStage, startTimeBudget } from "../pipeline/mod.ts";
import { runTileBlock } from "../pipeline/tile_block.ts";
import { CodecPool } from "../image/codec_pool.ts";
import { DEFAULT_MAX_PIXELS } from "../image/image_dimensions.ts";
import {
  booleanFlag,
  integerFlag,
  missingArguments,
  type ParsedFlags,
  parseFlags,
  stringFlag,
} from "./flags.ts";
import { imageBatchCommand, parseImageBatch } from "./image_batch_command.ts";
import { type ImageModuleSpec, parseImageModuleArgs } from "./image_args.ts";
import { outputFormat, readImageInput, writeImageOutput } from "./image_files.ts";
import { parseLimitFlags } from "./limit_flags.ts";
import { listenForInterrupt } from "./interrupt_signal.ts";
import { type ProgressLine, progressLine } from "./progress_line.ts";
import { parseRemoteFlags } from "./remote_flags.ts";
import { USAGE } from "./usage.ts";
import { type VerboseLog, verboseLog } from "./verbose_log.ts";

/**
 * `qip image -i <image|-> -o <file> [--timeout-ms N] [--workers N] [--max-memory SIZE]
 * [--max-pixels N] [-v]
 * <module> [?key=value ...] ...`
 */
export async function imageCommand(args: string[], io: CommandIo): Promise<number> {
  // Many images (`-i` repeated, a directory, a glob): batch mode, beyond the spec.
  const batch = await parseImageBatch(args);
  if (batch !== undefined) return await imageBatchCommand(batch, io);
  const flags = parseImageFlags(args);
  // The decoding worker starts now, so that its start-up overlaps loading the modules; the tile
  // workers and the other codec workers once it decodes (filterImage). The codec workers load
  // the PNG encoder as soon as they exist, before the tiles need the cores.
  const codecs = new CodecPool({ size: 1 });
  if (outputFormat(flags.output) === "png") codecs.warmEncoder();
  const workers: { pool?: WorkerPool } = {};
  const log = verboseLog(flags.verbose, io);
  using progress = progressLine(Deno.stderr, "qip image");
  using interrupt = listenForInterrupt();
  try {
    const work = filterImage(flags, {
      workers,
      codecs,
      log,
      progress,
      interrupt: interrupt.signal,
    });
    work.catch(() => {}); // after Ctrl-C its failure is moot; before, the race reports it
    const finished = await Promise.race([work.then(() => true), interrupt.interrupted]);
    if (finished) return 0;
    // Ctrl-C: the tiles stop (the interrupt aborts the budget), the progress line goes, and
    // one line says why, as qip form does.
    progress[Symbol.dispose]();
    await io.writeStderr("image interrupted\n");
    return INTERRUPTED_EXIT_CODE;
  } catch (error) {
    throw withTimeoutHint(error);
  } finally {
    await log.flush();
    workers.pool?.close();
    codecs.close();
  }
}

/** The exit status of a command stopped by Ctrl-C (128 + SIGINT), as for qip form. */
const INTERRUPTED_EXIT_CODE = 130;

/**
 * The spec's time-limit message, then (qip's addition) that the budget covers the whole image
 * and which flag raises it.
 */
function withTimeoutHint(error: unknown): unknown {
  if (!(error instanceof QipError) || error.kind !== "time_limit") return error;
  const hint = "the limit covers the whole image; raise it with --timeout-ms";
  return new QipError("time_limit", error.specMessage, {
    detail: error.detail === undefined ? hint : `${error.detail}: ${hint}`,
    cause: error,
  });
}

/** Loads the modules, decodes the input, runs the tiles and writes the output. */
async function filterImage(
  flags: ImageFlags,
  context: {
    /** Where filterImage puts the tile workers it spawns, for the caller to close. */
    workers: { pool?: WorkerPool };
    codecs: CodecPool;
    log: VerboseLog;
    progress: ProgressLine;
    interrupt: AbortSignal;
  },
): Promise<void> {
  const { codecs, log, progress } = context;
  {
    const sources = flags.modules.map((module) => module.source);
    const loading = await beginModuleLoading(sources, flags.remote, log.line);
    const loaded = [];
    for (const source of sources) {
      const module = await loadModule(source, flags.limits.maxModuleBytes, loading);
      log.line(`module ${source} sha256: ${module.digest}`);
      loaded.push({ source, ...module });
    }
    await loading.lock?.save();
    await revokePermissions(["net"]);
    // Compiling needs only the module bytes: it starts now and runs while the codec worker
    // decodes. Its failures are reported after decoding, in module order, as if it started
    // there (spec: cli.md §5.3, steps 4 and 6).
    const compiling = loaded.map(({ source, bytes, digest }, index) =>
      compileStage(bytes, { source, digest }, {
        memoryLimitPages: flags.limits.memoryLimitPages,
        fuel: false,
        deterministic: flags.limits.deterministic,
      }).then(
        (stage) => ({ stage, ref: { index, source } }),
        (error: unknown) => ({ error, ref: { index, source } }),
      )
    );
    const input = await readImageInput(flags.input);
    progress.set("decoding");
    const decoding = codecs.decode(input, { maxPixels: flags.maxPixels });
    // Spawning blocks this thread for a while per worker: do it while the decoder works.
    const pool = context.workers.pool = new WorkerPool({ size: flags.workers });
    codecs.grow(outputFormat(flags.output) === "png" ? flags.workers : 1);
    const image = await decoding;
    await pool.ready();
    const started = performance.now();
    using budget = startTimeBudget(flags.limits.timeLimitMs);
    const stages = [];
    const mode = modeLine(flags.limits);
    if (mode !== undefined) log.line(mode);
    for (const compiled of await Promise.all(compiling)) {
      if ("error" in compiled) {
        const { error, ref } = compiled;
        throw error instanceof QipError ? error.withContext(describeStage(ref)) : error;
      }
      stages.push(compiled);
    }
    // Compiling cannot be interrupted, but what is left of it after decoding counts against the
    // limit (spec: cli.md §3.6).
    if (budget.signal.aborted) throw timeLimitExceeded(flags.limits.timeLimitMs);
    const filtered = await runTileBlock({
      stages,
      uniforms: flags.modules.map((module) => module.uniforms),
      image,
      limits: flags.limits,
      pool,
      signal: AbortSignal.any([budget.signal, context.interrupt]),
      onProgress: (done, total) => progress.set("tiles", done, total),
    }).catch((error) => {
      throw asCompileFailure(error);
    });
    progress.set("encoding");
    await writeImageOutput(flags.output, filtered, codecs);
    log.line(`command took ${Math.trunc(performance.now() - started)}ms`);
  }
}

/** The parsed `qip image` command line. */
export interface ImageFlags {
  readonly input: string;
  readonly output: string;
  readonly modules: readonly ImageModuleSpec[];
  readonly limits: StageLimits;
  /** Tile and codec workers; beyond the spec. */
  readonly workers: number;
  /** The most pixels an input image may have (`--max-pixels`); beyond the spec. */
  readonly maxPixels: number;
  readonly remote: RemoteOptions;
  readonly verbose: boolean;
}

/**
 * Parses `qip image` arguments (spec: cli.md §5.1, §5.2).
 *
 * @throws {QipError} kind `usage`.
 */
export function parseImageFlags(args: readonly string[]): ImageFlags {
  return imageFlagsFrom(parseFlags(args, COMMAND_FLAGS.image.flags, USAGE.image), USAGE.image);
}

/**
 * Reads parsed `qip image` flags (shared with batch mode, whose usage line differs).
 *
 * @throws {QipError} kind `usage`.
 */
export function imageFlagsFrom(flags: ParsedFlags, usage: string): ImageFlags {
  const modules = parseImageModuleArgs(flags.positionals);
  const input = stringFlag(flags, "input") ?? "";
  const output = stringFlag(flags, "output") ?? "";
  if (modules.length === 0 || input === "" || output === "") {
    throw missingArguments(usage, { "-i": input, "-o": output });
  }
  const workers = integerFlag(flags, "workers", "--workers", usage);
  if (workers !== undefined && (workers < 1n || workers > 256n)) {
    throw new QipError("usage", `Invalid workers: ${workers} (expected 1..256)`);
  }
  const maxPixels = integerFlag(flags, "max-pixels", "--max-pixels", usage);
  if (maxPixels !== undefined && (maxPixels < 1n || maxPixels > BigInt(Number.MAX_SAFE_INTEGER))) {
    throw new QipError("usage", `Invalid max-pixels: ${maxPixels} (expected at least 1)`);
  }
  return {
    input,
    output,
    modules,
    limits: parseLimitFlags(flags, usage, { timeLimitMs: DEFAULT_TIMEOUT_MS.image }),
    workers: workers === undefined ? navigator.hardwareConcurrency : Number(workers),
    maxPixels: maxPixels === undefined ? DEFAULT_MAX_PIXELS : Number(maxPixels),
    remote: parseRemoteFlags(flags, usage),
    verbose: booleanFlag(flags, "verbose"),
  };
}

/** `qip image` reports every instantiation failure as a compile failure (spec: cli.md §9.2). */
export function asCompileFailure(error: unknown): unknown {
  if (!(error instanceof QipError) || error.kind !== "instantiate") return error;
  return new QipError("compile", "Wasm module could not be compiled", {
    detail: error.detail,
    cause: error,
  });
}
