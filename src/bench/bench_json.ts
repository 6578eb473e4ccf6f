/**
 * `qip bench --json`: the same results as the text report, machine-readable, so CI can track
 * them. qip's addition to the original interface; see README.md.
 *
 * @module
 */

import { type DurationStats, summarizeSamples } from "./bench_stats.ts";
import { encodingName } from "./output_parity.ts";
import type { BenchReportSpec } from "./bench_report.ts";
import { WARMUP_ROUNDS } from "./run_bench.ts";
import { meanInterval } from "./_run_time_ranking.ts";

/** One module's entry in the JSON report. */
export interface BenchJsonModule {
  readonly module: string;
  /** SHA-256 of the module file. */
  readonly sha256: string;
  readonly samples: number;
  readonly totalNs: DurationStats;
  readonly runNs: DurationStats;
  /** Half-width of the 95% confidence interval of the mean run time; `null` under 2 samples. */
  readonly runMeanCi95Ns: number | null;
  readonly instantiateNs: DurationStats;
  readonly compileNs: number;
  readonly memoryBytes: { readonly mean: number; readonly peak: number };
  /** Caps as the module reports them: input in bytes, output in items of its encoding. */
  readonly capacity: { readonly input: number; readonly output: number };
  readonly fileBytes: number;
  readonly gzipBytes: number;
}

/** The whole JSON report. */
export interface BenchJson {
  /** `baseline` for one module, `match` when two or more produced the same output. */
  readonly parity: "baseline" | "match";
  readonly output: { readonly encoding: string; readonly bytes: number; readonly sha256: string };
  /** Measured samples per module; the check run before them is not one. */
  readonly samplesPerModule: number;
  readonly warmupRunsPerModule: number;
  readonly benchtimeNs: number | null;
  readonly timeoutMs: number;
  readonly modules: readonly BenchJsonModule[];
}

/** Builds the JSON report. */
export function benchJson(spec: BenchReportSpec): BenchJson {
  const { result, modules } = spec;
  return {
    parity: modules.length === 1 ? "baseline" : "match",
    output: {
      encoding: encodingName(result.expected.encoding),
      bytes: result.expected.bytes.byteLength,
      sha256: spec.outputSha256,
    },
    samplesPerModule: result.modules[0]?.samples.length ?? 0,
    // The check run and the warm-up rounds.
    warmupRunsPerModule: 1 + WARMUP_ROUNDS,
    benchtimeNs: spec.benchtimeNs ?? null,
    timeoutMs: spec.timeLimitMs,
    modules: modules.map((module, index) => {
      const measured = result.modules[index]!;
      const stats = summarizeSamples(measured.samples);
      return {
        module: module.stage.source,
        sha256: module.stage.digest,
        samples: measured.samples.length,
        totalNs: stats.totalNs,
        runNs: stats.runNs,
        runMeanCi95Ns: ci95(measured.samples.map((sample) => sample.runNs)),
        instantiateNs: stats.instantiateNs,
        compileNs: module.compileNs,
        memoryBytes: stats.memoryBytes,
        capacity: { input: measured.inputCap, output: measured.outputCap },
        fileBytes: module.fileBytes,
        gzipBytes: module.gzipBytes,
      };
    }),
  };
}

/** The JSON report as pretty-printed text, ending with a newline. */
export function formatBenchJson(spec: BenchReportSpec): string {
  return `${JSON.stringify(benchJson(spec), null, 2)}\n`;
}

/** Half-width of the 95% confidence interval of the mean, rounded; `null` under two samples. */
function ci95(values: readonly number[]): number | null {
  const { halfWidth } = meanInterval(values);
  return Number.isFinite(halfWidth) ? Math.round(halfWidth) : null;
}
