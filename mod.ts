/**
 * qip as a library: compile modules and run pipelines in permission-less, preemptible workers.
 * The `qip` command line is one user of this API.
 *
 * @example Run a chain in-process
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_LIMITS, formatRunOutput, loadStages, runPipeline, WorkerPool } from "./mod.ts";
 * const pool = new WorkerPool({ size: 1 });
 * try {
 *   const stages = await loadStages(["examples/hello.wasm"], { limits: DEFAULT_LIMITS });
 *   const input = new TextEncoder().encode("World");
 *   const { output } = await runPipeline({ stages, input, limits: DEFAULT_LIMITS, pool });
 *   assert.equal(new TextDecoder().decode(formatRunOutput(output)), "Hello, World\n");
 * } finally {
 *   pool.close();
 * }
 * ```
 *
 * @module
 */

export { type ErrorKind, QipError } from "./src/errors.ts";
export type { OutputEncoding, StageOutput } from "./src/contracts/mod.ts";
export { loadModuleBytes, loadStages, type LoadStagesOptions } from "./src/host/mod.ts";
export {
  formatRunOutput,
  type PipelineResult,
  type PipelineSpec,
  runPipeline,
} from "./src/pipeline/mod.ts";
export {
  type CompiledStage,
  compileStage,
  DEFAULT_LIMITS,
  type StageLimits,
  WorkerPool,
} from "./src/sandbox/mod.ts";
