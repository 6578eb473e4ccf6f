/**
 * The sandbox: compile modules with preemption and the memory policy, and run jobs in
 * permission-less workers. It knows nothing about files, HTTP or what a contract means.
 *
 * @module
 */

export { type CompiledStage, compileStage, type CompileStageOptions } from "./compile_stage.ts";
export { deadlineSignal } from "./deadline.ts";
export {
  DEFAULT_LIMITS,
  executionMode,
  modeLine,
  type StageLimits,
  WASM_PAGE_BYTES,
} from "./limits.ts";
export type {
  ContractName,
  InstanceSpec,
  JobResult,
  SessionContractName,
  SessionModule,
  SessionOptions,
  SessionRequestOf,
  StageJob,
} from "./stage_job.ts";
export {
  type SessionRequest,
  type StageJobRequest,
  type StageJobResult,
  StageSession,
  WorkerPool,
  type WorkerPoolOptions,
} from "./worker_pool.ts";
export { workerScriptUrl } from "./worker_script_url.ts";
