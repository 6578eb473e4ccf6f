/**
 * The batch engine behind `qip run` and `qip image` with many inputs: runs `jobs` inputs at a
 * time, answers unchanged inputs from the result cache, writes each output atomically and
 * leaves outputs whose bytes would not change untouched. A failing input is reported and the
 * others go on. Knows nothing about modules: the command passes `compute`.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import { formatGoDurationMs } from "../format/go_duration.ts";
import { describeOsError, type ResultCache, writeFileAtomic } from "../host/mod.ts";
import type { BatchInput } from "./batch_inputs.ts";

/** Inputs read, looked up and compared at once (computing stays at `jobs`). */
const IO_LANES = 16;

/** Everything one batch needs. */
export interface BatchSpec {
  readonly inputs: readonly BatchInput[];
  /** Inputs in flight at once (one per worker). */
  readonly jobs: number;
  /** Turns one input's bytes into its output bytes; throws a `QipError` to fail that input. */
  readonly compute: (input: Uint8Array, item: BatchInput) => Promise<Uint8Array>;
  /** The result cache and how to key an input; omit for `--no-cache`. */
  readonly cache?: {
    readonly store: ResultCache;
    readonly keyOf: (input: Uint8Array) => Promise<string>;
  };
  /** The largest input read, in bytes; a larger file fails (it would fail alone too). */
  readonly maxInputBytes?: number;
  /** Stops handing out inputs (Ctrl-C); inputs in flight finish and are written whole. */
  readonly signal?: AbortSignal;
  /** One line per failed input: `path: message`. */
  readonly onFailure: (line: string) => Promise<void>;
  /** Called after each input, for a progress line. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** What a batch did. */
export interface BatchSummary {
  readonly written: number;
  readonly unchanged: number;
  readonly failed: number;
  /** Inputs never started because the batch was interrupted. */
  readonly skipped: number;
  readonly elapsedMs: number;
}

/**
 * Runs every input of `spec`.
 *
 * @example
 * ```ts ignore
 * const summary = await runBatch({ inputs, jobs: 4, compute, onFailure: io.writeStderr });
 * await io.writeStderr(`${formatBatchSummary(summary)}\n`);
 * ```
 */
export async function runBatch(spec: BatchSpec): Promise<BatchSummary> {
  const started = performance.now();
  const { inputs, signal } = spec;
  let next = 0;
  let done = 0;
  const counts = { written: 0, unchanged: 0, failed: 0 };
  const createdDirs = new Set<string>();
  // More lanes than jobs keep reads and writes going; computing is held to `jobs` at a time,
  // so a chain's time budget never runs while it waits for a worker.
  const computing = semaphore(spec.jobs);
  const compute = (input: Uint8Array, item: BatchInput) =>
    computing(() => {
      // An input read before Ctrl-C but still waiting for a worker is not started.
      if (signal?.aborted === true) throw new NotStarted();
      return spec.compute(input, item);
    });
  const lane = async () => {
    while (next < inputs.length && signal?.aborted !== true) {
      const item = inputs[next++]!;
      try {
        counts[await runOne({ ...spec, compute }, item, createdDirs)]++;
      } catch (error) {
        if (error instanceof NotStarted) continue;
        counts.failed++;
        // Anything else is a bug in qip, but it stays this input's failure, not the batch's.
        const message = error instanceof QipError
          ? error.message
          : `qip internal error: ${error instanceof Error ? error.message : String(error)}`;
        await spec.onFailure(`${item.path}: ${message}`);
      }
      spec.onProgress?.(++done, inputs.length);
    }
  };
  const lanes = Math.max(1, Math.min(Math.max(spec.jobs, IO_LANES), inputs.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  return { ...counts, skipped: inputs.length - done, elapsedMs: performance.now() - started };
}

/**
 * The summary line: `3 written, 1 unchanged, 0 failed in 1.2s`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatBatchSummary } from "./run_batch.ts";
 * const line = formatBatchSummary({ written: 3, unchanged: 1, failed: 0, skipped: 0, elapsedMs: 1200 });
 * assert.equal(line, "3 written, 1 unchanged, 0 failed in 1.2s");
 * ```
 */
export function formatBatchSummary(summary: BatchSummary): string {
  const { written, unchanged, failed, skipped, elapsedMs } = summary;
  const rest = skipped > 0 ? `, ${skipped} not started (interrupted)` : "";
  return `${written} written, ${unchanged} unchanged, ${failed} failed${rest} in ${
    formatGoDurationMs(elapsedMs)
  }`;
}

async function runOne(
  spec: BatchSpec,
  item: BatchInput,
  createdDirs: Set<string>,
): Promise<"written" | "unchanged"> {
  const input = await readBatchInput(item.path, spec.maxInputBytes);
  const key = await spec.cache?.keyOf(input);
  let output = key === undefined ? undefined : await spec.cache!.store.get(key);
  if (output === undefined) {
    output = await spec.compute(input, item);
    if (key !== undefined) await spec.cache!.store.put(key, output);
  }
  if (await sameBytes(item.outputPath, output)) return "unchanged";
  const dir = item.outputPath.slice(0, item.outputPath.lastIndexOf("/"));
  try {
    if (!createdDirs.has(dir)) {
      await Deno.mkdir(dir, { recursive: true });
      createdDirs.add(dir);
    }
    await writeFileAtomic(item.outputPath, output);
  } catch (error) {
    throw new QipError(
      "io",
      `Error writing output file: ${describeOsError("open", item.outputPath, error)}`,
      { cause: error },
    );
  }
  return "written";
}

async function readBatchInput(path: string, maxBytes: number | undefined): Promise<Uint8Array> {
  try {
    if (maxBytes !== undefined) {
      const { size } = await Deno.stat(path);
      if (size > maxBytes) {
        throw new QipError("capacity", `Input file is ${size} bytes, more than ${maxBytes}`);
      }
    }
    return await Deno.readFile(path);
  } catch (error) {
    if (error instanceof QipError) throw error;
    throw new QipError(
      "io",
      `Error reading input file: ${describeOsError("open", path, error)}`,
      { cause: error },
    );
  }
}

/** Thrown for an input the batch was interrupted before computing. */
class NotStarted extends Error {}

/** Runs at most `limit` tasks at once; the others wait in order. */
function semaphore(limit: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    // A finishing task hands its slot straight to the next waiter, so none can jump the queue.
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next === undefined) running--;
      else next();
    }
  };
}

/** Whether `path` already holds exactly `bytes` (a missing file does not). */
async function sameBytes(path: string, bytes: Uint8Array): Promise<boolean> {
  try {
    const existing = await Deno.readFile(path);
    for (let index = 0; index < existing.byteLength; index++) {
      if (existing[index] !== bytes[index]) return false;
    }
    return existing.byteLength === bytes.byteLength;
  } catch {
    return false;
  }
}
