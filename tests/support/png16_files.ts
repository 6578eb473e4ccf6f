/**
 * 16-bit PNG files written byte by byte for tests: any colour type, optional tRNS and Adam7
 * interlacing, and every filter type (row `n` of a pass uses filter `n % 5`), so a decoder
 * meets all of its paths.
 *
 * @module
 */

import { deflateSync } from "node:zlib";
import { pngChunk } from "../../src/image/_png_chunk.ts";

/** One 16-bit pixel: samples in file order (grey, alpha) or (R, G, B, A). */
export type Samples = readonly number[];

export interface Png16 {
  readonly width: number;
  readonly height: number;
  readonly colourType: 0 | 2 | 4 | 6;
  /** Row-major, `width × height` pixels. */
  readonly pixels: readonly Samples[];
  readonly interlaced?: boolean;
  readonly trns?: readonly number[];
}

/** Adam7 passes: first column, first row, column step, row step. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

/** Writes a 16-bit PNG; row `n` of each pass uses filter type `n % 5`. */
export function png16(image: Png16): Uint8Array {
  const passes = image.interlaced ? ADAM7 : [[0, 0, 1, 1]];
  const raw: number[] = [];
  for (const [x0, y0, dx, dy] of passes) {
    let previous: number[] | undefined;
    let row = 0;
    for (let y = y0!; y < image.height; y += dy!) {
      const line: number[] = [];
      for (let x = x0!; x < image.width; x += dx!) {
        for (const sample of image.pixels[y * image.width + x]!) {
          line.push(sample >> 8, sample & 255);
        }
      }
      if (line.length === 0) break;
      const type = row++ % 5;
      raw.push(type, ...filterRow(type, line, previous ?? line.map(() => 0), pixelBytes(image)));
      previous = line;
    }
  }
  const header = new Uint8Array(13);
  new DataView(header.buffer).setUint32(0, image.width);
  new DataView(header.buffer).setUint32(4, image.height);
  header.set([16, image.colourType, 0, 0, image.interlaced ? 1 : 0], 8);
  const chunks = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    ...(image.trns ? [pngChunk("tRNS", new Uint8Array(image.trns))] : []),
    pngChunk("IDAT", deflateSync(new Uint8Array(raw))),
    pngChunk("IEND", new Uint8Array(0)),
  ];
  return Uint8Array.from(chunks.flatMap((chunk) => Array.from(chunk)));
}

function pixelBytes(image: Png16): number {
  return { 0: 2, 2: 6, 4: 4, 6: 8 }[image.colourType];
}

/** The PNG filters (spec: PNG §9), written out independently of the decoder's. */
function filterRow(type: number, line: number[], up: number[], left: number): number[] {
  return line.map((byte, i) => {
    const a = i >= left ? line[i - left]! : 0;
    const b = up[i]!;
    const c = i >= left ? up[i - left]! : 0;
    const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][type]!;
    return (byte - predictor) & 255;
  });
}

/** The Paeth predictor as the PNG specification writes it. */
function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}
