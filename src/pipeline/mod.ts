/**
 * Pipelines: chains of stages under one time budget.
 *
 * @module
 */

export * from "./run_output.ts";
export * from "./run_pipeline.ts";
export * from "./stage_ref.ts";
export * from "./time_budget.ts";
