/**
 * `qip bench --json`: the same results as the text report, machine-readable, so CI can track
 * them. qip's addition to the original interface; see README.md.
 *
 * @module
 */

import { type DurationStats, summarizeSamples } from "./bench_stats.ts";
import { encodingName } from "./output_parity.ts";
import type { BenchReportSpec } from "./bench_report.ts";

/** One module's entry in the JSON report. */
export interface BenchJsonModule {
  readonly module: string;
  /** SHA-256 of the module file. */
  readonly sha256: string;
  readonly samples: number;
  readonly totalNs: DurationStats;
  readonly runNs: DurationStats;
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
    warmupRunsPerModule: 1,
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
