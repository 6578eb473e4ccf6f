/**
 * Pipelines: chains of stages under one time budget, and blocks of tile stages over an image in
 * shared memory. Knows no file, no URL and no image format.
 *
 * @module
 */

export { describeI32Output, formatRunOutput, runOutputChunks } from "./run_output.ts";
export {
  assertImageStagesContiguous,
  type ImageBlockRunner,
  type ImageBlockSpec,
  type PipelineResult,
  type PipelineSpec,
  runPipeline,
} from "./run_pipeline.ts";
export { describeStage, inStage, type StageRef } from "./stage_ref.ts";
export { runTileBlock, type TileBlockSpec, type TileImage } from "./tile_block.ts";
export { startTimeBudget } from "./time_budget.ts";
