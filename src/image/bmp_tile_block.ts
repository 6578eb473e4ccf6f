/**
 * The image block of `qip run` (spec: cli.md §3.3): BMP bytes in, tile stages over the decoded
 * image, BMP bytes out. BMP parsing is qip's own bounds-checked code and only copies bytes, so
 * it runs on the host thread inside the chain's time budget.
 *
 * @module
 */

import { QipError, timeLimitExceeded } from "../errors.ts";
import type { StageOutput } from "../contracts/mod.ts";
import { describeStage, type ImageBlockSpec, inStage, runTileBlock } from "../pipeline/mod.ts";
import { decodeBmp } from "./bmp_decode.ts";
import { encodeBmp } from "./bmp_encode.ts";

/**
 * Runs the block and returns its output: raw BMP bytes.
 *
 * @throws {QipError} `Image stage requires raw BMP bytes as input`, the BMP decoding messages,
 *   and the tile errors.
 */
export async function runBmpTileBlock(spec: ImageBlockSpec): Promise<StageOutput> {
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
