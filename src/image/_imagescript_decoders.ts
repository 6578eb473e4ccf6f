/**
 * PNG decoding with imagescript's WebAssembly decoder, without its Node glue (which reads the
 * `.wasm` files from disk and so needs read permission), and the compiled decoders of the codec
 * worker. The modules are handed in ({@linkcode useDecoderModules}): the host compiles them
 * (src/image/_decoder_modules.ts) and posts them to the codec worker, which has no permissions and
 * is spawned from source text (see src/image/codec_pool.ts), so it could not import a `.wasm`
 * file itself. JPEG is libjpeg-turbo's (src/image/_turbo_jpeg.ts).
 *
 * @module
 */

import { allocateSharedImage, type RgbaImage } from "./rgba_image.ts";
import { errorText } from "../errors.ts";

/** The compiled decoders (src/image/_decoder_modules.ts on the host). */
export interface DecoderModules {
  /** libjpeg-turbo's TurboJPEG (src/image/_turbo_jpeg.ts instantiates it). */
  readonly jpeg: WebAssembly.Module;
  /** Imports `env.emscripten_notify_memory_growth`. */
  readonly png: WebAssembly.Module;
}

let handedIn: DecoderModules | undefined;

/** Sets the compiled decoders every later decode instantiates. */
export function useDecoderModules(modules: DecoderModules): void {
  handedIn = modules;
}

/** The compiled decoders handed in. */
export function decoderModules(): DecoderModules {
  if (handedIn === undefined) throw new Error("the image decoders were not handed in");
  return handedIn;
}

/** The decoder said no; `message` is the one-line reason. */
export class DecodeError extends Error {
  override name = "DecodeError";
}

interface PngExports {
  readonly memory: WebAssembly.Memory;
  walloc(size: number): number;
  wfree(ptr: number): void;
  decode(ptr: number, size: number): number;
  width(): number;
  height(): number;
}

/**
 * Decodes a PNG (every colour type and depth, interlaced or not) to straight 8-bit RGBA;
 * 16-bit channels keep their high byte.
 *
 * @throws {DecodeError} `png: failed to decode (<status>)`, or the decoder's trap.
 */
export function decodePng(bytes: Uint8Array): RgbaImage {
  const wasm = guarded("png", () =>
    new WebAssembly.Instance(decoderModules().png, {
      env: { emscripten_notify_memory_growth: () => undefined },
    }).exports) as unknown as PngExports;
  const memory = wasm.memory;
  return guarded("png", () => {
    const input = wasm.walloc(bytes.byteLength);
    new Uint8Array(memory.buffer, input, bytes.byteLength).set(bytes);
    const status = wasm.decode(input, bytes.byteLength);
    if (status < 0) throw new DecodeError(`png: failed to decode (${status})`);
    const width = wasm.width();
    const height = wasm.height();
    const image = allocateSharedImage(width, height);
    image.pixels.set(new Uint8Array(memory.buffer, status, width * height * 4));
    return image;
  });
}

/** Runs decoder code; a trap or a bad pointer becomes a {@linkcode DecodeError}. */
function guarded<T>(format: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof DecodeError) throw error;
    const reason = errorText(error);
    throw new DecodeError(`${format}: ${reason}`);
  }
}
