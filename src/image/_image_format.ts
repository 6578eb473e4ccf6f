/**
 * Which decoder an input image goes to, by its first bytes (spec: cli.md §5.5): the PNG
 * signature, JPEG's `FF D8`, and, beyond the spec, BMP's `BM`.
 *
 * @module
 */

/** The input formats `qip image` decodes. */
export type ImageFormat = "png" | "jpeg" | "bmp";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Returns the format of `bytes`, or `undefined` for anything else (`image: unknown format`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sniffImageFormat } from "./_image_format.ts";
 * assert.equal(sniffImageFormat(new Uint8Array([0xff, 0xd8, 0xff])), "jpeg");
 * assert.equal(sniffImageFormat(new Uint8Array([1, 2, 3])), undefined);
 * ```
 */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (PNG_SIGNATURE.every((byte, index) => bytes[index] === byte)) return "png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return "jpeg";
  if (bytes[0] === 0x42 && bytes[1] === 0x4d) return "bmp";
  return undefined;
}
