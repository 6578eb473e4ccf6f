/**
 * Modules for the worker lifecycle tests, compiled the way qip compiles any module.
 *
 * @module
 */

import { runModule } from "../../scripts/hostile/_hostile_module.ts";
import { type CompiledStage, compileStage, type StageJobRequest } from "../../src/sandbox/mod.ts";

const MEMORY_BYTES = 256 * 1024 * 1024;

/**
 * A module whose `run` is `fills` `memory.fill`s of its whole 256 MiB memory in straight-line
 * code: no loop, no call, so no check point between them (unless the rewriter puts one before
 * bulk operations), and every fill touches all 256 MiB.
 */
export function fillChainBytes(fills: number): Uint8Array {
  const fill = `(memory.fill (i32.const 0) (i32.const 7) (i32.const ${MEMORY_BYTES}))`;
  return runModule({ memory: "4096 4096", run: `${fill.repeat(fills)} (i32.const 0)` });
}

/** A module echoing "ok" through the run contract's scalar: `run` returns 1. */
export function quickBytes(): Uint8Array {
  return runModule({ run: "(i32.const 1)" });
}

/** Compiles `bytes` under the default memory policy. */
export function compile(bytes: Uint8Array, name: string): Promise<CompiledStage> {
  return compileStage(bytes, { source: name, digest: name }, {
    memoryLimitPages: 4096,
    fuel: false,
  });
}

/** A `run` job for `stage` with a 100 ms time limit. */
export function runJob(stage: CompiledStage, input = "x"): StageJobRequest {
  return {
    module: stage.module,
    layout: stage.layout,
    contract: "run",
    input: new TextEncoder().encode(input),
    timeLimitMs: 100,
    fuel: undefined,
  };
}
