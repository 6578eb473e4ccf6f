/**
 * How errors and logs name a stage: `stage 2 (upper.wasm)`, added to an error once, where the
 * stage is known.
 *
 * @module
 */

import { type ErrorKind, QipError } from "../errors.ts";

/** A stage's position in its chain and the module argument it came from. */
export interface StageRef {
  /** 0-based position in the chain. */
  readonly index: number;
  /** The module argument as given. */
  readonly source: string;
}

/** Formats a stage for messages: `stage 2 (upper.wasm)`. */
export function describeStage(stage: StageRef): string {
  return `stage ${stage.index} (${stage.source})`;
}

/**
 * Names the stage in a failure's detail, after the spec's words. Errors that are not a
 * {@linkcode QipError}, or (when `kinds` is given) not of one of `kinds`, pass through as they
 * are.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { QipError } from "../errors.ts";
 * import { inStage } from "./stage_ref.ts";
 * const error = inStage(new QipError("trap", "boom"), { index: 1, source: "a.wasm" });
 * assert.equal((error as Error).message, "boom: stage 1 (a.wasm)");
 * ```
 */
export function inStage(
  error: unknown,
  stage: StageRef,
  kinds?: readonly ErrorKind[],
): unknown {
  if (!(error instanceof QipError)) return error;
  if (kinds !== undefined && !kinds.includes(error.kind)) return error;
  return error.withContext(describeStage(stage));
}
