/**
 * How errors and logs name a stage: `stage 2 (upper.wasm)`.
 *
 * @module
 */

/** A stage's position in its chain and the module argument it came from. */
export interface StageRef {
  readonly index: number;
  readonly source: string;
}

/** Formats a stage for messages: `stage 2 (upper.wasm)`. */
export function describeStage(stage: StageRef): string {
  return `stage ${stage.index} (${stage.source})`;
}
