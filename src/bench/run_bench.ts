/**
 * The bench procedure (spec: cli.md §4.3, §4.4): one check run per module to capture and
 * compare outputs, {@linkcode WARMUP_ROUNDS} unmeasured rounds in the measuring order so that
 * every module is measured in the same warmed-up state (not only the modules that come after
 * the first), then measured samples in rotating order, each on a fresh instance in the sandbox
 * worker under its own time limit.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import type { SampleMeasurement, StageOutput } from "../contracts/mod.ts";
import { startTimeBudget } from "../pipeline/mod.ts";
import type { CompiledStage, WorkerPool } from "../sandbox/mod.ts";
import type { BenchSample } from "./bench_stats.ts";
import { type BenchOutput, benchOutput, describeMismatch } from "./output_parity.ts";

/** Unmeasured rounds (every module once each, rotating) between the check and the samples. */
export const WARMUP_ROUNDS = 2;

/** When measuring stops: after `runs` rounds, or once every module has spent `benchtimeNs`. */
export type BenchStop =
  | { readonly kind: "runs"; readonly runs: number }
  | { readonly kind: "benchtime"; readonly benchtimeNs: number };

/** Everything one bench needs. */
export interface BenchSpec {
  /** Compiled modules in argument order; module 1 sets the expected output. */
  readonly stages: readonly CompiledStage[];
  readonly input: Uint8Array;
  readonly pool: WorkerPool;
  /** Limit of one sample (instantiate, export reads, `run`). */
  readonly timeLimitMs: number;
  readonly stop: BenchStop;
  /** Called with the output of every check run and sample (for `Ran: N` and verbose lines). */
  readonly onOutput?: (output: StageOutput) => void | Promise<void>;
}

/** What one module did. */
export interface ModuleBench {
  readonly samples: readonly BenchSample[];
  /** The caps the module reported in its check run. */
  readonly inputCap: number;
  readonly outputCap: number;
}

/** What a bench measured. */
export interface BenchResult {
  /** Module 1's check output, which every other output matched. */
  readonly expected: BenchOutput;
  /** Per module, in argument order; every module has the same number of samples. */
  readonly modules: readonly ModuleBench[];
}

/**
 * Checks parity, then measures.
 *
 * @throws {QipError} `bench check failed for <arg>: …`, `bench mismatch for <arg> vs <arg 1>:
 *   …`, `bench run failed for <arg> (run <i>): …`, `bench output mismatch for <arg> (run <i>):
 *   …`.
 */
export async function runBench(spec: BenchSpec): Promise<BenchResult> {
  const { stages, stop } = spec;
  await spec.pool.ready();
  const checks: SampleMeasurement[] = [];
  let expected: BenchOutput | undefined;
  for (const stage of stages) {
    const { output, measurement } = await runSample(spec, stage).catch((error) => {
      throw withPrefix(error, `bench check failed for ${stage.source}`);
    });
    checks.push(measurement);
    if (expected === undefined) {
      expected = output;
      continue;
    }
    const mismatch = await describeMismatch(expected, output);
    if (mismatch !== undefined) {
      throw new QipError(
        "contract",
        `bench mismatch for ${stage.source} vs ${stages[0]!.source}: ${mismatch}`,
      );
    }
  }
  if (expected === undefined) throw new RangeError("Cannot bench 0 modules");
  for (let round = 0; round < WARMUP_ROUNDS; round++) {
    for (let offset = 0; offset < stages.length; offset++) {
      const stage = stages[(round + offset) % stages.length]!;
      await runSample(spec, stage, false).catch((error) => {
        throw withPrefix(error, `bench run failed for ${stage.source} (warm-up ${round + 1})`);
      });
    }
  }
  const samples: BenchSample[][] = stages.map(() => []);
  const spentNs = stages.map(() => 0);
  for (let round = 0; stop.kind === "benchtime" || round < stop.runs; round++) {
    for (let offset = 0; offset < stages.length; offset++) {
      const index = (round + offset) % stages.length;
      const stage = stages[index]!;
      const { output, measurement } = await runSample(spec, stage).catch((error) => {
        throw withPrefix(error, `bench run failed for ${stage.source} (run ${round + 1})`);
      });
      const mismatch = await describeMismatch(expected, output);
      if (mismatch !== undefined) {
        throw new QipError(
          "contract",
          `bench output mismatch for ${stage.source} (run ${round + 1}): ${mismatch}`,
        );
      }
      const sample = toSample(measurement);
      samples[index]!.push(sample);
      spentNs[index]! += sample.totalNs;
    }
    if (stop.kind === "benchtime" && spentNs.every((spent) => spent >= stop.benchtimeNs)) break;
  }
  return {
    expected,
    modules: stages.map((_, index) => ({
      samples: samples[index]!,
      inputCap: checks[index]!.inputCap,
      outputCap: checks[index]!.outputCap,
    })),
  };
}

/** One fresh instance of `stage` on the input, timed inside the worker. `report`: whether
 * {@linkcode BenchSpec.onOutput} sees it (warm-up runs are not reported). */
async function runSample(spec: BenchSpec, stage: CompiledStage, report = true) {
  using budget = startTimeBudget(spec.timeLimitMs);
  const { output } = await spec.pool.run({
    module: stage.module,
    layout: stage.layout,
    contract: "bench",
    input: spec.input.slice(),
    timeLimitMs: spec.timeLimitMs,
    fuel: undefined,
  }, budget.signal);
  const { measurement } = output;
  if (measurement === undefined) throw new Error("bench job returned no measurement");
  if (report) await spec.onOutput?.(output);
  return { output: benchOutput(output), measurement };
}

function toSample(measurement: SampleMeasurement): BenchSample {
  return {
    totalNs: Math.round(measurement.totalMs * 1e6),
    instantiateNs: Math.round(measurement.instantiateMs * 1e6),
    runNs: Math.round(measurement.runMs * 1e6),
    memoryBytes: measurement.memoryBytes,
  };
}

/** `<prefix>: <message>`, keeping the failure's kind; qip's own bugs pass through. */
function withPrefix(error: unknown, prefix: string): unknown {
  if (!(error instanceof QipError)) return error;
  return new QipError(error.kind, `${prefix}: ${error.message}`, { cause: error });
}
