/**
 * Batch runs: expand many inputs (repeated `-i`, directories, globs), shard them, and run a
 * computation over each with the result cache. Uses the host for files.
 *
 * @module
 */

export {
  type BatchInput,
  expandBatchInputs,
  isBatchInput,
  parseExtension,
} from "./batch_inputs.ts";
export { type ChainIdentity, resultKeyer } from "./result_key.ts";
export { formatBatchSummary, runBatch } from "./run_batch.ts";
export { inShard, parseShard, type Shard } from "./shard.ts";
