/**
 * BMP decoding for the tile block of `qip run` (spec: abi.md §4.6): 24 or 32 bpp, uncompressed,
 * bottom-up or top-down, with the spec's checks in its order. Pixels stay straight
 * (not premultiplied); a 32 bpp file's fourth byte is alpha, verbatim.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import type { RgbaImage } from "./rgba_image.ts";

/**
 * Decodes BMP bytes into RGBA.
 *
 * @example A 1×1 red 24 bpp BMP
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeBmp } from "./bmp_decode.ts";
 * import { encodeBmp } from "./bmp_encode.ts";
 * const bmp = encodeBmp({ width: 1, height: 1, pixels: new Uint8Array([255, 0, 0, 128]) });
 * assert.deepEqual(decodeBmp(bmp).pixels, new Uint8Array([255, 0, 0, 128]));
 * ```
 * @throws {QipError} kind `contract`: `BMP input too small`, `Input is not a BMP file`,
 *   `Unsupported BMP DIB header`, `Unsupported BMP dimensions`, `Unsupported BMP planes`,
 *   `Unsupported BMP compression`, `Unsupported BMP bit depth`, `Invalid BMP data offset`,
 *   `BMP pixel data out of range`.
 */
export function decodeBmp(bytes: Uint8Array): RgbaImage {
  const fail = (message: string) => new QipError("contract", message);
  if (bytes.byteLength < 54) throw fail("BMP input too small");
  if (bytes[0] !== 0x42 || bytes[1] !== 0x4d) throw fail("Input is not a BMP file");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(14, true) < 40) throw fail("Unsupported BMP DIB header");
  const width = view.getInt32(18, true);
  const rawHeight = view.getInt32(22, true);
  if (width <= 0 || rawHeight === 0) throw fail("Unsupported BMP dimensions");
  if (view.getUint16(26, true) !== 1) throw fail("Unsupported BMP planes");
  if (view.getUint32(30, true) !== 0) throw fail("Unsupported BMP compression");
  const bitsPerPixel = view.getUint16(28, true);
  if (bitsPerPixel !== 24 && bitsPerPixel !== 32) throw fail("Unsupported BMP bit depth");
  const offset = view.getUint32(10, true);
  if (offset > bytes.byteLength) throw fail("Invalid BMP data offset");
  const height = Math.abs(rawHeight);
  const bytesPerPixel = bitsPerPixel / 8;
  const stride = bitsPerPixel === 24 ? Math.ceil((width * 3) / 4) * 4 : width * 4;
  if (offset + stride * height > bytes.byteLength) throw fail("BMP pixel data out of range");
  const pixels = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const sourceRow = offset + (rawHeight < 0 ? y : height - 1 - y) * stride;
    let to = y * width * 4;
    for (let from = sourceRow; from < sourceRow + width * bytesPerPixel; from += bytesPerPixel) {
      pixels[to] = bytes[from + 2]!;
      pixels[to + 1] = bytes[from + 1]!;
      pixels[to + 2] = bytes[from]!;
      pixels[to + 3] = bytesPerPixel === 4 ? bytes[from + 3]! : 255;
      to += 4;
    }
  }
  return { width, height, pixels };
}
