/**
 * Benchmarks: run modules side by side on one input, prove their outputs equal, and measure
 * them in the sandbox worker (spec: cli.md §4).
 *
 * @module
 */

export * from "./bench_json.ts";
export * from "./bench_modules.ts";
export * from "./bench_report.ts";
export * from "./bench_stats.ts";
export * from "./output_parity.ts";
export * from "./run_bench.ts";
