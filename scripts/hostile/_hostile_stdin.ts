/**
 * Standard input of a corpus `run` entry: `stdinBytes` bytes of `x`, or, for entries that
 * reach a tile block, a BMP image of `stdinBmp`'s size. Shared by the in-process and launcher
 * runners. Private to `scripts/hostile/`.
 *
 * @module
 */

import { encodeBmp } from "../../src/image/bmp_encode.ts";

/** The size of the BMP image a tile entry reads. */
export interface StdinBmp {
  readonly width: number;
  readonly height: number;
}

/** Builds the entry's standard input (a BMP's pixels are a fixed byte ramp, so it is stable). */
export function hostileStdin(
  entry: { readonly stdinBytes: number; readonly stdinBmp?: StdinBmp },
): Uint8Array {
  if (entry.stdinBmp === undefined) return new Uint8Array(entry.stdinBytes).fill(0x78);
  const { width, height } = entry.stdinBmp;
  const pixels = new Uint8Array(width * height * 4);
  for (let index = 0; index < pixels.length; index++) pixels[index] = index & 255;
  return encodeBmp({ width, height, pixels });
}
