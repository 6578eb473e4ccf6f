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
}
