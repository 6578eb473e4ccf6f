/**
 * The image decoders compiled on the host, to be posted to the codec workers (which cannot read
 * files): libjpeg-turbo's TurboJPEG for JPEG (embedded bytes, _turbo_jpeg_module.ts) and
 * imagescript's PNG decoder (from the host's module graph, so `deno install` and `deno compile`
 * copies find it too).
 *
 * @module
 */

// @ts-types="./_imagescript_wasm.d.ts"
import { pngModule } from "./_imagescript_wasm.js";
import type { DecoderModules } from "./_imagescript_decoders.ts";
import { turboJpegModule } from "./_turbo_jpeg_module.ts";

/** The compiled JPEG and PNG decoders. */
export const DECODER_MODULES: DecoderModules = Object.freeze({
  jpeg: turboJpegModule(),
  png: pngModule,
});
