/**
 * Pipelines: chains of stages under one time budget.
 *
 * @module
 */

export { describeI32Output, formatRunOutput, runOutputChunks } from "./run_output.ts";
export {
  assertImageStagesContiguous,
  type PipelineResult,
  type PipelineSpec,
  runPipeline,
} from "./run_pipeline.ts";
export { inStage } from "./stage_ref.ts";
export { runTileBlock } from "./tile_block.ts";
export { startTimeBudget } from "./time_budget.ts";
