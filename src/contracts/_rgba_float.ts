/**
 * The exact byte ↔ float conversion of the tile contract (spec: abi.md §4.5). Both directions
 * work on whole runs of channels so the tile loops stay tight.
 *
 * @module
 */

/** `fround(1/255)`: the single factor of the byte → float conversion. */
export const BYTE_TO_FLOAT: number = Math.fround(1 / 255);

/** Every byte's float, `fround(b × fround(1/255))`: one float32 multiplication, not `b/255`. */
const BYTE_FLOATS = Float32Array.from({ length: 256 }, (_, byte) => byte * BYTE_TO_FLOAT);

/**
 * Float → byte: `v ≤ 0` and NaN → 0, `v ≥ 1` → 255, else `trunc(fround(fround(v·255) + 0.5))`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { byteToFloat, floatToByte } from "./_rgba_float.ts";
 * for (let byte = 0; byte < 256; byte++) assert.equal(floatToByte(byteToFloat(byte)), byte);
 * assert.equal(floatToByte(NaN), 0);
 * ```
 */
export function floatToByte(value: number): number {
  if (!(value > 0)) return 0;
  if (value >= 1) return 255;
  return Math.fround(Math.fround(value * 255) + 0.5) | 0;
}

/** Byte → float: `fround(b × fround(1/255))`. */
export function byteToFloat(byte: number): number {
  return BYTE_FLOATS[byte & 255]!;
}

/** Converts `count` channels of `bytes` from `from` into `floats` at `to`. */
export function bytesToFloats(
  bytes: Uint8Array,
  from: number,
  floats: Float32Array,
  to: number,
  count: number,
): void {
  for (let index = 0; index < count; index++) {
    floats[to + index] = BYTE_FLOATS[bytes[from + index]!]!;
  }
}

/** Converts `count` channels of `floats` from `from` into `bytes` at `to`. */
export function floatsToBytes(
  floats: Float32Array,
  from: number,
  bytes: Uint8Array,
  to: number,
  count: number,
): void {
  for (let index = 0; index < count; index++) {
    const value = floats[from + index]!;
    bytes[to + index] = value > 0
      ? (value >= 1 ? 255 : Math.fround(Math.fround(value * 255) + 0.5) | 0)
      : 0;
  }
}
