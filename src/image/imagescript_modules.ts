/**
 * imagescript's decoders compiled on the host, from its own module graph (so `deno install` and
 * `deno compile` copies find them too), to be posted to the codec workers.
 *
 * @module
 */

// @ts-types="./_imagescript_wasm.d.ts"
import { jpegModule, pngModule } from "./_imagescript_wasm.js";
import type { DecoderModules } from "./imagescript_decoders.ts";

/** The compiled JPEG and PNG decoders. */
export const IMAGESCRIPT_MODULES: DecoderModules = Object.freeze({
  jpeg: jpegModule,
  png: pngModule,
});
