/**
 * `qip image` over many images (beyond the spec): `-i` repeated, a directory or a glob, with
 * `-o <dir>`. Each output is a PNG (`--ext .png`, the default) or a BMP (`--ext .bmp`). Modules
 * are compiled once; `--jobs` images are in flight at once, each on its own lane of tile
 * workers (`--workers` split between the lanes) and its own codec worker, under the time limit
 * it would get alone. Like `qip run`'s batch mode, the host keeps read and write while modules
 * run in permission-less workers; net and env are revoked first.
 *
 * @module
 */

import { isBatchInput } from "../batch/mod.ts";
import { type CommandIo, compileStages, HostPermissions, loadModules } from "../host/mod.ts";
import { encodeBmp, runImageBlock, unpremultiplyImage } from "../image/mod.ts";
import { CodecPool } from "../image/codec_pool.ts";
import { startTimeBudget } from "../pipeline/mod.ts";
import { executionMode, WorkerPool } from "../sandbox/mod.ts";
import { BATCH_FLAGS, type BatchOptions, parseBatchOptions } from "./_batch_flags.ts";
import { executeBatch, planBatch } from "./_batch_session.ts";
import { parseFlags } from "./_flags.ts";
import { COMMAND_PERMISSIONS } from "./_command_permissions.ts";
import { COMMAND_FLAGS } from "./_command_flags.ts";
import { type ImageFlags, imageFlagsFrom } from "./_image_flags.ts";
import { outputFormat } from "./_image_files.ts";
import { IMAGE_BATCH_USAGE as BATCH_USAGE } from "./_batch_usage.ts";
import { verboseLog } from "./_verbose_log.ts";

/**
 * Parses `args` as an image batch, or returns `undefined` for a single image, leaving its
 * errors to the spec's parser.
 */
export async function parseImageBatch(
  args: readonly string[],
): Promise<{ flags: ImageFlags; batch: BatchOptions } | undefined> {
  let parsed;
  try {
    parsed = parseFlags(args, { ...COMMAND_FLAGS.image.flags, ...BATCH_FLAGS }, BATCH_USAGE);
  } catch {
    return undefined;
  }
  const batch = parseBatchOptions(parsed, BATCH_USAGE);
  if (!(await isBatchInput(batch.inputs))) return undefined;
  return {
    flags: imageFlagsFrom(parsed, BATCH_USAGE),
    batch: { ...batch, ext: batch.ext ?? ".png" },
  };
}

/** One image in flight: its tile workers and its codec worker. */
interface Lane {
  readonly pool: WorkerPool;
  readonly codecs: CodecPool;
}

/** Runs an image batch: see the module doc. Resolves to the exit code. */
export async function imageBatchCommand(
  parsed: { flags: ImageFlags; batch: BatchOptions },
  io: CommandIo,
): Promise<number> {
  const { flags, batch } = parsed;
  const plan = await planBatch(batch, BATCH_USAGE);
  const jobs = Math.max(1, Math.min(batch.jobs, plan.inputs.length));
  const perLane = Math.max(1, Math.floor(flags.workers / jobs));
  const lanes: Lane[] = Array.from({ length: jobs }, () => ({
    pool: new WorkerPool({ size: perLane }),
    codecs: new CodecPool({ size: 1 }),
  }));
  const free = [...lanes];
  const log = verboseLog(flags.verbose, io);
  const format = outputFormat(`x${batch.ext}`);
  try {
    const sources = flags.modules.map((module) => module.source);
    const permissions = new HostPermissions(COMMAND_PERMISSIONS.batch);
    const loading = await permissions.prepareLoading(sources, flags.remote, log.line);
    const loaded = await loadModules(sources, { ...loading, limits: flags.limits, log: log.line });
    const stages = await compileStages(loaded, {
      limits: flags.limits,
      log: log.line,
      compileTimes: false,
    });
    await permissions.modulesLoaded(loading);
    await Promise.all(lanes.map((lane) => lane.pool.ready()));
    log.line(`batch: ${plan.inputs.length} images, ${jobs} jobs of ${perLane} workers`);
    return await executeBatch(plan, {
      label: "qip image",
      jobs,
      log,
      chain: {
        command: "image",
        moduleDigests: stages.map((stage) => stage.digest),
        settings: {
          uniforms: flags.modules.map((module) => module.uniforms),
          format,
          maxPixels: flags.maxPixels,
          timeLimitMs: flags.limits.timeLimitMs,
          memoryLimitPages: flags.limits.memoryLimitPages,
          mode: executionMode(flags.limits),
        },
      },
      compute: async (input) => {
        const lane = free.pop();
        if (lane === undefined) throw new Error("no free image lane");
        try {
          const image = await lane.codecs.decode(input, { maxPixels: flags.maxPixels });
          using budget = startTimeBudget(flags.limits.timeLimitMs);
          const filtered = await runImageBlock({
            stages,
            uniforms: flags.modules.map((module) => module.uniforms),
            image,
            limits: flags.limits,
            pool: lane.pool,
            signal: budget.signal,
          });
          return format === "bmp"
            ? encodeBmp(unpremultiplyImage(filtered))
            : await lane.codecs.encodePng(filtered);
        } finally {
          free.push(lane);
        }
      },
    }, io);
  } finally {
    await log.flush();
    for (const lane of lanes) {
      lane.pool.close();
      lane.codecs.close();
    }
  }
}
