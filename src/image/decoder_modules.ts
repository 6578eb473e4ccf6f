/**
 * The image decoders compiled on the host, to be posted to the codec workers (which cannot read
 * files): libjpeg-turbo's TurboJPEG for JPEG (embedded bytes, turbo_jpeg_module.ts) and
 * imagescript's PNG decoder (imported as bytes from the host's module graph, so `deno install`
 * and `deno compile` copies, and the bundled host, find it too).
 *
 * @module
 */

import pngBytes from "imagescript/wasm/any/png.wasm" with { type: "bytes" };
import type { DecoderModules } from "./imagescript_decoders.ts";
import { turboJpegModule } from "./turbo_jpeg_module.ts";

/** The compiled JPEG and PNG decoders. */
export const DECODER_MODULES: DecoderModules = Object.freeze({
  jpeg: turboJpegModule(),
  // Imports `env.emscripten_notify_memory_growth`.
  png: new WebAssembly.Module(pngBytes),
});
