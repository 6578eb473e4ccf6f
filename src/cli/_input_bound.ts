/**
 * How much input `qip run` and `qip bench` read: no stage can take an input larger than the
 * linear memory it may have, so reading stops one byte past `--max-memory`.
 *
 * @module
 */

import type { InputBound } from "../host/mod.ts";
import { type StageLimits, WASM_PAGE_BYTES } from "../sandbox/mod.ts";

/**
 * The input bound for chains under `limits`: the memory limit in bytes (256 MiB by default).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stageInputBound } from "./_input_bound.ts";
 * import { DEFAULT_LIMITS } from "../sandbox/mod.ts";
 * assert.equal(stageInputBound(DEFAULT_LIMITS).maxBytes, 256 * 1024 * 1024);
 * ```
 */
export function stageInputBound(limits: StageLimits): InputBound {
  return {
    maxBytes: limits.memoryLimitPages * WASM_PAGE_BYTES,
    raiseWith: "no module can hold more than --max-memory",
  };
}
