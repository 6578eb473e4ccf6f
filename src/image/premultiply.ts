/**
 * Go's conversions between straight and premultiplied 8-bit RGBA, which `qip image` applies
 * around the filters (spec: cli.md §5.5, §5.6), bit for bit.
 *
 * @module
 */

import type { RgbaImage } from "./rgba_image.ts";

/**
 * Premultiplies straight RGBA in place: `c' = floor(floor(c·a·257/255)/256)`, alpha unchanged
 * (Go's `color.NRGBA` → `image.RGBA`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { premultiplyInPlace } from "./premultiply.ts";
 * const pixels = new Uint8Array([200, 100, 255, 128]);
 * premultiplyInPlace(pixels);
 * assert.deepEqual(pixels, new Uint8Array([100, 50, 128, 128]));
 * ```
 */
export function premultiplyInPlace(pixels: Uint8Array): void {
  for (let at = 0; at < pixels.length; at += 4) {
    const alpha = pixels[at + 3]!;
    if (alpha === 255) continue;
    for (let channel = at; channel < at + 3; channel++) {
      pixels[channel] = ((pixels[channel]! * 257 * alpha) / 255) >>> 8;
    }
  }
}

/**
 * One premultiplied colour channel back to straight alpha, as Go's PNG encoder does it:
 * `((C·257·65535) / (A·257)) >> 8`, truncated to 8 bits **modulo 256** (a colour above its
 * alpha wraps around). Alpha 0 and 255 are the caller's cases.
 */
export function unpremultiplyChannel(colour: number, alpha: number): number {
  return (Math.floor((colour * 65535) / alpha) >>> 8) & 255;
}

/** A premultiplied image back to straight alpha, as the PNG encoder does for colour type 6. */
export function unpremultiplyImage(image: RgbaImage): RgbaImage {
  const pixels = new Uint8Array(image.pixels);
  for (let at = 0; at < pixels.length; at += 4) {
    const alpha = pixels[at + 3]!;
    if (alpha === 255) continue;
    for (let channel = at; channel < at + 3; channel++) {
      pixels[channel] = alpha === 0 ? 0 : unpremultiplyChannel(pixels[channel]!, alpha);
    }
  }
  return { width: image.width, height: image.height, pixels };
}
