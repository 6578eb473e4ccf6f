/**
 * The statistics of a bench report (spec: cli.md §4.5), over integer nanoseconds and bytes.
 *
 * @module
 */

/** One measured sample, in integer nanoseconds and bytes. */
export interface BenchSample {
  readonly totalNs: number;
  readonly instantiateNs: number;
  readonly runNs: number;
  readonly memoryBytes: number;
}

/** Summary of one duration over a module's samples, in nanoseconds. */
export interface DurationStats {
  readonly mean: number;
  readonly stddev: number;
  readonly min: number;
  readonly p95: number;
  readonly max: number;
}

/** Every statistic the report prints for one module. */
export interface SampleStats {
  readonly totalNs: DurationStats;
  readonly runNs: DurationStats;
  readonly instantiateNs: DurationStats;
  readonly memoryBytes: { readonly mean: number; readonly peak: number };
}

/**
 * Summarises `samples` (at least one).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { summarizeSamples } from "./bench_stats.ts";
 * const sample = (totalNs: number) => ({ totalNs, instantiateNs: 1, runNs: 1, memoryBytes: 65536 });
 * const stats = summarizeSamples([sample(10), sample(20), sample(40)]);
 * assert.deepEqual(stats.totalNs, { mean: 23, stddev: 12, min: 10, p95: 40, max: 40 });
 * ```
 * @throws {RangeError} when `samples` is empty.
 */
export function summarizeSamples(samples: readonly BenchSample[]): SampleStats {
  if (samples.length === 0) throw new RangeError("Cannot summarize 0 bench samples");
  const memory = samples.map((sample) => sample.memoryBytes);
  return {
    totalNs: durationStats(samples.map((sample) => sample.totalNs)),
    runNs: durationStats(samples.map((sample) => sample.runNs)),
    instantiateNs: durationStats(samples.map((sample) => sample.instantiateNs)),
    memoryBytes: { mean: Math.round(sum(memory) / memory.length), peak: Math.max(...memory) },
  };
}

/**
 * Mean rounded half away from zero, population standard deviation around the unrounded mean,
 * and p95 = sorted[max(ceil(0.95·n) − 1, 0)].
 */
function durationStats(values: readonly number[]): DurationStats {
  const count = values.length;
  const exactMean = sum(values) / count;
  const variance = values.reduce((total, value) => total + (value - exactMean) ** 2, 0) / count;
  const sorted = [...values].sort((a, b) => a - b);
  const p95Index = Math.min(Math.max(Math.ceil(0.95 * count) - 1, 0), count - 1);
  return {
    mean: Math.round(exactMean),
    stddev: Math.round(Math.sqrt(variance)),
    min: sorted[0]!,
    p95: sorted[p95Index]!,
    max: sorted[count - 1]!,
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
