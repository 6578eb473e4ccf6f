/**
 * The TurboJPEG decoder's compiled module, for the host to hand to its codec workers (which
 * cannot read files). Compiled once per process, on first use, from the embedded bytes.
 *
 * @module
 */

import { TURBO_JPEG_WASM_BASE64 } from "./_turbo_jpeg_wasm.ts";

let compiled: WebAssembly.Module | undefined;

/** libjpeg-turbo's TurboJPEG decoder (src/image/_turbo_jpeg.ts instantiates it per image). */
export function turboJpegModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(
    Uint8Array.from(atob(TURBO_JPEG_WASM_BASE64), (char) => char.charCodeAt(0)),
  );
  return compiled;
}
