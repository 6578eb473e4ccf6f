/**
 * The two tile pipelines of abi.md §4.4, over a band of tile rows, inside the worker. Images are
 * shared (`SharedArrayBuffer`) between host and workers, so a band call moves no pixels: it
 * reads its source rows and writes its own target rows.
 *
 * - **A** (no halo): each 64×64 tile goes through every stage as floats (zero padding outside
 *   the image), then back to bytes.
 * - **B** (some halo): one stage over the band, tiles of span 64+2h built with edge clamping
 *   from the complete output of the previous stage; the host runs stage after stage.
 *
 * @module
 */

import { bytesToFloats, floatsToBytes } from "./_rgba_float.ts";
import { rgbaConverter } from "./_rgba_convert.ts";
import {
  assertTileFits,
  callTileAt,
  runTileInPlace,
  stopIfInterrupted,
  TILE_SIZE,
  type TileInstance,
} from "./tile_abi.ts";

/** An RGBA plane shared between workers: 8-bit channels, or float32 between halo stages. */
export type RgbaPlane =
  | { readonly kind: "bytes"; readonly data: Uint8Array }
  | { readonly kind: "floats"; readonly data: Float32Array };

/** Which tile rows of which image a band call covers. */
export interface TileRows {
  /** The image's width in pixels. */
  readonly width: number;
  /** The image's height in pixels. */
  readonly height: number;
  /** First tile row (y = 64·first). */
  readonly first: number;
  /** One past the last tile row. */
  readonly end: number;
}

/** Where pipeline A reads and writes: two 8-bit RGBA planes in one shared memory. */
export interface ImagePlanes {
  /** The shared memory both planes live in. */
  readonly memory: WebAssembly.Memory;
  /** Byte offset of the source plane. */
  readonly source: number;
  /** Byte offset of the target plane. */
  readonly target: number;
}

/**
 * Pipeline A over `rows`: every tile through all `stages`. Bytes are converted straight into
 * the first stage's memory and out of the last one's (vectorised, _rgba_convert.ts); between
 * stages the float tile is copied memory to memory.
 */
export function runTilesThroughStages(
  stages: readonly TileInstance[],
  planes: ImagePlanes,
  rows: TileRows,
): void {
  const { width, height } = rows;
  const first = stages[0]!;
  const last = stages.at(-1)!;
  const tileBytes = TILE_SIZE * TILE_SIZE * 16;
  const stride = width * 4;
  for (let y = rows.first * TILE_SIZE; y < Math.min(height, rows.end * TILE_SIZE); y += TILE_SIZE) {
    const tileH = Math.min(TILE_SIZE, height - y);
    for (let x = 0; x < width; x += TILE_SIZE) {
      const tileW = Math.min(TILE_SIZE, width - x);
      const at = y * stride + x * 4;
      for (let index = 0; index < stages.length; index++) {
        if (index === 0) {
          assertTileFits(first, tileBytes);
          const view = new Uint8Array(first.memory.buffer, first.inputPtr, tileBytes);
          if (tileW < TILE_SIZE || tileH < TILE_SIZE) view.fill(0);
          rgbaConverter(planes.memory, first.memory).bytesToFloats(
            planes.source + at,
            stride,
            tileW * 4,
            tileH,
            first.inputPtr,
            TILE_SIZE * 16,
          );
        }
        runTileInPlace(stages[index]!, stages[index - 1], tileBytes, x, y);
      }
      rgbaConverter(planes.memory, last.memory).floatsToBytes(
        last.inputPtr,
        TILE_SIZE * 16,
        tileW * 4,
        tileH,
        planes.target + at,
        stride,
      );
    }
  }
}

/**
 * Pipeline B, one stage over `rows`: tiles of span 64+2h whose cells take the edge-clamped
 * source pixel, the tile function called at the tile's top-left including the halo, and only
 * the core copied to `target`.
 *
 * The span comes from the module, so the tile is checked against the module's memory before
 * anything is built, and it is built row by row straight into that memory: the host allocates
 * one row, never a tile. Between rows the host stops as soon as the time limit has passed.
 */
export function runTilesWithHalo(
  stage: TileInstance,
  source: RgbaPlane,
  target: RgbaPlane,
  rows: TileRows,
): void {
  const { width, height } = rows;
  const h = stage.haloPx;
  const span = TILE_SIZE + 2 * h;
  const tileBytes = span * span * 16;
  assertTileFits(stage, tileBytes);
  const row = new Float32Array(span * 4);
  const rowBytes = new Uint8Array(row.buffer);
  for (let y = rows.first * TILE_SIZE; y < Math.min(height, rows.end * TILE_SIZE); y += TILE_SIZE) {
    const tileH = Math.min(TILE_SIZE, height - y);
    for (let x = 0; x < width; x += TILE_SIZE) {
      const tileW = Math.min(TILE_SIZE, width - x);
      assertTileFits(stage, tileBytes);
      let memory = new Uint8Array(stage.memory.buffer);
      for (let index = 0; index < span; index++) {
        stopIfInterrupted(stage);
        const sourceY = clamp(y + index - h, 0, height - 1);
        fillClampedRow(source, sourceY * width, width, x - h, row, 0, span);
        memory.set(rowBytes, stage.inputPtr + index * span * 16);
      }
      callTileAt(stage, tileBytes, x - h, y - h);
      memory = new Uint8Array(stage.memory.buffer);
      for (let index = 0; index < tileH; index++) {
        const from = stage.inputPtr + ((index + h) * span + h) * 16;
        rowBytes.set(memory.subarray(from, from + tileW * 16));
        copyOut(row, 0, target, ((y + index) * width + x) * 4, tileW * 4);
      }
    }
  }
}

/** Fills `count` tile cells from source columns `startX…`, clamped to `0…width-1`. */
function fillClampedRow(
  source: RgbaPlane,
  rowStart: number,
  width: number,
  startX: number,
  tile: Float32Array,
  to: number,
  count: number,
): void {
  const inside = Math.max(0, -startX);
  const insideEnd = Math.min(count, width - startX);
  for (let col = 0; col < inside; col++) copyIn(source, rowStart * 4, tile, to + col * 4, 4);
  if (insideEnd > inside) {
    copyIn(
      source,
      (rowStart + startX + inside) * 4,
      tile,
      to + inside * 4,
      (insideEnd - inside) * 4,
    );
  }
  const last = (rowStart + width - 1) * 4;
  for (let col = Math.max(inside, insideEnd); col < count; col++) {
    copyIn(source, last, tile, to + col * 4, 4);
  }
}

function copyIn(source: RgbaPlane, from: number, tile: Float32Array, to: number, count: number) {
  if (source.kind === "bytes") bytesToFloats(source.data, from, tile, to, count);
  else tile.set(source.data.subarray(from, from + count), to);
}

function copyOut(tile: Float32Array, from: number, target: RgbaPlane, to: number, count: number) {
  if (target.kind === "bytes") floatsToBytes(tile, from, target.data, to, count);
  else target.data.set(tile.subarray(from, from + count), to);
}

function clamp(value: number, low: number, high: number): number {
  return value < low ? low : value > high ? high : value;
}
