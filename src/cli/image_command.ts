/**
 * `qip image`: RGBA tile filters over a PNG, JPEG or BMP, written as PNG or BMP (spec: cli.md
 * §5). Tiles run on a pool of workers (`--workers`, default one per core); decoding and PNG
 * compression run in permission-less codec workers.
 *
 * @module
 */

import { QipError, timeLimitExceeded } from "../errors.ts";
import { type CommandIo, compileStages, HostPermissions, loadModules } from "../host/mod.ts";
import { COMMAND_PERMISSIONS } from "./command_permissions.ts";
import { WorkerPool } from "../sandbox/mod.ts";
import { startTimeBudget } from "../pipeline/mod.ts";
import { runImageBlock } from "../image/mod.ts";
import { CodecPool } from "../image/codec_pool.ts";
import { imageBatchCommand, parseImageBatch } from "./image_batch_command.ts";
import { type ImageFlags, parseImageFlags } from "./image_flags.ts";
import { outputFormat, readImageInput, writeImageOutput } from "./image_files.ts";
import { listenForInterrupt } from "./interrupt_signal.ts";
import { type ProgressLine, progressLine } from "./progress_line.ts";
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
  // Spawn every worker now so their start-up overlaps loading and decoding.
  const pool = new WorkerPool({ size: flags.workers });
  // One codec worker decodes; the others only compress PNG bands.
  const codecs = new CodecPool({
    size: outputFormat(flags.output) === "png" ? flags.workers : 1,
  });
  const log = verboseLog(flags.verbose, io);
  using progress = progressLine(Deno.stderr, "qip image");
  using interrupt = listenForInterrupt();
  try {
    const work = filterImage(flags, { pool, codecs, log, progress, interrupt: interrupt.signal });
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
    pool.close();
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
    pool: WorkerPool;
    codecs: CodecPool;
    log: VerboseLog;
    progress: ProgressLine;
    interrupt: AbortSignal;
  },
): Promise<void> {
  const { pool, codecs, log, progress } = context;
  {
    const sources = flags.modules.map((module) => module.source);
    const permissions = new HostPermissions(COMMAND_PERMISSIONS.image);
    const loading = await permissions.prepareLoading(sources, flags.remote, log.line);
    const loaded = await loadModules(sources, { ...loading, limits: flags.limits, log: log.line });
    await permissions.modulesLoaded(loading);
    const input = await readImageInput(flags.input);
    progress.set("decoding");
    const image = await codecs.decode(input, { maxPixels: flags.maxPixels });
    // The codec workers are idle until the tiles are done: have them load the encoder now.
    if (outputFormat(flags.output) === "png") codecs.warmEncoder();
    await pool.ready();
    const started = performance.now();
    using budget = startTimeBudget(flags.limits.timeLimitMs);
    const stages = await compileStages(loaded, { limits: flags.limits });
    // Compiling cannot be interrupted, but it counts against the limit (spec: cli.md §3.6).
    if (budget.signal.aborted) throw timeLimitExceeded(flags.limits.timeLimitMs);
    const filtered = await runImageBlock({
      stages,
      uniforms: flags.modules.map((module) => module.uniforms),
      image,
      limits: flags.limits,
      pool,
      signal: AbortSignal.any([budget.signal, context.interrupt]),
      onProgress: (done, total) => progress.set("tiles", done, total),
    });
    progress.set("encoding");
    await writeImageOutput(flags.output, filtered, codecs);
    await permissions.reached("output");
    log.line(`command took ${Math.trunc(performance.now() - started)}ms`);
  }
}
