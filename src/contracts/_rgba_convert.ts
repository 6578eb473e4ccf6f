/**
 * The vectorised byte ↔ float conversion (rgba_convert.wat) between an image in a shared
 * memory and a stage's memory, without copying through JavaScript. Results are bit-identical to
 * _rgba_float.ts (tests/contracts/rgba_convert_test.ts checks random bit patterns, NaN and
 * infinities included).
 *
 * @module
 */

import { RGBA_CONVERT_WASM_BASE64 } from "./_rgba_convert_wasm.ts";
import { bytesToFloats, floatsToBytes } from "./_rgba_float.ts";

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
 * stage's `tile` memory, instantiated once per pair. A stage with a shared memory gets the
 * same conversions in JavaScript.
 */
export function rgbaConverter(image: WebAssembly.Memory, tile: WebAssembly.Memory): RgbaConverter {
  let byTile = converters.get(image);
  if (byTile === undefined) {
    byTile = new WeakMap();
    converters.set(image, byTile);
  }
  let converter = byTile.get(tile);
  if (converter === undefined && tile.buffer instanceof SharedArrayBuffer) {
    // The module's import declares an unshared stage memory; a shared one links only here.
    converter = scalarConverter(image, tile);
    byTile.set(tile, converter);
  }
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

/** The same conversions in JavaScript (_rgba_float.ts), row by row through a scratch buffer. */
function scalarConverter(image: WebAssembly.Memory, tile: WebAssembly.Memory): RgbaConverter {
  return {
    bytesToFloats(src, srcStride, channels, rows, dst, dstStride) {
      const floats = new Float32Array(channels);
      for (let row = 0; row < rows; row++) {
        bytesToFloats(new Uint8Array(image.buffer), src + row * srcStride, floats, 0, channels);
        new Uint8Array(tile.buffer).set(new Uint8Array(floats.buffer), dst + row * dstStride);
      }
    },
    floatsToBytes(src, srcStride, channels, rows, dst, dstStride) {
      const floats = new Float32Array(channels);
      const floatBytes = new Uint8Array(floats.buffer);
      for (let row = 0; row < rows; row++) {
        const from = src + row * srcStride;
        floatBytes.set(new Uint8Array(tile.buffer, from, channels * 4));
        floatsToBytes(floats, 0, new Uint8Array(image.buffer), dst + row * dstStride, channels);
      }
    },
  };
}
