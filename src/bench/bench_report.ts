/**
 * The text report of `qip bench` (spec: cli.md §4.6).
 *
 * @module
 */

import { formatGoDuration, formatGoFixed, formatIecBytes, goQuote } from "../format/mod.ts";
import type { BenchModule } from "./bench_modules.ts";
import { type SampleStats, summarizeSamples } from "./bench_stats.ts";
import { encodingName } from "./output_parity.ts";
import type { BenchResult } from "./run_bench.ts";
import { runTimeRanking } from "./_run_time_ranking.ts";

/** What a report describes besides the measurements. */
export interface BenchReportSpec {
  readonly result: BenchResult;
  readonly modules: readonly BenchModule[];
  /** The expected output's SHA-256, lowercase hex. */
  readonly outputSha256: string;
  readonly timeLimitMs: number;
  /** Set when `--benchtime` was given. */
  readonly benchtimeNs: number | undefined;
}

/** The report, ending with a newline. */
export function formatBenchReport(spec: BenchReportSpec): string {
  const { result, modules } = spec;
  const stats = result.modules.map((module) => summarizeSamples(module.samples));
  const lines = [
    modules.length === 1 ? "bench: baseline output captured" : "bench: outputs match",
    `  encoding: ${encodingName(result.expected.encoding)}`,
    `  bytes:    ${result.expected.bytes.byteLength}`,
    `  sha256:   ${spec.outputSha256}`,
    ...(spec.benchtimeNs === undefined
      ? []
      : [`  benchtime target: ${duration(spec.benchtimeNs)} per module`]),
    `  measured: ${result.modules[0]?.samples.length ?? 0} runs/module`,
    `  timeout:  ${duration(spec.timeLimitMs * 1e6)} per run`,
    "",
  ];
  for (const [index, module] of modules.entries()) {
    const { totalNs, runNs, instantiateNs, memoryBytes } = stats[index]!;
    const caps = result.modules[index]!;
    lines.push(
      `Benchmark ${index + 1}: ${module.stage.source}`,
      `  Time (mean ± stddev): ${duration(totalNs.mean)} ± ${duration(totalNs.stddev)} [min: ${
        duration(totalNs.min)
      }, p95: ${duration(totalNs.p95)}, max: ${duration(totalNs.max)}]`,
      `  Breakdown: run mean ${duration(runNs.mean)}, instantiation mean ${
        duration(instantiateNs.mean)
      }, compile ${duration(module.compileNs)}`,
      `  Memory allocated: mean ${formatIecBytes(memoryBytes.mean)}, peak ${
        formatIecBytes(memoryBytes.peak)
      }`,
      `  Capacity: input ${formatIecBytes(caps.inputCap)}, output ${
        formatIecBytes(caps.outputCap)
      }`,
      `  Binary size: ${module.fileBytes} bytes, gzip ${module.gzipBytes} bytes`,
      "",
    );
  }
  if (modules.length > 1) {
    lines.push(
      ...summary(modules, stats),
      ...runTimeRanking(modules.map((module, index) => ({
        source: module.stage.source,
        runNs: result.modules[index]!.samples.map((sample) => sample.runNs),
      }))),
    );
  }
  return `${lines.join("\n")}\n`;
}

/** The `Summary` block: fastest, speedup over the slowest, lowest peak memory. */
function summary(modules: readonly BenchModule[], stats: readonly SampleStats[]): string[] {
  const name = (index: number) => goQuote(modules[index]!.stage.source);
  const means = stats.map((module) => module.totalNs.mean);
  const fastest = firstIndexOf(means, (a, b) => a < b);
  const slowest = firstIndexOf(means, (a, b) => a > b);
  const peaks = stats.map((module) => module.memoryBytes.peak);
  const leanest = firstIndexOf(peaks, (a, b) => a < b);
  const lines = [
    "Summary",
    `  fastest: ${name(fastest)} (mean total time ${duration(means[fastest]!)})`,
  ];
  if (means[fastest]! > 0 && means[slowest]! > 0 && fastest !== slowest) {
    const ratio = formatGoFixed(means[slowest]! / means[fastest]!, 2);
    lines.push(`  speedup vs slowest: ${ratio}x over ${name(slowest)}`);
  }
  lines.push(
    `  lowest peak memory: ${name(leanest)} (peak ${formatIecBytes(peaks[leanest]!)}, mean ${
      formatIecBytes(stats[leanest]!.memoryBytes.mean)
    })`,
  );
  return lines;
}

/** The index of the best value by `better`; the first one wins ties. */
function firstIndexOf(values: readonly number[], better: (a: number, b: number) => boolean) {
  let best = 0;
  for (const [index, value] of values.entries()) if (better(value, values[best]!)) best = index;
  return best;
}

function duration(nanoseconds: number): string {
  return formatGoDuration(BigInt(Math.round(nanoseconds)));
}
