/**
 * The command-side frame of a batch, shared by `qip run` and `qip image`: lists and shards the
 * inputs, opens the result cache, listens for Ctrl-C, shows progress on a terminal, prints one
 * line per failure and the summary, and picks the exit code.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import {
  type BatchInput,
  type ChainIdentity,
  expandBatchInputs,
  formatBatchSummary,
  inShard,
  resultKeyer,
  runBatch,
} from "../batch/mod.ts";
import { type CommandIo, resolveCacheDir, ResultCache } from "../host/mod.ts";
import type { BatchOptions } from "./_batch_flags.ts";
import { listenForInterrupt } from "./_interrupt_signal.ts";
import { progressLine } from "./_progress_line.ts";
import type { VerboseLog } from "./_verbose_log.ts";

/** Exit code after Ctrl-C, as a shell reports a SIGINT death (128 + 2). */
const INTERRUPTED_EXIT = 130;

/** The inputs of this process's shard, and the result cache. */
export interface BatchPlan {
  readonly inputs: readonly BatchInput[];
  /** `undefined` with `--no-cache` or when no cache directory can be found. */
  readonly cache: ResultCache | undefined;
}

/**
 * Lists the inputs (this shard's only) and opens the cache. Run it before `env` is revoked:
 * the cache directory comes from the environment.
 *
 * @throws {QipError} kind `usage`: `-o` missing, no input matched, two inputs on one output.
 */
export async function planBatch(options: BatchOptions, usage: string): Promise<BatchPlan> {
  if (options.outDir === undefined || options.outDir === "") {
    throw new QipError(
      "usage",
      `${usage} -o <dir> is required with several inputs, a directory or a glob`,
    );
  }
  const all = await expandBatchInputs(options.inputs, {
    outDir: options.outDir,
    ext: options.ext,
  });
  const inputs = all.filter((input) => inShard(input.rel, options.shard));
  const cacheDir = options.useCache ? resolveCacheDir() : undefined;
  const cache = cacheDir === undefined
    ? undefined
    : new ResultCache(cacheDir, { maxBytes: options.cacheMaxBytes });
  return { inputs, cache };
}

/** What {@linkcode executeBatch} needs beyond the plan. */
export interface BatchExecution {
  readonly label: string;
  readonly jobs: number;
  readonly chain: ChainIdentity;
  readonly compute: (input: Uint8Array, item: BatchInput) => Promise<Uint8Array>;
  readonly log: VerboseLog;
  readonly maxInputBytes?: number;
}

/**
 * Runs the plan and reports: `path: message` per failure, the summary line, then the exit
 * code (0, 1 when any input failed, 130 after Ctrl-C).
 */
export async function executeBatch(
  plan: BatchPlan,
  execution: BatchExecution,
  io: CommandIo,
): Promise<number> {
  using interrupt = listenForInterrupt();
  using progress = progressLine(Deno.stderr, execution.label);
  const { cache } = plan;
  const summary = await runBatch({
    inputs: plan.inputs,
    jobs: execution.jobs,
    compute: execution.compute,
    cache: cache === undefined ? undefined : { store: cache, keyOf: resultKeyer(execution.chain) },
    maxInputBytes: execution.maxInputBytes,
    signal: interrupt.signal,
    // On a terminal the progress line is erased first, so a failure gets a line of its own.
    onFailure: (line) => io.writeStderr(`${Deno.stderr.isTerminal() ? "\r\x1b[K" : ""}${line}\n`),
    onProgress: (done, total) => progress.set("files", done, total),
  });
  await cache?.evict();
  if (cache !== undefined) {
    const { hits, misses, stored, evicted } = cache.stats;
    execution.log.line(
      `result cache: ${hits} hits, ${misses} misses, ${stored} stored, ${evicted} evicted`,
    );
  }
  await execution.log.flush();
  progress[Symbol.dispose]();
  await io.writeStderr(`${formatBatchSummary(summary)}\n`);
  if (interrupt.signal.aborted) return INTERRUPTED_EXIT;
  return summary.failed > 0 ? 1 : 0;
}
