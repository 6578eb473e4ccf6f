/**
 * BMP encoding for the output of a tile block (spec: abi.md §4.7): a 54-byte header, 32 bpp
 * BI_RGB, rows bottom-up, pixels B G R A, no padding, resolution fields 0.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import type { RgbaImage } from "./rgba_image.ts";

/** Size of the file and info headers. */
const HEADER_BYTES = 54;

/**
 * Encodes RGBA as a 32-bit bottom-up BMP.
 *
 * @throws {QipError} `Invalid BMP image size` for an empty image.
 */
export function encodeBmp(image: RgbaImage): Uint8Array {
  const { width, height, pixels } = image;
  if (width <= 0 || height <= 0) throw new QipError("capacity", "Invalid BMP image size");
  const pixelBytes = width * height * 4;
  const bytes = new Uint8Array(HEADER_BYTES + pixelBytes);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x42;
  bytes[1] = 0x4d;
  view.setUint32(2, HEADER_BYTES + pixelBytes, true);
  view.setUint32(10, HEADER_BYTES, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, width, true);
  view.setInt32(22, height, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, 32, true);
  view.setUint32(34, pixelBytes, true);
  for (let y = 0; y < height; y++) {
    let to = HEADER_BYTES + (height - 1 - y) * width * 4;
    const rowEnd = (y + 1) * width * 4;
    for (let from = y * width * 4; from < rowEnd; from += 4) {
      bytes[to] = pixels[from + 2]!;
      bytes[to + 1] = pixels[from + 1]!;
      bytes[to + 2] = pixels[from]!;
      bytes[to + 3] = pixels[from + 3]!;
      to += 4;
    }
  }
  return bytes;
}
