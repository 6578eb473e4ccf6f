/**
 * The one in-memory image shape of qip: 8-bit RGBA, rows top to bottom, 4 bytes per pixel.
 *
 * @module
 */

/** An 8-bit RGBA image. Whether colours are premultiplied depends on who made it. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** `width × height × 4` bytes, R G B A, rows top to bottom (may be a shared buffer). */
  readonly pixels: Uint8Array;
  /**
   * When set, `pixels` start at offset 0 of this shared memory, which has room for a second
   * plane of the same size right after them: the tile workers then read and write it directly,
   * without a copy.
   */
  readonly planeMemory?: WebAssembly.Memory;
}

/**
 * Allocates a shared image of `width × height` pixels in a shared memory with room for a second
 * plane (see {@linkcode RgbaImage.planeMemory}); falls back to a plain shared buffer when two
 * planes would pass the 4 GiB of a 32-bit memory.
 */
export function allocateSharedImage(width: number, height: number): RgbaImage {
  const planeBytes = width * height * 4;
  const pages = Math.max(1, Math.ceil((2 * planeBytes) / 65_536));
  if (pages > 65_536) {
    return { width, height, pixels: new Uint8Array(new SharedArrayBuffer(planeBytes)) };
  }
  const planeMemory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  return { width, height, pixels: new Uint8Array(planeMemory.buffer, 0, planeBytes), planeMemory };
}
