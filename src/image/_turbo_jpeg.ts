/**
 * JPEG decoding with libjpeg-turbo's TurboJPEG API compiled to WebAssembly (the npm package
 * `@cwasm/jpeg-turbo`'s module, embedded: see scripts/vendor_turbo_jpeg.ts; its Node glue, which
 * reads the file from disk, is not used). It runs inside the permission-less codec worker on a
 * compiled module handed in by the host (_turbo_jpeg_module.ts). Pixels are
 * exactly libjpeg-turbo's `djpeg` defaults (accurate integer IDCT, smooth chroma upsampling), and
 * it decodes 2–2.5× faster than imagescript's decoder (docs/benchmarks.md).
 *
 * @module
 */

import { DecodeError } from "./_imagescript_decoders.ts";
import { allocateSharedImage, type RgbaImage } from "./rgba_image.ts";

interface TurboJpegExports {
  readonly memory: WebAssembly.Memory;
  malloc(size: number): number;
  tjInitDecompress(): number;
  tjDecompressHeader3(
    handle: number,
    input: number,
    size: number,
    width: number,
    height: number,
    subsampling: number,
    colourspace: number,
  ): number;
  tjDecompress2(
    handle: number,
    input: number,
    size: number,
    output: number,
    width: number,
    pitch: number,
    height: number,
    pixelFormat: number,
    flags: number,
  ): number;
}

/** TurboJPEG pixel formats and colour spaces used here. */
const TJPF_RGBA = 7;
const TJPF_CMYK = 11;
const TJCS_CMYK = 3;
const TJCS_YCCK = 4;

/** libjpeg's error exit jumps out with `longjmp`; here that unwinds the instance as a throw. */
class JpegAbort extends Error {}

/** The module's imports: `setjmp`/`longjmp` and WASI calls it links but never needs to succeed. */
function imports(): WebAssembly.Imports {
  const unavailable = () => {
    throw new JpegAbort();
  };
  return {
    env: { setjmp: () => 0, longjmp: unavailable },
    wasi_snapshot_preview1: {
      environ_sizes_get: () => 0,
      environ_get: unavailable,
      proc_exit: unavailable,
      fd_close: unavailable,
      fd_seek: unavailable,
      fd_write: unavailable,
    },
  };
}

/**
 * Decodes a JPEG (grey, YCbCr, RGB, CMYK, YCCK; baseline or progressive) to straight RGBA with
 * alpha 255. A fresh instance per image: nothing survives between images, and an instance a
 * failed decode left half-way is dropped. A file libjpeg only warns about (truncated, corrupt
 * entropy data) is refused like one it cannot read.
 *
 * @throws {DecodeError} `jpeg: failed to decode`.
 */
export function decodeTurboJpeg(module: WebAssembly.Module, bytes: Uint8Array): RgbaImage {
  try {
    return decode(module, bytes);
  } catch (error) {
    if (error instanceof DecodeError) throw error;
    // A libjpeg error, a trap, or memory the decoder could not grow: the same one line.
    throw new DecodeError("jpeg: failed to decode");
  }
}

function decode(module: WebAssembly.Module, bytes: Uint8Array): RgbaImage {
  const wasm = new WebAssembly.Instance(module, imports()).exports as unknown as TurboJpegExports;
  const input = wasm.malloc(bytes.byteLength);
  const header = wasm.malloc(16);
  const handle = wasm.tjInitDecompress();
  if (input === 0 || header === 0 || handle === 0) throw new JpegAbort();
  new Uint8Array(wasm.memory.buffer, input, bytes.byteLength).set(bytes);
  const status = wasm.tjDecompressHeader3(
    handle,
    input,
    bytes.byteLength,
    header,
    header + 4,
    header + 8,
    header + 12,
  );
  if (status !== 0) throw new JpegAbort();
  const [width = 0, height = 0, , colourspace] = new Int32Array(wasm.memory.buffer, header, 4);
  const cmyk = colourspace === TJCS_CMYK || colourspace === TJCS_YCCK;
  const output = wasm.malloc(width * height * 4);
  if (output === 0) throw new JpegAbort();
  const format = cmyk ? TJPF_CMYK : TJPF_RGBA;
  // 0 when clean; -1 also for a warning (libjpeg went on with made-up data).
  const decoded = wasm.tjDecompress2(
    handle,
    input,
    bytes.byteLength,
    output,
    width,
    width * 4,
    height,
    format,
    0,
  );
  if (decoded !== 0) throw new JpegAbort();
  const image = allocateSharedImage(width, height);
  const pixels = new Uint8Array(wasm.memory.buffer, output, width * height * 4);
  if (cmyk) inkToRgba(pixels, image.pixels);
  else image.pixels.set(pixels);
  return image;
}

/**
 * CMYK as Adobe stores it (inverted: 255 is no ink) to RGB, `R = C · K / 255` truncated, the
 * conversion ImageMagick and imagescript make.
 */
function inkToRgba(cmyk: Uint8Array, rgba: Uint8Array): void {
  for (let index = 0; index < cmyk.length; index += 4) {
    const white = cmyk[index + 3]!;
    rgba[index] = (cmyk[index]! * white) / 255;
    rgba[index + 1] = (cmyk[index + 1]! * white) / 255;
    rgba[index + 2] = (cmyk[index + 2]! * white) / 255;
    rgba[index + 3] = 255;
  }
}
