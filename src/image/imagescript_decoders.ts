/**
 * PNG and JPEG decoding with imagescript's WebAssembly decoders, without its Node glue (which
 * reads the `.wasm` files from disk and so needs read permission). The compiled modules are
 * handed in ({@linkcode useDecoderModules}): the host compiles them from its own module graph
 * and posts them to the codec worker, which has no permissions and is spawned from source text
 * (see src/image/codec_pool.ts), so it could not import a `.wasm` file itself.
 *
 * @module
 */

import { allocateSharedImage, type RgbaImage } from "./rgba_image.ts";

/** imagescript's compiled decoders (src/image/imagescript_modules.ts on the host). */
export interface DecoderModules {
  readonly jpeg: WebAssembly.Module;
  /** Imports `env.emscripten_notify_memory_growth`. */
  readonly png: WebAssembly.Module;
}

let decoderModules: DecoderModules | undefined;

/** Sets the compiled decoders every later decode instantiates. */
export function useDecoderModules(modules: DecoderModules): void {
  decoderModules = modules;
}

function modules(): DecoderModules {
  if (decoderModules === undefined) throw new Error("the image decoders were not handed in");
  return decoderModules;
}

/** The decoder said no; `message` is the one-line reason. */
export class DecodeError extends Error {
  override name = "DecodeError";
}

interface JpegExports {
  readonly memory: WebAssembly.Memory;
  wlen(): number;
  walloc(size: number): number;
  decode(ptr: number, size: number, width: number, height: number): number;
  decode_width(ptr: number): number;
  decode_height(ptr: number): number;
  decode_format(ptr: number): number;
  decode_buffer(ptr: number): number;
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
 * Decodes a JPEG (grey, YCbCr, CMYK) to straight RGBA with alpha 255. A fresh decoder instance
 * per image: nothing survives between images.
 *
 * @throws {DecodeError} `jpeg: failed to decode`, or the decoder's trap.
 */
export function decodeJpeg(bytes: Uint8Array): RgbaImage {
  const wasm = guarded(
    "jpeg",
    () => new WebAssembly.Instance(modules().jpeg, {}).exports,
  ) as unknown as JpegExports;
  const decoded = guarded("jpeg", () => {
    const input = wasm.walloc(bytes.byteLength);
    new Uint8Array(wasm.memory.buffer, input, bytes.byteLength).set(bytes);
    const ptr = wasm.decode(input, bytes.byteLength, 0, 0);
    if (ptr === 0 || ptr === 1) throw new DecodeError("jpeg: failed to decode");
    const width = wasm.decode_width(ptr);
    const height = wasm.decode_height(ptr);
    const format = wasm.decode_format(ptr);
    const data = new Uint8Array(wasm.memory.buffer, wasm.decode_buffer(ptr), wasm.wlen());
    return { width, height, format, data };
  });
  const { width, height, format, data } = decoded;
  const image = allocateSharedImage(width, height);
  const { pixels } = image;
  const count = width * height;
  switch (format) {
    case 0: // grey
      for (let index = 0; index < count; index++) {
        const grey = data[index]!;
        pixels[index * 4] = grey;
        pixels[index * 4 + 1] = grey;
        pixels[index * 4 + 2] = grey;
        pixels[index * 4 + 3] = 255;
      }
      break;
    case 1: // RGB
      for (let index = 0; index < count; index++) {
        pixels[index * 4] = data[index * 3]!;
        pixels[index * 4 + 1] = data[index * 3 + 1]!;
        pixels[index * 4 + 2] = data[index * 3 + 2]!;
        pixels[index * 4 + 3] = 255;
      }
      break;
    case 2: // CMYK, already un-inverted by the decoder: (255 − ink) · (255 − K) / 255
      for (let index = 0; index < count * 4; index += 4) {
        const white = 255 - data[index + 3]!;
        pixels[index] = ((255 - data[index]!) * white) / 255;
        pixels[index + 1] = ((255 - data[index + 1]!) * white) / 255;
        pixels[index + 2] = ((255 - data[index + 2]!) * white) / 255;
        pixels[index + 3] = 255;
      }
      break;
    default:
      throw new DecodeError(`jpeg: unsupported pixel format ${format}`);
  }
  return image;
}

/**
 * Decodes a PNG (every colour type and depth, interlaced or not) to straight 8-bit RGBA;
 * 16-bit channels keep their high byte.
 *
 * @throws {DecodeError} `png: failed to decode (<status>)`, or the decoder's trap.
 */
export function decodePng(bytes: Uint8Array): RgbaImage {
  const wasm = guarded("png", () =>
    new WebAssembly.Instance(modules().png, {
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
    const reason = error instanceof Error ? error.message : String(error);
    throw new DecodeError(`${format}: ${reason}`);
  }
}
