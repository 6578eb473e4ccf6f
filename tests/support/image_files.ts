/**
 * Images for tests: deterministic synthetic RGBA, straight-alpha PNG files written byte by byte
 * (so tests control exactly what a decoder sees), and PNG reading without premultiplication.
 *
 * @module
 */

import { deflateSync } from "node:zlib";
import { decodePng, useDecoderModules } from "../../src/image/_imagescript_decoders.ts";
import { DECODER_MODULES } from "../../src/image/_decoder_modules.ts";
import { pngChunk } from "../../src/image/_png_chunk.ts";
import type { RgbaImage } from "../../src/image/rgba_image.ts";

// Decoding on the main thread: hand in the decoders the codec workers get from the host.
useDecoderModules(DECODER_MODULES);

/** A deterministic image with every kind of byte, alpha included (0, partial, 255). */
export function syntheticImage(
  width: number,
  height: number,
  options: { seed?: number; opaque?: boolean } = {},
): RgbaImage {
  const { seed = 1, opaque = false } = options;
  const pixels = new Uint8Array(width * height * 4);
  let state = seed;
  for (let index = 0; index < pixels.length; index++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const byte = state >>> 24;
    pixels[index] = opaque && index % 4 === 3
      ? 255
      : index % 97 === 0
      ? 0
      : index % 89 === 0
      ? 255
      : byte;
  }
  return { width, height, pixels };
}

/** Encodes straight RGBA as an 8-bit PNG: colour type 6, or 2 (alpha dropped). */
export function pngFile(image: RgbaImage, colourType: 2 | 6 = 6): Uint8Array {
  const channels = colourType === 6 ? 4 : 3;
  const raw = new Uint8Array(image.height * (image.width * channels + 1));
  let to = 0;
  for (let y = 0; y < image.height; y++) {
    raw[to++] = 0;
    for (let x = 0; x < image.width; x++) {
      const from = (y * image.width + x) * 4;
      raw.set(image.pixels.subarray(from, from + channels), to);
      to += channels;
    }
  }
  const header = new Uint8Array(13);
  new DataView(header.buffer).setUint32(0, image.width);
  new DataView(header.buffer).setUint32(4, image.height);
  header.set([8, colourType, 0, 0, 0], 8);
  return concat([
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(raw)),
    pngChunk("IEND", new Uint8Array(0)),
  ]);
}

/** Reads a PNG file to straight RGBA, plus its colour type byte. */
export async function readPng(path: string): Promise<RgbaImage & { colourType: number }> {
  const bytes = await Deno.readFile(path);
  const image = decodePng(bytes);
  return { ...image, pixels: new Uint8Array(image.pixels), colourType: bytes[25]! };
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
