/**
 * Ranks bench modules by their own time, the `run` call, with a 95% confidence interval of
 * each mean, and says when the difference is within noise. The spec's `Summary` ranks by total
 * time, which is mostly instantiation and the host's work and so barely depends on the module;
 * these lines follow it.
 *
 * @module
 */

import { formatGoDuration, formatGoFixed, goQuote } from "../format/mod.ts";

/** A mean and the half-width of its 95% confidence interval, in nanoseconds. */
export interface MeanInterval {
  readonly mean: number;
  /** `Infinity` with fewer than two samples: one sample says nothing about noise. */
  readonly halfWidth: number;
}

/** Student's t for a two-sided 95% interval, by degrees of freedom 1…30. */
const T_95 = [
  12.706,
  4.303,
  3.182,
  2.776,
  2.571,
  2.447,
  2.365,
  2.306,
  2.262,
  2.228,
  2.201,
  2.179,
  2.16,
  2.145,
  2.131,
  2.12,
  2.11,
  2.101,
  2.093,
  2.086,
  2.08,
  2.074,
  2.069,
  2.064,
  2.06,
  2.056,
  2.052,
  2.048,
  2.045,
  2.042,
];

/** Beyond 30 degrees of freedom the normal quantile is close enough. */
const Z_95 = 1.96;

/**
 * The mean of `values` and its 95% confidence interval (Student's t, sample standard deviation).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { meanInterval } from "./_run_time_ranking.ts";
 * assert.deepEqual(meanInterval([10, 10, 10]), { mean: 10, halfWidth: 0 });
 * assert.equal(meanInterval([10]).halfWidth, Infinity);
 * ```
 */
export function meanInterval(values: readonly number[]): MeanInterval {
  const count = values.length;
  const mean = values.reduce((total, value) => total + value, 0) / count;
  if (count < 2) return { mean, halfWidth: Infinity };
  const variance = values.reduce((total, value) => total + (value - mean) ** 2, 0) / (count - 1);
  const t = T_95[count - 2] ?? Z_95;
  return { mean, halfWidth: t * Math.sqrt(variance / count) };
}

/**
 * The ranking lines: every module by mean run time, fastest first, with its interval; then
 * the fastest and by how much, or `within noise` when its interval overlaps the runner-up's.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runTimeRanking } from "./_run_time_ranking.ts";
 * const lines = runTimeRanking([
 *   { source: "slow.wasm", runNs: [2000, 2100, 1900] },
 *   { source: "fast.wasm", runNs: [1000, 1100, 900] },
 * ]);
 * assert.equal(lines[1], '  fastest run: "fast.wasm", 2.00x faster than "slow.wasm"');
 * ```
 */
export function runTimeRanking(
  modules: readonly { readonly source: string; readonly runNs: readonly number[] }[],
): string[] {
  const ranked = modules
    .map((module) => ({ name: goQuote(module.source), ...meanInterval(module.runNs) }))
    .sort((a, b) => a.mean - b.mean);
  const listed = ranked.map(({ name, mean, halfWidth }) =>
    `${name} ${duration(mean)} ± ${Number.isFinite(halfWidth) ? duration(halfWidth) : "?"}`
  );
  const lines = [`  run time (mean ± 95% CI): ${listed.join(", ")}`];
  const [first, second] = ranked;
  if (first === undefined || second === undefined) return lines;
  if (first.mean + first.halfWidth >= second.mean - second.halfWidth || first.mean <= 0) {
    lines.push(`  fastest run: within noise (${first.name} and ${second.name} overlap)`);
  } else {
    const ratio = formatGoFixed(second.mean / first.mean, 2);
    lines.push(`  fastest run: ${first.name}, ${ratio}x faster than ${second.name}`);
  }
  return lines;
}

function duration(nanoseconds: number): string {
  return formatGoDuration(BigInt(Math.round(nanoseconds)));
}
