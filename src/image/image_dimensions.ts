/**
 * The dimensions an image file claims in its header, read before any decoder runs: a PNG's
 * IHDR, a JPEG's frame headers (SOF markers before the first scan), a BMP's info header. A
 * small file can claim a huge image (a 2 KB JPEG saying 20000×20000, a 97 KB PNG of zeros that
 * inflates to 100 million pixels), and the decoders allocate for what the header says.
 *
 * @module
 */

import type { ImageFormat } from "./_image_format.ts";

/** The pixel limit of `qip image` unless `--max-pixels` says otherwise: 100 megapixels. */
export const DEFAULT_MAX_PIXELS = 100_000_000;

/** Width and height from a header. */
export interface ImageDimensions {
  readonly width: number;
  readonly height: number;
}

/**
 * Returns the largest frame `bytes` claims, or `undefined` when the header is too damaged to
 * say (the decoder then refuses the file on its own).
 *
 * @example A PNG's IHDR
 * ```ts
 * import assert from "node:assert/strict";
 * import { readImageDimensions } from "./image_dimensions.ts";
 * const png = new Uint8Array(24);
 * png.set([0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0x4e, 0x20, 0, 0, 0x27, 0x10], 8);
 * assert.deepEqual(readImageDimensions(png, "png"), { width: 20_000, height: 10_000 });
 * ```
 */
export function readImageDimensions(
  bytes: Uint8Array,
  format: ImageFormat,
): ImageDimensions | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (format) {
    case "png":
      // Signature, then IHDR's length and type, then width and height (big-endian).
      if (bytes.byteLength < 24 || view.getUint32(12) !== 0x49484452) return undefined;
      return { width: view.getUint32(16), height: view.getUint32(20) };
    case "bmp":
      if (bytes.byteLength < 26) return undefined;
      return {
        width: Math.abs(view.getInt32(18, true)),
        height: Math.abs(view.getInt32(22, true)),
      };
    case "jpeg":
      return jpegFrame(bytes, view);
  }
}

/** Walks the marker segments up to the first scan and keeps the largest SOFn frame. */
function jpegFrame(bytes: Uint8Array, view: DataView): ImageDimensions | undefined {
  let largest: ImageDimensions | undefined;
  let at = 2;
  while (at + 4 <= bytes.byteLength) {
    if (bytes[at] !== 0xff) return largest;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) { // fill byte
      at++;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return largest; // start of scan, end of image
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) { // no length
      at += 2;
      continue;
    }
    const length = view.getUint16(at + 2);
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 &&
      marker !== 0xcc;
    if (isFrame && at + 9 <= bytes.byteLength) {
      const frame = { width: view.getUint16(at + 7), height: view.getUint16(at + 5) };
      if (largest === undefined || frame.width * frame.height > largest.width * largest.height) {
        largest = frame;
      }
    }
    at += 2 + length;
  }
  return largest;
}
