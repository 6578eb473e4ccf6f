/**
 * A PNG chunk: big-endian length, type, data, and the CRC-32 of type and data.
 *
 * @module
 */

import { crc32 } from "./_checksums.ts";

const encoder = new TextEncoder();

/**
 * Builds one chunk. `crc` computes the checksum; the default is a small table in JavaScript,
 * the codec worker passes zlib's native one for the large IDAT chunks.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pngChunk } from "./_png_chunk.ts";
 * assert.deepEqual(Array.from(pngChunk("IEND", new Uint8Array(0)).subarray(8)), [0xae, 0x42, 0x60, 0x82]);
 * ```
 */
export function pngChunk(
  type: string,
  data: Uint8Array,
  crc: (bytes: Uint8Array) => number = crc32,
): Uint8Array {
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  chunk.set(encoder.encode(type), 4);
  chunk.set(data, 8);
  view.setUint32(8 + data.length, crc(chunk.subarray(4, 8 + data.length)));
  return chunk;
}
