/**
 * The sandbox: compile modules with preemption and the memory policy, and run jobs in
 * permission-less workers. It knows nothing about files, HTTP or what a contract means.
 *
 * @module
 */

export * from "./compile_stage.ts";
export * from "./limits.ts";
export * from "./worker_pool.ts";
export type { ContractName, SessionContractName } from "./stage_job.ts";
