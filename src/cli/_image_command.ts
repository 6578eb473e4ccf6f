/**
 * `qip image`: RGBA tile filters over a PNG, JPEG or BMP, written as PNG or BMP (spec: cli.md
 * §5). Tiles run on a pool of workers (`--workers`, default one per core); decoding and PNG
 * compression run in permission-less codec workers.
 *
 * @module
 */

import { QipError, timeLimitExceeded } from "../errors.ts";
import { type CommandIo, compileStages, HostPermissions, loadModules } from "../host/mod.ts";
import { COMMAND_PERMISSIONS } from "./_command_permissions.ts";
import { WorkerPool } from "../sandbox/mod.ts";
import { startTimeBudget } from "../pipeline/mod.ts";
import { runImageBlock } from "../image/mod.ts";
import { CodecPool } from "../image/codec_pool.ts";
import { imageBatchCommand, parseImageBatch } from "./_image_batch_command.ts";
import { type ImageFlags, parseImageFlags } from "./_image_flags.ts";
import { outputFormat, readImageInput, writeImageOutput } from "./_image_files.ts";
import { listenForInterrupt } from "./_interrupt_signal.ts";
import { type ProgressLine, progressLine } from "./_progress_line.ts";
import { type VerboseLog, verboseLog } from "./_verbose_log.ts";

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
  const sources = flags.modules.map((module) => module.source);
  const permissions = new HostPermissions(COMMAND_PERMISSIONS.image);
  const loading = await permissions.prepareLoading(sources, flags.remote, log.line);
  const loaded = await loadModules(sources, { ...loading, limits: flags.limits, log: log.line });
  await permissions.modulesLoaded(loading);
  // Compiling needs only the module bytes: it starts now and runs while the codec worker
  // decodes. Its failure is reported after decoding, as if it started there (spec: cli.md
  // §5.3, steps 4 and 6).
  const compiling = compileStages(loaded, {
    limits: flags.limits,
    log: log.line,
    compileTimes: false,
  });
  compiling.catch(() => {}); // awaited after decoding, which reports its own failure first
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
  const stages = await compiling;
  // Compiling cannot be interrupted, but what is left of it after decoding counts against the
  // limit (spec: cli.md §3.6).
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
