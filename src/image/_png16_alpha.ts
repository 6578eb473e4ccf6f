/**
 * 16-bit PNGs with an alpha channel (grey + alpha, RGBA), premultiplied as Go does it
 * (spec: cli.md §5.5): at 16 bits first, `c' = floor(c·a / 65535) >> 8`, alpha `a >> 8`.
 * imagescript's decoder hands out 8-bit samples only, and premultiplying those instead differs by
 * 1–4 levels on about half of the partly transparent pixels, so these files are decoded again
 * here from their 16-bit samples. The caller lets imagescript decode the file first: the set of
 * files qip accepts, and its error messages, stay imagescript's; this pass only reads samples.
 * 16-bit files without alpha need nothing more than the high byte (a tRNS colour makes alpha
 * 0 or 65535, which imagescript already applies at 16 bits). `node:zlib` is loaded on the first
 * such file only: it costs the codec worker's start-up about 25 ms.
 *
 * @module
 */

import { DecodeError } from "./_imagescript_decoders.ts";
import type { RgbaImage } from "./rgba_image.ts";
import { errorText } from "../errors.ts";

/** PNG colour types with an alpha channel, and their samples per pixel. */
const CHANNELS_WITH_ALPHA: Readonly<Record<number, number>> = { 4: 2, 6: 4 };

/** Adam7 passes: first column, first row, column step, row step. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/**
 * Whether `bytes` (a PNG) is a 16-bit grey + alpha or RGBA image, read from its IHDR.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isPng16WithAlpha } from "./_png16_alpha.ts";
 * const header = new Uint8Array(26);
 * header.set([16, 6], 24); // bit depth, colour type
 * assert.equal(isPng16WithAlpha(header), true);
 * header[25] = 2; // RGB
 * assert.equal(isPng16WithAlpha(header), false);
 * ```
 */
export function isPng16WithAlpha(bytes: Uint8Array): boolean {
  return bytes[24] === 16 && CHANNELS_WITH_ALPHA[bytes[25]!] !== undefined;
}

/**
 * Writes the premultiplied 8-bit pixels of a 16-bit grey + alpha or RGBA PNG into `image`
 * (whose size the first decode gave).
 *
 * @throws {DecodeError} `png: …` when the file does not hold what its header says.
 */
export async function premultiplyPng16Into(bytes: Uint8Array, image: RgbaImage): Promise<void> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const channels = CHANNELS_WITH_ALPHA[bytes[25]!];
  const { width, height, pixels } = image;
  if (channels === undefined || view.getUint32(16) !== width || view.getUint32(20) !== height) {
    throw new DecodeError("png: header changed between decodes");
  }
  const pixelBytes = channels * 2;
  const passes = bytes[28] === 1 ? ADAM7 : [[0, 0, 1, 1] as const];
  let rawLength = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const columns = Math.ceil((width - x0) / dx);
    const rows = Math.ceil((height - y0) / dy);
    if (columns > 0 && rows > 0) rawLength += rows * (1 + columns * pixelBytes);
  }
  const { inflateSync } = await import("node:zlib");
  const raw = inflateImageData(bytes, view, rawLength, inflateSync);
  let at = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const columns = Math.ceil((width - x0) / dx);
    const rows = Math.ceil((height - y0) / dy);
    if (columns <= 0 || rows <= 0) continue;
    const rowBytes = columns * pixelBytes;
    let previous: Uint8Array = new Uint8Array(rowBytes);
    for (let row = 0; row < rows; row++) {
      const line = raw.subarray(at + 1, at + 1 + rowBytes);
      unfilter(raw[at]!, line, previous, pixelBytes);
      at += 1 + rowBytes;
      const y = y0 + row * dy;
      for (let column = 0; column < columns; column++) {
        const to = (y * width + x0 + column * dx) * 4;
        writePremultiplied(line, column * pixelBytes, channels, pixels, to);
      }
      previous = line;
    }
  }
}

/** One pixel: Go's `NRGBA64.RGBA()` (`c·a / 0xffff`) and then the high byte. */
function writePremultiplied(
  line: Uint8Array,
  from: number,
  channels: number,
  pixels: Uint8Array,
  to: number,
): void {
  const sample = (index: number) => (line[from + index * 2]! << 8) | line[from + index * 2 + 1]!;
  const alpha = sample(channels - 1);
  for (let channel = 0; channel < 3; channel++) {
    const colour = sample(channels === 2 ? 0 : channel);
    pixels[to + channel] = Math.floor((colour * alpha) / 0xffff) >>> 8;
  }
  pixels[to + 3] = alpha >>> 8;
}

/** The concatenated IDAT chunks, inflated to exactly `rawLength` bytes. */
function inflateImageData(
  bytes: Uint8Array,
  view: DataView,
  rawLength: number,
  inflateSync: typeof import("node:zlib").inflateSync,
): Uint8Array {
  const parts: Uint8Array[] = [];
  let total = 0;
  for (let at = 8; at + 8 <= bytes.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (type === "IDAT") {
      parts.push(bytes.subarray(at + 8, Math.min(bytes.length, at + 8 + length)));
      total += length;
    }
    if (type === "IEND") break;
    at += 12 + length;
  }
  const compressed = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    compressed.set(part, offset);
    offset += part.length;
  }
  let raw: Uint8Array;
  try {
    raw = inflateSync(compressed, { maxOutputLength: Math.max(1, rawLength) });
  } catch (error) {
    const reason = errorText(error);
    throw new DecodeError(`png: image data could not be inflated (${reason})`);
  }
  if (raw.length < rawLength) {
    throw new DecodeError(`png: image data is ${raw.length} bytes, expected ${rawLength}`);
  }
  return raw;
}

/** Undoes one row's filter in place; `previous` is the unfiltered row above (zeros at first). */
function unfilter(type: number, line: Uint8Array, previous: Uint8Array, left: number): void {
  switch (type) {
    case 0:
      return;
    case 1:
      for (let i = left; i < line.length; i++) line[i] = line[i]! + line[i - left]!;
      return;
    case 2:
      for (let i = 0; i < line.length; i++) line[i] = line[i]! + previous[i]!;
      return;
    case 3:
      for (let i = 0; i < line.length; i++) {
        const a = i >= left ? line[i - left]! : 0;
        line[i] = line[i]! + ((a + previous[i]!) >>> 1);
      }
      return;
    case 4:
      for (let i = 0; i < line.length; i++) {
        const a = i >= left ? line[i - left]! : 0;
        const c = i >= left ? previous[i - left]! : 0;
        line[i] = line[i]! + paeth(a, previous[i]!, c);
      }
      return;
    default:
      throw new DecodeError(`png: invalid filter type ${type}`);
  }
}

/** The PNG Paeth predictor. */
function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}
