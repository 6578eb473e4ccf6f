/**
 * Decodes an input image for `qip image` (inside a codec worker): sniff the format, decode,
 * and premultiply alpha as Go's `image.RGBA` does (spec: cli.md §5.5). BMP input is an
 * addition to the spec; its pixels are premultiplied like a PNG's.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import { decodeBmp } from "./bmp_decode.ts";
import { sniffImageFormat } from "./image_format.ts";
import { DecodeError, decodeJpeg, decodePng } from "./imagescript_decoders.ts";
import { premultiplyInPlace } from "./premultiply.ts";
import { allocateSharedImage, type RgbaImage } from "./rgba_image.ts";

/**
 * Returns the premultiplied RGBA image in a shared buffer.
 *
 * @throws {DecodeError} with the one-line reason (`image: unknown format`, `png: …`, …).
 */
export function decodeImage(bytes: Uint8Array): RgbaImage {
  const format = sniffImageFormat(bytes);
  let image: RgbaImage;
  switch (format) {
    case "png":
      image = decodePng(bytes);
      break;
    case "jpeg":
      return decodeJpeg(bytes);
    case "bmp":
      image = decodeBmpShared(bytes);
      break;
    case undefined:
      throw new DecodeError("image: unknown format");
  }
  premultiplyInPlace(image.pixels);
  return image;
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
