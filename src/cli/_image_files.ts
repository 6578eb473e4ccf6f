/**
 * The files of `qip image`: the input image (a path or `-`), and the output written atomically
 * as PNG, or as BMP when its name ends in `.bmp` (spec: cli.md §5.3 steps 3 and 8).
 *
 * @module
 */

import { QipError } from "../errors.ts";
import { describeOsError, readFileBounded, readInput, writeFileAtomic } from "../host/mod.ts";
import { encodeBmp, type RgbaImage, unpremultiplyImage } from "../image/mod.ts";
import type { CodecPool } from "../image/codec_pool.ts";

/**
 * Largest input image file (or stdin) read: a bound on what is buffered before decoding, far
 * above any image the decoders' pixel limits let through compressed.
 */
export const MAX_IMAGE_FILE_BYTES = 512 * 1024 * 1024;

/**
 * Reads the input image: all of stdin for `-`, else the file, up to
 * {@linkcode MAX_IMAGE_FILE_BYTES}.
 *
 * @throws {QipError} `Error reading image stdin: …`, `Error reading image file: …`, and kind
 *   `capacity`: `Image file is too large: …`.
 */
export async function readImageInput(path: string): Promise<Uint8Array> {
  const bound = { what: "Image file", maxBytes: MAX_IMAGE_FILE_BYTES };
  if (path === "-") return await readInput("-", { ...bound, stdinName: "image stdin" });
  try {
    return await readFileBounded(path, bound);
  } catch (error) {
    if (error instanceof QipError) throw error;
    const operation = error instanceof Deno.errors.IsADirectory ? "read" : "open";
    throw new QipError(
      "io",
      `Error reading image file: ${describeOsError(operation, path, error)}`,
      { cause: error },
    );
  }
}

/** The output format `-o` asks for: BMP when the name ends in `.bmp` (any case), else PNG. */
export function outputFormat(path: string): "png" | "bmp" {
  return /\.bmp$/i.test(path) ? "bmp" : "png";
}

/**
 * Encodes the premultiplied result (BMP for a `.bmp` name, else PNG) and writes it atomically:
 * on any failure no file is created or changed.
 *
 * @throws {QipError} `Error creating output image file: …`, `Error writing output image: …`.
 */
export async function writeImageOutput(
  path: string,
  image: RgbaImage,
  codecs: CodecPool,
): Promise<void> {
  const bytes = outputFormat(path) === "bmp"
    ? encodeBmp(unpremultiplyImage(image))
    : await codecs.encodePng(image);
  try {
    await writeFileAtomic(path, bytes);
  } catch (error) {
    const what =
      error instanceof Deno.errors.NotFound || error instanceof Deno.errors.PermissionDenied ||
        error instanceof Deno.errors.NotCapable
        ? "Error creating output image file"
        : "Error writing output image";
    throw new QipError("io", `${what}: ${describeOsError("open", path, error)}`, { cause: error });
  }
}
