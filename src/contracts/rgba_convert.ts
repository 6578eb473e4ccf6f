/**
 * The vectorised byte ↔ float conversion (rgba_convert.wat) between an image in a shared
 * memory and a stage's memory, without copying through JavaScript. Results are bit-identical to
 * rgba_float.ts (tests/contracts/rgba_convert_test.ts checks random bit patterns, NaN and
 * infinities included).
 *
 * @module
 */

import { RGBA_CONVERT_WASM_BASE64 } from "./_rgba_convert_wasm.ts";

/** Conversions between one image memory and one stage memory. */
export interface RgbaConverter {
  /** `rows` rows of `channels` bytes at `src` (image) → floats at `dst` (stage memory). */
  bytesToFloats(
    src: number,
    srcStride: number,
    channels: number,
    rows: number,
    dst: number,
    dstStride: number,
  ): void;
  /** `rows` rows of `channels` floats at `src` (stage memory) → bytes at `dst` (image). */
  floatsToBytes(
    src: number,
    srcStride: number,
    channels: number,
    rows: number,
    dst: number,
    dstStride: number,
  ): void;
}

let compiled: WebAssembly.Module | undefined;
const converters = new WeakMap<WebAssembly.Memory, WeakMap<WebAssembly.Memory, RgbaConverter>>();

/**
 * Returns the converter between `image` (a shared memory holding 8-bit RGBA planes) and a
 * stage's `tile` memory, instantiated once per pair.
 */
export function rgbaConverter(image: WebAssembly.Memory, tile: WebAssembly.Memory): RgbaConverter {
  let byTile = converters.get(image);
  if (byTile === undefined) {
    byTile = new WeakMap();
    converters.set(image, byTile);
  }
  let converter = byTile.get(tile);
  if (converter === undefined) {
    compiled ??= new WebAssembly.Module(
      Uint8Array.from(atob(RGBA_CONVERT_WASM_BASE64), (char) => char.charCodeAt(0)),
    );
    const exports = new WebAssembly.Instance(compiled, { rgba: { image, tile } }).exports;
    converter = {
      bytesToFloats: exports["bytes_to_floats"] as RgbaConverter["bytesToFloats"],
      floatsToBytes: exports["floats_to_bytes"] as RgbaConverter["floatsToBytes"],
    };
    byTile.set(tile, converter);
  }
  return converter;
}
