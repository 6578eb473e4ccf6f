/**
 * One band of a PNG's image data, compressed on its own (inside a codec worker): the rows are
 * converted to the file's colour type (RGB, or straight RGBA with Go's un-premultiplication,
 * spec: cli.md §5.6), filtered, and deflated ending on a byte boundary, so that the bands of
 * an image concatenate into one zlib stream. This file loads `node:zlib`, so the codec worker
 * imports it only when it first encodes.
 *
 * @module
 */

import { constants, crc32, deflateRawSync } from "node:zlib";
import { adler32 } from "./_checksums.ts";
import { pngChunk } from "./_png_chunk.ts";
import { unpremultiplyChannel } from "./premultiply.ts";

/** PNG colour types qip writes. */
export type PngColourType = 2 | 6;

/** What to compress. */
export interface PngBandRequest {
  /** The premultiplied RGBA image, shared. */
  readonly pixels: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly firstRow: number;
  readonly endRow: number;
  readonly colourType: PngColourType;
}

/** One compressed band, ready to be one IDAT chunk. */
export interface PngBand {
  /** The whole IDAT chunk: length, type, data, CRC. */
  readonly chunk: Uint8Array;
  /** Adler-32 of the uncompressed (filtered) bytes, and their count. */
  readonly adler: number;
  readonly rawLength: number;
}

/** Compresses one band; the band that ends the image finishes the deflate stream. */
export function encodePngBand(request: PngBandRequest): PngBand {
  const { width, firstRow, endRow, colourType } = request;
  const channels = colourType === 6 ? 4 : 3;
  const rowBytes = width * channels;
  const raw = new Uint8Array((endRow - firstRow) * (rowBytes + 1));
  const grey = colourType === 2
    ? filterOpaqueRows(request, raw)
    : filterTranslucentRows(request, raw);
  const last = endRow >= request.height;
  const finishFlush = last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH;
  // zlib's run-length strategy: on filtered colour photographs 1.75× faster than level 2 for a
  // file about 8% larger, and it still collapses the flat areas of drawings and screenshots.
  // A grey band (R = G = B everywhere) filters to three equal bytes per pixel, which only
  // string matching finds: level 2 makes a grey photograph's file 40% smaller than the
  // run-length strategy for about 20% more time (docs/benchmarks.md).
  const data = deflateRawSync(
    raw,
    grey ? { level: 2, finishFlush } : { strategy: constants.Z_RLE, finishFlush },
  );
  return { chunk: pngChunk("IDAT", data, crc32), adler: adler32(raw), rawLength: raw.length };
}

/**
 * Colour type 2: filters the band's rows straight from the RGBA pixels into `raw` (no row
 * copies: this loop is most of the encoder's JavaScript time). Returns whether every pixel has
 * R = G = B.
 */
function filterOpaqueRows(request: PngBandRequest, raw: Uint8Array): boolean {
  const { pixels, width, firstRow, endRow } = request;
  const stride = width * 4;
  let grey = true;
  let at = 0;
  for (let y = firstRow; y < endRow; y++) {
    raw[at++] = 3;
    let from = y * stride;
    const end = from + stride;
    // Average: each byte minus the mean of its left and upper neighbours (zeros outside).
    let left0 = 0;
    let left1 = 0;
    let left2 = 0;
    if (y === 0) {
      for (; from < end; from += 4, at += 3) {
        const r = pixels[from]!;
        const g = pixels[from + 1]!;
        const b = pixels[from + 2]!;
        raw[at] = r - (left0 >> 1);
        raw[at + 1] = g - (left1 >> 1);
        raw[at + 2] = b - (left2 >> 1);
        if (r !== g || r !== b) grey = false;
        left0 = r;
        left1 = g;
        left2 = b;
      }
    } else {
      for (; from < end; from += 4, at += 3) {
        const r = pixels[from]!;
        const g = pixels[from + 1]!;
        const b = pixels[from + 2]!;
        raw[at] = r - ((left0 + pixels[from - stride]!) >> 1);
        raw[at + 1] = g - ((left1 + pixels[from + 1 - stride]!) >> 1);
        raw[at + 2] = b - ((left2 + pixels[from + 2 - stride]!) >> 1);
        if (r !== g || r !== b) grey = false;
        left0 = r;
        left1 = g;
        left2 = b;
      }
    }
  }
  return grey;
}

/** Colour type 6: rows un-premultiplied into a row buffer, then filtered. Never grey. */
function filterTranslucentRows(request: PngBandRequest, raw: Uint8Array): false {
  const { width, firstRow, endRow } = request;
  const rowBytes = width * 4;
  // Two row buffers, swapped: the row above (zeros above the image) and the current one.
  let above = new Uint8Array(rowBytes);
  let current = new Uint8Array(rowBytes);
  if (firstRow > 0) convertRow(request, firstRow - 1, above);
  for (let y = firstRow; y < endRow; y++) {
    convertRow(request, y, current);
    filterRow(current, above, 4, raw, (y - firstRow) * (rowBytes + 1));
    [above, current] = [current, above];
  }
  return false;
}

/** Row `y` as straight RGBA (Go's un-premultiplication). */
function convertRow(request: PngBandRequest, y: number, row: Uint8Array): Uint8Array {
  const { pixels, width } = request;
  let from = y * width * 4;
  for (let to = 0; to < row.length; to += 4, from += 4) {
    const alpha = pixels[from + 3]!;
    if (alpha === 255) {
      row[to] = pixels[from]!;
      row[to + 1] = pixels[from + 1]!;
      row[to + 2] = pixels[from + 2]!;
    } else if (alpha === 0) {
      row[to] = 0;
      row[to + 1] = 0;
      row[to + 2] = 0;
    } else {
      row[to] = unpremultiplyChannel(pixels[from]!, alpha);
      row[to + 1] = unpremultiplyChannel(pixels[from + 1]!, alpha);
      row[to + 2] = unpremultiplyChannel(pixels[from + 2]!, alpha);
    }
    row[to + 3] = alpha;
  }
  return row;
}

/**
 * Writes the filter byte and the row with PNG's Average filter (type 3; the row above the
 * image is zeros). On photographs it compresses within a few percent of Paeth at half its cost
 * and better than Up or Sub; a per-row search costs more than it saves.
 */
function filterRow(
  row: Uint8Array,
  above: Uint8Array,
  channels: number,
  out: Uint8Array,
  at: number,
): void {
  out[at] = 3;
  for (let index = 0; index < channels; index++) {
    out[at + 1 + index] = row[index]! - (above[index]! >> 1);
  }
  for (let index = channels; index < row.length; index++) {
    out[at + 1 + index] = row[index]! - ((row[index - channels]! + above[index]!) >> 1);
  }
}
