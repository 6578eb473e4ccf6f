/**
 * `qip run` over many inputs (beyond the spec): `-i` repeated, a directory or a glob, with
 * `-o <dir>`. Modules are compiled once; each input runs the chain under the limits it would
 * get alone, on a pool of one worker per job. The host keeps read and write for the whole batch
 * (it reads inputs and writes outputs while modules run); modules still run in workers without
 * any permission, and net and env are revoked before the first one runs.
 *
 * @module
 */

import { runBmpTileBlock } from "../image/mod.ts";
import { QipError } from "../errors.ts";
import { outputBytes } from "../contracts/mod.ts";
import { isBatchInput } from "../batch/mod.ts";
import {
  type CommandIo,
  compileStages,
  HostPermissions,
  type LoadedStage,
  loadModules,
} from "../host/mod.ts";
import { assertImageStagesContiguous, runPipeline } from "../pipeline/mod.ts";
import { executionMode, WorkerPool } from "../sandbox/mod.ts";
import { BATCH_FLAGS, parseBatchOptions } from "./_batch_flags.ts";
import { COMMAND_FLAGS, DEFAULT_TIMEOUT_MS } from "./_command_flags.ts";
import { executeBatch, planBatch } from "./_batch_session.ts";
import { booleanFlag, parseFlags } from "./_flags.ts";
import { COMMAND_PERMISSIONS } from "./_command_permissions.ts";
import { parseLimitFlags } from "./_limit_flags.ts";
import { parseRemoteFlags } from "./_remote_flags.ts";
import { USAGE } from "./_usage.ts";
import { RUN_BATCH_USAGE as BATCH_USAGE } from "./_batch_usage.ts";
import { verboseLog } from "./_verbose_log.ts";

/**
 * Parses `args` as a batch run, or returns `undefined` when they are not one (a single input
 * and no `-o`), leaving every error of a single run to the spec's parser.
 */
export async function parseBatchRun(args: readonly string[]) {
  let flags;
  try {
    flags = parseFlags(args, { ...COMMAND_FLAGS.run.flags, ...BATCH_FLAGS }, BATCH_USAGE);
  } catch {
    return undefined;
  }
  const batch = parseBatchOptions(flags, BATCH_USAGE);
  if (batch.outDir === undefined && !(await isBatchInput(batch.inputs))) return undefined;
  if (flags.positionals.length === 0) throw new QipError("usage", USAGE.run);
  return {
    batch,
    modules: flags.positionals,
    limits: parseLimitFlags(flags, BATCH_USAGE, { timeLimitMs: DEFAULT_TIMEOUT_MS.run }),
    remote: parseRemoteFlags(flags, BATCH_USAGE),
    verbose: booleanFlag(flags, "verbose"),
  };
}

/** The parsed batch command line. */
export type BatchRunFlags = NonNullable<Awaited<ReturnType<typeof parseBatchRun>>>;

/** Runs a batch: see the module doc. Resolves to the exit code. */
export async function runBatchCommand(flags: BatchRunFlags, io: CommandIo): Promise<number> {
  const { batch, limits } = flags;
  const plan = await planBatch(batch, BATCH_USAGE);
  const jobs = Math.max(1, Math.min(batch.jobs, plan.inputs.length));
  const log = verboseLog(flags.verbose, io);
  // Workers and compiled stages are made on the first cache miss: an unchanged re-run needs
  // neither.
  let pool: WorkerPool | undefined;
  try {
    const permissions = new HostPermissions(COMMAND_PERMISSIONS.batch);
    const loading = await permissions.prepareLoading(flags.modules, flags.remote, log.line);
    const modules = await loadModules(flags.modules, { ...loading, limits, log: log.line });
    await permissions.modulesLoaded(loading);
    let compiled: Promise<LoadedStage[]> | undefined;
    const compile = () =>
      compiled ??= (async () => {
        pool = new WorkerPool({ size: jobs });
        const stages = await compileStages(modules, { limits, log: log.line });
        assertImageStagesContiguous(stages);
        return stages;
      })();
    log.line(`batch: ${plan.inputs.length} inputs, ${jobs} jobs`);
    return await executeBatch(plan, {
      label: "qip run",
      jobs,
      log,
      chain: {
        command: "run",
        moduleDigests: modules.map((module) => module.digest),
        settings: {
          timeLimitMs: limits.timeLimitMs,
          memoryLimitPages: limits.memoryLimitPages,
          fuel: limits.fuel?.toString() ?? null,
          mode: executionMode(limits),
        },
      },
      compute: async (input) => {
        const stages = await compile();
        const { output } = await runPipeline({
          stages,
          input,
          limits,
          pool: pool!,
          imageBlock: runBmpTileBlock,
        });
        if (output.kind === "scalar") {
          throw new QipError(
            "contract",
            `The chain ends in a scalar stage (Ran: ${output.ran}): there are no output bytes to write`,
          );
        }
        return outputBytes(output);
      },
    }, io);
  } finally {
    await log.flush();
    pool?.close();
  }
}
