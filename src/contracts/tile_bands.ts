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

import { rgbaConverter } from "./_rgba_convert.ts";
import {
  assertTileFits,
  callTileAt,
  runTileInPlace,
  stopIfInterrupted,
  TILE_SIZE,
  type TileInstance,
} from "./tile_abi.ts";

/**
 * An RGBA plane shared between workers: 8-bit channels in a shared wasm memory (`data` is a view
 * of `memory`), or float32 between halo stages.
 */
export type RgbaPlane =
  | { readonly kind: "bytes"; readonly data: Uint8Array; readonly memory: WebAssembly.Memory }
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
 * anything is built, and it is built straight into that memory (8-bit planes through the
 * vectorised conversion, one call for the rows inside the image; float planes as a copy); the
 * host allocates nothing per tile. Between tiles the host stops as soon as the time limit has
 * passed.
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
  const fill = rowFiller(source, stage, width);
  const store = tileStorer(target, stage, width);
  const rowBytes = span * 16;
  for (let y = rows.first * TILE_SIZE; y < Math.min(height, rows.end * TILE_SIZE); y += TILE_SIZE) {
    const tileH = Math.min(TILE_SIZE, height - y);
    for (let x = 0; x < width; x += TILE_SIZE) {
      const tileW = Math.min(TILE_SIZE, width - x);
      stopIfInterrupted(stage);
      assertTileFits(stage, tileBytes);
      // Columns x − h … x − h + span − 1 clamped to 0 … width − 1: the inside run is converted
      // for all rows at once (edge-clamped rows one by one), then the edge pixels are copied
      // out to the tile's sides.
      const inside = Math.max(0, h - x);
      const insideEnd = Math.min(span, width - x + h);
      const firstRow = Math.max(0, h - y); // rows above it repeat image row 0
      const endRow = Math.min(span, height - y + h); // rows from it repeat the last image row
      const column = x - h + inside;
      const at = stage.inputPtr + inside * 16;
      fill(
        (y - h + firstRow) * width + column,
        insideEnd - inside,
        endRow - firstRow,
        at + firstRow * rowBytes,
        rowBytes,
      );
      for (let index = 0; index < firstRow; index++) {
        fill(column, insideEnd - inside, 1, at + index * rowBytes, rowBytes);
      }
      for (let index = endRow; index < span; index++) {
        fill((height - 1) * width + column, insideEnd - inside, 1, at + index * rowBytes, rowBytes);
      }
      if (inside > 0 || insideEnd < span) {
        const memory = new Uint8Array(stage.memory.buffer);
        for (let cell = stage.inputPtr; cell < stage.inputPtr + span * rowBytes; cell += rowBytes) {
          for (let col = 0; col < inside; col++) {
            memory.copyWithin(cell + col * 16, cell + inside * 16, cell + inside * 16 + 16);
          }
          const last = cell + (insideEnd - 1) * 16;
          for (let col = insideEnd; col < span; col++) {
            memory.copyWithin(cell + col * 16, last, last + 16);
          }
        }
      }
      callTileAt(stage, tileBytes, x - h, y - h);
      store(stage.inputPtr + (h * span + h) * 16, rowBytes, tileW, tileH, y * width + x);
    }
  }
}

/**
 * Writes `count` source pixels of `rows` image rows, from pixel index `from`, as floats at `to`
 * in stage memory, rows `toStride` bytes apart.
 */
type RowFiller = (from: number, count: number, rows: number, to: number, toStride: number) => void;

function rowFiller(source: RgbaPlane, stage: TileInstance, imageWidth: number): RowFiller {
  if (source.kind === "bytes") {
    const convert = rgbaConverter(source.memory, stage.memory);
    const base = source.data.byteOffset;
    return (from, count, rows, to, toStride) =>
      convert.bytesToFloats(base + from * 4, imageWidth * 4, count * 4, rows, to, toStride);
  }
  const bytes = new Uint8Array(source.data.buffer, source.data.byteOffset);
  return (from, count, rows, to, toStride) => {
    const memory = new Uint8Array(stage.memory.buffer);
    for (let row = 0; row < rows; row++) {
      const at = (from + row * imageWidth) * 16;
      memory.set(bytes.subarray(at, at + count * 16), to + row * toStride);
    }
  };
}

/**
 * Copies a tile's core (`width × height` pixels at `from` in stage memory, rows `stride` bytes
 * apart) to pixel index `to` of the target plane, whose rows are `imageWidth` pixels apart.
 */
type TileStorer = (from: number, stride: number, width: number, height: number, to: number) => void;

function tileStorer(target: RgbaPlane, stage: TileInstance, imageWidth: number): TileStorer {
  if (target.kind === "bytes") {
    const convert = rgbaConverter(target.memory, stage.memory);
    const base = target.data.byteOffset;
    return (from, stride, width, height, to) =>
      convert.floatsToBytes(from, stride, width * 4, height, base + to * 4, imageWidth * 4);
  }
  const bytes = new Uint8Array(target.data.buffer, target.data.byteOffset);
  return (from, stride, width, height, to) => {
    const memory = new Uint8Array(stage.memory.buffer);
    for (let row = 0; row < height; row++) {
      const at = from + row * stride;
      bytes.set(memory.subarray(at, at + width * 16), (to + row * imageWidth) * 16);
    }
  };
}
