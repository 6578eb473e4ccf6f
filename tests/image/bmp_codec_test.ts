import assert from "node:assert/strict";
import { decodeBmp } from "../../src/image/bmp_decode.ts";
import { encodeBmp } from "../../src/image/bmp_encode.ts";
import { syntheticImage } from "../support/image_files.ts";

/** A 24 bpp BMP of `width`×`height` (negative: top-down) with the given pixel rows (BGR). */
function bmp24(width: number, height: number, rowsBgr: number[][]): Uint8Array {
  const stride = Math.ceil((width * 3) / 4) * 4;
  const bytes = new Uint8Array(54 + stride * Math.abs(height));
  const view = new DataView(bytes.buffer);
  bytes.set([0x42, 0x4d]);
  view.setUint32(2, bytes.length, true);
  view.setUint32(10, 54, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, width, true);
  view.setInt32(22, height, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, 24, true);
  rowsBgr.forEach((row, index) => bytes.set(row, 54 + index * stride));
  return bytes;
}

Deno.test("decodeBmp() reads 24 bpp bottom-up and top-down rows with padded stride", () => {
  const rows = [[1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12]]; // file order, 2 px wide (stride 8)
  // Bottom-up: the first row in the file is the bottom one. BGR becomes RGB, alpha 255.
  assert.deepEqual(
    Array.from(decodeBmp(bmp24(2, 2, rows)).pixels),
    [9, 8, 7, 255, 12, 11, 10, 255, 3, 2, 1, 255, 6, 5, 4, 255],
  );
  assert.deepEqual(
    Array.from(decodeBmp(bmp24(2, -2, rows)).pixels),
    [3, 2, 1, 255, 6, 5, 4, 255, 9, 8, 7, 255, 12, 11, 10, 255],
  );
});

Deno.test("encodeBmp() writes the spec's 54-byte header and bottom-up BGRA, and decodeBmp() reads it back", () => {
  const image = syntheticImage(3, 2);
  const bytes = encodeBmp(image);
  const view = new DataView(bytes.buffer);
  assert.equal(bytes.length, 54 + 3 * 2 * 4);
  assert.deepEqual(
    [view.getUint32(2, true), view.getUint32(10, true), view.getUint32(14, true)],
    [78, 54, 40],
  );
  assert.deepEqual([view.getInt32(18, true), view.getInt32(22, true)], [3, 2]);
  assert.deepEqual([view.getUint16(26, true), view.getUint16(28, true)], [1, 32]);
  assert.deepEqual([view.getUint32(30, true), view.getUint32(34, true)], [0, 24]);
  assert.deepEqual(bytes.subarray(38, 54), new Uint8Array(16));
  // The first pixel in the file is the bottom-left one, as B G R A.
  const [r, g, b, a] = image.pixels.subarray(12, 16);
  assert.deepEqual(Array.from(bytes.subarray(54, 58)), [b, g, r, a]);
  // 32 bpp alpha is used verbatim (no premultiplication).
  assert.deepEqual(decodeBmp(bytes).pixels, image.pixels);
});

Deno.test("decodeBmp() checks the header in the spec's order, with its messages", () => {
  const good = encodeBmp(syntheticImage(2, 2));
  const broken = (edit: (view: DataView, bytes: Uint8Array) => void, length = good.length) => {
    const bytes = good.slice(0, length);
    edit(new DataView(bytes.buffer), bytes);
    return bytes;
  };
  const cases: [Uint8Array, string][] = [
    [good.slice(0, 53), "BMP input too small"],
    [broken((_, b) => (b[1] = 0x41)), "Input is not a BMP file"],
    [broken((v) => v.setUint32(14, 12, true)), "Unsupported BMP DIB header"],
    [broken((v) => v.setInt32(18, 0, true)), "Unsupported BMP dimensions"],
    [broken((v) => v.setInt32(22, 0, true)), "Unsupported BMP dimensions"],
    [broken((v) => v.setUint16(26, 2, true)), "Unsupported BMP planes"],
    [broken((v) => v.setUint32(30, 3, true)), "Unsupported BMP compression"],
    [broken((v) => v.setUint16(28, 16, true)), "Unsupported BMP bit depth"],
    [broken((v) => v.setUint32(10, 1000, true)), "Invalid BMP data offset"],
    [good.slice(0, good.length - 1), "BMP pixel data out of range"],
    // Compression is checked before the bit depth.
    [
      broken((v) => (v.setUint32(30, 3, true), v.setUint16(28, 16, true))),
      "Unsupported BMP compression",
    ],
  ];
  for (const [bytes, message] of cases) {
    assert.throws(() => decodeBmp(bytes), { name: "QipError", message });
  }
});
