/**
 * The image block of `qip run` (spec: cli.md §3.3): BMP bytes in, tile stages over the decoded
 * image, BMP bytes out. BMP parsing is qip's own bounds-checked code and only copies bytes, so
 * it runs on the host thread inside the chain's time budget.
 *
 * @module
 */

import { QipError, timeLimitExceeded } from "../errors.ts";
import type { StageOutput } from "../contracts/mod.ts";
import type { CompiledStage, StageLimits, WorkerPool } from "../sandbox/mod.ts";
import { decodeBmp, encodeBmp } from "../image/mod.ts";
import { describeStage, inStage, type StageRef } from "./stage_ref.ts";
import { runTileBlock } from "./tile_block.ts";

/** What one BMP block needs. */
export interface BmpTileBlockSpec {
  readonly stages: readonly { readonly stage: CompiledStage; readonly ref: StageRef }[];
  /** The previous stage's output, or the command input (raw) when the block comes first. */
  readonly input: StageOutput;
  readonly limits: StageLimits;
  readonly pool: WorkerPool;
  readonly signal: AbortSignal;
}

/**
 * Runs the block and returns its output: raw BMP bytes.
 *
 * @throws {QipError} `Image stage requires raw BMP bytes as input`, the BMP decoding messages,
 *   and the tile errors.
 */
export async function runBmpTileBlock(spec: BmpTileBlockSpec): Promise<StageOutput> {
  const { input, signal, limits } = spec;
  if (input.encoding !== "raw") {
    throw new QipError("contract", "Image stage requires raw BMP bytes as input", {
      detail: describeStage(spec.stages[0]!.ref),
    });
  }
  const bytes = input.kind === "bytes" ? input.bytes : new Uint8Array(0);
  let image;
  try {
    image = decodeBmp(bytes);
  } catch (error) {
    throw inStage(error, spec.stages[0]!.ref);
  }
  if (signal.aborted) throw timeLimitExceeded(limits.timeLimitMs);
  const filtered = await runTileBlock({ ...spec, image });
  if (signal.aborted) throw timeLimitExceeded(limits.timeLimitMs);
  return { kind: "bytes", encoding: "raw", bytes: encodeBmp(filtered) };
}
