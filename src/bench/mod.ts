/**
 * Benchmarks: run modules side by side on one input, prove their outputs equal, and measure
 * them in the sandbox worker (spec: cli.md §4).
 *
 * @module
 */

export { type BenchJson, formatBenchJson } from "./bench_json.ts";
export { loadBenchModules } from "./bench_modules.ts";
export { type BenchReportSpec, formatBenchReport } from "./bench_report.ts";
export { type BenchSample, summarizeSamples } from "./bench_stats.ts";
export { describeMismatch } from "./output_parity.ts";
export { type BenchStop, runBench } from "./run_bench.ts";
