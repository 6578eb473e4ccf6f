/**
 * Runs a chain of compiled stages: stage N's output is stage N+1's input, under one time
 * budget and one fuel budget for the whole chain. Knows nothing about files or HTTP.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import { outputBytes, type StageOutput } from "../contracts/stage_output.ts";
import { inputCapPrecheck } from "../contracts/input_cap_precheck.ts";
import { sha256Hex } from "../format/sha256_hex.ts";
import type { CompiledStage, StageLimits, WorkerPool } from "../sandbox/mod.ts";
import { describeStage, type StageRef } from "./stage_ref.ts";
import { startTimeBudget } from "./time_budget.ts";
import { runBmpTileBlock } from "./bmp_tile_block.ts";

/** Everything one chain run needs. */
export interface PipelineSpec {
  /**
   * Compiled stages in chain order; with the constants of its exported globals the first
   * stage's input cap is checked before the clock starts.
   */
  readonly stages: readonly (CompiledStage & {
    readonly exportedI32Constants?: ReadonlyMap<string, number>;
  })[];
  /** The first stage's input (copied, so the caller keeps it, unless `handOverInput`). */
  readonly input: Uint8Array;
  /**
   * The caller is done with `input`: its buffer goes to the first stage's worker as it is
   * (detached here) instead of being copied, which saves one copy of a large input.
   */
  readonly handOverInput?: boolean;
  readonly limits: StageLimits;
  /** Workers to run the stages on. */
  readonly pool: WorkerPool;
  /** Receives verbose lines (`output sha256: …`); omit to stay quiet. */
  readonly log?: (line: string) => void;
  /** Called the moment a scalar stage finishes, to print its `Ran: N` line. */
  readonly onScalar?: (ran: number, stage: StageRef) => void | Promise<void>;
  /** Called after each stage that was started, success or not, with its wall time in ms. */
  readonly onStageTimed?: (stage: StageRef, wallMs: number) => void;
}

/** What a chain produced. */
export interface PipelineResult {
  /** The last stage's output. */
  readonly output: StageOutput;
  /** Fuel left after the chain, when fuel is metered. */
  readonly fuelLeft: bigint | undefined;
}

/**
 * Runs `spec.stages` in order over `spec.input`.
 *
 * @example Chain two modules
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadStages } from "../host/mod.ts";
 * import { DEFAULT_LIMITS, WorkerPool } from "../sandbox/mod.ts";
 * import { formatRunOutput } from "./run_output.ts";
 * import { runPipeline } from "./run_pipeline.ts";
 * const modules = ["examples/hello.wasm", "examples/base64-encode.wasm"];
 * const stages = await loadStages(modules, { limits: DEFAULT_LIMITS });
 * const pool = new WorkerPool({ size: 1 });
 * try {
 *   const input = new TextEncoder().encode("World");
 *   const { output } = await runPipeline({ stages, input, limits: DEFAULT_LIMITS, pool });
 *   assert.equal(new TextDecoder().decode(formatRunOutput(output)), `${btoa("Hello, World")}\n`);
 * } finally {
 *   pool.close();
 * }
 * ```
 * @throws {QipError} the first stage failure, with the stage named in its detail (for the
 *   time-limit and fuel messages too, after the spec's words).
 */
export async function runPipeline(spec: PipelineSpec): Promise<PipelineResult> {
  const { stages, limits, pool, log, onScalar } = spec;
  assertImageStagesContiguous(stages);
  const first = stages[0];
  if (first !== undefined && !first.isTileStage && first.exportedI32Constants !== undefined) {
    const tooLarge = inputCapPrecheck(first.layout, first.exportedI32Constants, spec.input.length);
    if (tooLarge !== undefined) throw inStage(tooLarge, { index: 0, source: first.source });
  }
  // Worker start-up is not the module's time: the clock starts once a worker can take the job.
  await pool.ready();
  using budget = startTimeBudget(limits.timeLimitMs);
  let fuelLeft = limits.fuel;
  let bytes: Uint8Array = spec.handOverInput === true ? spec.input : spec.input.slice();
  let output: StageOutput = { kind: "bytes", encoding: "raw", bytes };
  for (let index = 0; index < stages.length; index++) {
    const stage = stages[index]!;
    if (stage.isTileStage) {
      const block = tileBlockAt(stages, index);
      const startedMs = performance.now();
      try {
        output = await runBmpTileBlock({
          stages: block,
          input: output,
          limits,
          pool,
          signal: budget.signal,
        });
      } finally {
        for (const { ref } of block) spec.onStageTimed?.(ref, performance.now() - startedMs);
      }
      bytes = outputBytes(output);
      index += block.length - 1;
      continue;
    }
    const ref = { index, source: stage.source };
    const startedMs = performance.now();
    try {
      const result = await pool.run({
        module: stage.module,
        layout: stage.layout,
        contract: "run",
        input: bytes,
        timeLimitMs: limits.timeLimitMs,
        fuel: fuelLeft === undefined || limits.fuel === undefined
          ? undefined
          : { budget: limits.fuel, remaining: fuelLeft },
      }, budget.signal);
      output = result.output;
      fuelLeft = result.fuelLeft ?? fuelLeft;
    } catch (error) {
      throw inStage(error, ref);
    } finally {
      spec.onStageTimed?.(ref, performance.now() - startedMs);
    }
    if (output.kind === "scalar") await onScalar?.(output.ran, ref);
    else if (log !== undefined && output.bytes.byteLength > 0) {
      log?.(`output sha256: ${await sha256Hex(output.bytes)}`);
    }
    bytes = outputBytes(output);
  }
  return { output, fuelLeft };
}

/** The contiguous tile stages starting at `start`, with their chain positions. */
function tileBlockAt(stages: readonly CompiledStage[], start: number) {
  const block: { stage: CompiledStage; ref: StageRef }[] = [];
  for (let index = start; stages[index]?.isTileStage === true; index++) {
    block.push({ stage: stages[index]!, ref: { index, source: stages[index]!.source } });
  }
  return block;
}

/**
 * Tile stages must form one contiguous block (spec: cli.md §3.2 step 6).
 *
 * @throws {QipError} `Image stages must be contiguous to compose (module <i>)`.
 */
export function assertImageStagesContiguous(stages: readonly { isTileStage: boolean }[]): void {
  let blockEnded = false;
  let seenTile = false;
  for (const [index, stage] of stages.entries()) {
    if (stage.isTileStage && blockEnded) {
      throw new QipError(
        "contract",
        `Image stages must be contiguous to compose (module ${index})`,
      );
    }
    if (stage.isTileStage) seenTile = true;
    else if (seenTile) blockEnded = true;
  }
}

/**
 * Names the stage in a failure's detail, after the spec's words. The time and fuel budgets
 * belong to the whole chain, so their messages name the stage that was running when the budget
 * ran out: the one to look at, which only the verbose timings showed before.
 */
function inStage(error: unknown, stage: StageRef): unknown {
  if (!(error instanceof QipError)) return error;
  return error.withContext(describeStage(stage));
}
