/**
 * Decodes an input image for `qip image` (inside a codec worker): sniff the format, decode,
 * and premultiply alpha as Go's `image.RGBA` does (spec: cli.md §5.5): 8-bit samples with
 * {@linkcode premultiplyInPlace}, 16-bit ones with alpha at 16 bits ({@link ./png16_alpha.ts}).
 * BMP input is an addition to the spec; its pixels are premultiplied like a PNG's.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import { decodeBmp } from "./bmp_decode.ts";
import { DEFAULT_MAX_PIXELS, readImageDimensions } from "./image_dimensions.ts";
import { type ImageFormat, sniffImageFormat } from "./_image_format.ts";
import { DecodeError, decodePng, decoderModules } from "./_imagescript_decoders.ts";
import { isPng16WithAlpha, premultiplyPng16Into } from "./_png16_alpha.ts";
import { decodeTurboJpeg } from "./_turbo_jpeg.ts";
import { premultiplyInPlace } from "./premultiply.ts";
import { allocateSharedImage, type RgbaImage } from "./rgba_image.ts";

/** Options for {@linkcode decodeImage}. */
export interface DecodeImageOptions {
  /**
   * The most pixels the header may claim; checked before any decoder allocates.
   * @default {DEFAULT_MAX_PIXELS}
   */
  readonly maxPixels?: number;
}

/**
 * Returns the premultiplied RGBA image in a shared buffer.
 *
 * @throws {DecodeError} with the one-line reason (`image: unknown format`, `png: …`, …).
 */
export async function decodeImage(
  bytes: Uint8Array,
  options: DecodeImageOptions = {},
): Promise<RgbaImage> {
  const { maxPixels = DEFAULT_MAX_PIXELS } = options;
  const format = sniffImageFormat(bytes);
  if (format !== undefined) checkPixelCount(bytes, format, maxPixels);
  let image: RgbaImage;
  switch (format) {
    case "png":
      image = decodePng(bytes);
      if (isPng16WithAlpha(bytes)) {
        await premultiplyPng16Into(bytes, image);
        return image;
      }
      break;
    case "jpeg":
      return decodeTurboJpeg(decoderModules().jpeg, bytes);
    case "bmp":
      image = decodeBmpShared(bytes);
      break;
    case undefined:
      throw new DecodeError("image: unknown format");
  }
  premultiplyInPlace(image.pixels);
  return image;
}

/** Refuses a header that claims more than `maxPixels`, before a decoder allocates for it. */
function checkPixelCount(bytes: Uint8Array, format: ImageFormat, maxPixels: number): void {
  const claimed = readImageDimensions(bytes, format);
  if (claimed === undefined) return;
  // Exact beyond 2^53 (a PNG may claim 4294967295x4294967295).
  const pixels = BigInt(claimed.width) * BigInt(claimed.height);
  if (pixels <= BigInt(maxPixels)) return;
  throw new DecodeError(
    `${format}: image is ${claimed.width}x${claimed.height} (${pixels} pixels), ` +
      `over the limit of ${maxPixels} pixels (--max-pixels)`,
  );
}

function decodeBmpShared(bytes: Uint8Array): RgbaImage {
  try {
    const decoded = decodeBmp(bytes);
    const image = allocateSharedImage(decoded.width, decoded.height);
    image.pixels.set(decoded.pixels);
    return image;
  } catch (error) {
    if (error instanceof QipError) throw new DecodeError(`bmp: ${error.message}`);
    throw error;
  }
}
