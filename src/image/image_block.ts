/**
 * The tile stages of `qip image` over one decoded image (spec: cli.md §5.3 steps 6–7): the one
 * entry the command (and its batch mode) calls between decoding and encoding.
 *
 * @module
 */

import { compileFailed, QipError } from "../errors.ts";
import type { UniformValues } from "../contracts/mod.ts";
import { runTileBlock } from "../pipeline/mod.ts";
import type { CompiledStage, StageLimits, WorkerPool } from "../sandbox/mod.ts";
import type { RgbaImage } from "./rgba_image.ts";

/** What {@linkcode runImageBlock} needs. */
export interface ImageBlockOptions {
  /** The compiled modules in argument order; each names its stage by its `source`. */
  readonly stages: readonly CompiledStage[];
  /** Query uniforms per stage, in the same order. */
  readonly uniforms: readonly (UniformValues | undefined)[];
  /** The decoded, premultiplied input. */
  readonly image: RgbaImage;
  readonly limits: StageLimits;
  readonly pool: WorkerPool;
  /** The time budget (and Ctrl-C): aborting interrupts every stage instance. */
  readonly signal: AbortSignal;
  /** Called after each band with the bands done and the total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Runs every stage over `image` and returns the filtered image (premultiplied, in a shared
 * buffer). `qip image` reports a module that fails to instantiate as one that failed to compile
 * (spec: cli.md §9.2).
 *
 * @throws {QipError} the tile, uniform and contract errors naming the stage; the time-limit
 *   error; `Wasm module could not be compiled` for an instantiation failure.
 */
export async function runImageBlock(options: ImageBlockOptions): Promise<RgbaImage> {
  const { stages, ...rest } = options;
  try {
    return await runTileBlock({
      ...rest,
      stages: stages.map((stage, index) => ({ stage, ref: { index, source: stage.source } })),
    });
  } catch (error) {
    if (!(error instanceof QipError) || error.kind !== "instantiate") throw error;
    throw compileFailed(error.detail, error);
  }
}
