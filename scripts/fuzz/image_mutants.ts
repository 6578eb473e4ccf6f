/**
 * Damaged image files from small real ones, with a fixed seed: truncations at every chunk or
 * segment boundary and at random points, CRC-broken PNG chunks, headers claiming huge, zero or
 * negative dimensions, decompression bombs, bit flips and overwritten byte runs. See
 * docs/reliability.md, "Image inputs".
 *
 * @module
 */

import { constants as zlib, deflateSync } from "node:zlib";
import { crc32 } from "../../src/image/_checksums.ts";
import { pngChunk } from "../../src/image/_png_chunk.ts";
import { Random } from "./_random.ts";

/** One damaged file and what was done to it. */
export interface ImageMutant {
  /** `<fixture>: <what>`, e.g. `saam-40x30.png: truncated at 33 (IDAT)`. */
  readonly label: string;
  readonly bytes: Uint8Array;
}

/** Options for {@linkcode imageMutants}. */
export interface ImageMutantOptions {
  /** Seeds the random mutations; the same seed gives the same files. */
  readonly seed: number;
  /** Random mutants (bit flips, byte runs, truncations) per file. */
  readonly randomCount: number;
}

/**
 * Every structural mutant of one file (boundaries, CRCs, header dimensions) plus
 * `randomCount` random ones.
 *
 * @example
 * ```ts ignore
 * const mutants = imageMutants("a.png", await Deno.readFile("a.png"), { seed: 1, randomCount: 30 });
 * ```
 */
export function imageMutants(
  name: string,
  bytes: Uint8Array,
  options: ImageMutantOptions,
): ImageMutant[] {
  const rng = new Random(options.seed);
  const mutants: ImageMutant[] = [];
  const add = (what: string, mutant: Uint8Array) =>
    void mutants.push({ label: `${name}: ${what}`, bytes: mutant });
  const format = bytes[0] === 0x89 ? "png" : bytes[0] === 0xff ? "jpeg" : "bmp";
  const boundaries = format === "png"
    ? pngChunks(bytes).map((chunk) => [chunk.offset, chunk.type] as const)
    : format === "jpeg"
    ? jpegSegments(bytes).map((segment) => [segment.offset, segment.marker] as const)
    : BMP_FIELDS.map(([offset, field]) => [offset, field] as const);
  for (const [offset, what] of boundaries) {
    // At the boundary, one byte into it, and in the middle of its header.
    for (const at of [offset, offset + 1, offset + 6]) {
      if (at > 0 && at < bytes.byteLength) add(`truncated at ${at} (${what})`, bytes.slice(0, at));
    }
  }
  add("empty", new Uint8Array(0));
  add("last byte missing", bytes.slice(0, -1));
  add("one byte appended", concat([bytes, new Uint8Array([0])]));
  switch (format) {
    case "png":
      for (const chunk of pngChunks(bytes)) {
        const broken = bytes.slice();
        const at = chunk.offset + 8 + chunk.length;
        if (at < broken.byteLength) broken[at] = broken[at]! ^ 0x01;
        add(`CRC of ${chunk.type} broken`, broken);
      }
      for (const [width, height] of HUGE_DIMENSIONS) {
        add(`IHDR claims ${width}x${height}`, withPngSize(bytes, width, height, true));
        add(`IHDR claims ${width}x${height} (stale CRC)`, withPngSize(bytes, width, height, false));
      }
      break;
    case "jpeg":
      for (const [width, height] of HUGE_DIMENSIONS.filter(([w, h]) => w <= 65535 && h <= 65535)) {
        add(`SOF claims ${width}x${height}`, withJpegSize(bytes, width, height));
      }
      break;
    case "bmp":
      for (const [width, height] of BMP_DIMENSIONS) {
        add(`header claims ${width}x${height}`, withBmpSize(bytes, width, height));
      }
      break;
  }
  for (let index = 0; index < options.randomCount; index++) {
    const kind = rng.below(3);
    if (kind === 0) {
      const mutant = bytes.slice();
      const flips = 1 + rng.below(8);
      for (let flip = 0; flip < flips; flip++) {
        const at = rng.below(mutant.byteLength);
        mutant[at] = mutant[at]! ^ (1 << rng.below(8));
      }
      add(`${flips} bits flipped (#${index})`, mutant);
    } else if (kind === 1) {
      const mutant = bytes.slice();
      const at = rng.below(mutant.byteLength);
      const length = 1 + rng.below(64);
      const fill = rng.pick(["random", 0x00, 0xff] as const);
      for (let offset = at; offset < Math.min(mutant.byteLength, at + length); offset++) {
        mutant[offset] = fill === "random" ? rng.below(256) : fill;
      }
      add(`${length} bytes at ${at} overwritten (${fill})`, mutant);
    } else {
      const at = 1 + rng.below(bytes.byteLength - 1);
      add(`truncated at ${at} (random)`, bytes.slice(0, at));
    }
  }
  return mutants;
}

/** Widths and heights a header claims: zero, off by one, 2^31-1, 2^32-1, 16-bit maximum. */
const HUGE_DIMENSIONS: readonly (readonly [number, number])[] = [
  [0, 30],
  [40, 0],
  [41, 31],
  [1, 1],
  [65535, 65535],
  [20000, 20000],
  [10001, 10000],
  [2 ** 31 - 1, 30],
  [40, 2 ** 31 - 1],
  [2 ** 32 - 1, 2 ** 32 - 1],
];

/** BMP width and height are signed: negative width, top-down and the extremes. */
const BMP_DIMENSIONS: readonly (readonly [number, number])[] = [
  [0, 30],
  [40, 0],
  [-40, 30],
  [40, -30],
  [41, 31],
  [2 ** 31 - 1, 30],
  [40, 2 ** 31 - 1],
  [-(2 ** 31), 30],
  [40, -(2 ** 31)],
  [65535, 65535],
];

/** The BMP header fields, by offset. */
const BMP_FIELDS: readonly (readonly [number, string])[] = [
  [2, "file size"],
  [10, "pixel offset"],
  [14, "DIB header size"],
  [18, "width"],
  [22, "height"],
  [26, "planes"],
  [28, "bit depth"],
  [30, "compression"],
  [54, "pixels"],
];

/**
 * A PNG whose IDAT inflates to `width × height` grey pixels of zero: about 1 KB per megapixel
 * (a 10000×10000 one is 97 KB and inflates to 100 MB).
 */
export function pngBomb(width: number, height: number): Uint8Array {
  const raw = new Uint8Array((width + 1) * height); // filter byte 0 and zeros on every row
  const header = new Uint8Array(13);
  new DataView(header.buffer).setUint32(0, width);
  new DataView(header.buffer).setUint32(4, height);
  header.set([8, 0, 0, 0, 0], 8);
  return concat([
    PNG_SIGNATURE,
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(raw, { level: 9, strategy: zlib.Z_RLE })),
    pngChunk("IEND", new Uint8Array(0)),
  ]);
}

const PNG_SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngChunks(bytes: Uint8Array): { offset: number; length: number; type: string }[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks = [];
  for (let offset = 8; offset + 12 <= bytes.byteLength;) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    chunks.push({ offset, length, type });
    offset += 12 + length;
  }
  return chunks;
}

function jpegSegments(bytes: Uint8Array): { offset: number; marker: string }[] {
  const segments = [];
  for (let offset = 2; offset + 4 <= bytes.byteLength;) {
    const marker = bytes[offset + 1]!;
    segments.push({ offset, marker: `FF${marker.toString(16).toUpperCase()}` });
    if (marker === 0xda) break; // the entropy-coded scan follows
    offset += 2 + ((bytes[offset + 2]! << 8) | bytes[offset + 3]!);
  }
  // A few points inside the scan too, and the end-of-image marker.
  const scan = segments.at(-1)?.offset ?? 2;
  for (const fraction of [0.25, 0.5, 0.75]) {
    segments.push({
      offset: Math.floor(scan + (bytes.byteLength - scan) * fraction),
      marker: "scan",
    });
  }
  segments.push({ offset: bytes.byteLength - 2, marker: "FFD9" });
  return segments;
}

function withPngSize(bytes: Uint8Array, width: number, height: number, fixCrc: boolean) {
  const mutant = bytes.slice();
  const view = new DataView(mutant.buffer);
  view.setUint32(16, width >>> 0);
  view.setUint32(20, height >>> 0);
  if (fixCrc) view.setUint32(29, crc32(mutant.subarray(12, 29)));
  return mutant;
}

function withJpegSize(bytes: Uint8Array, width: number, height: number): Uint8Array {
  const mutant = bytes.slice();
  for (const { offset, marker } of jpegSegments(bytes)) {
    if (/^FFC[0-35-79A-BD-F]$/.test(marker)) {
      mutant[offset + 5] = height >> 8;
      mutant[offset + 6] = height & 0xff;
      mutant[offset + 7] = width >> 8;
      mutant[offset + 8] = width & 0xff;
    }
  }
  return mutant;
}

function withBmpSize(bytes: Uint8Array, width: number, height: number): Uint8Array {
  const mutant = bytes.slice();
  const view = new DataView(mutant.buffer);
  view.setInt32(18, width, true);
  view.setInt32(22, height, true);
  return mutant;
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
