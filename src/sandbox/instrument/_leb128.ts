/**
 * LEB128 integers, read and skipped at a byte position. These are plain functions over a
 * `Uint8Array` and an index so the instruction decoder stays allocation-free.
 *
 * @module
 */

import { cannotInstrument } from "./_errors.ts";

/** Most bytes a 32-bit LEB128 (u32, s32, s33) may take. */
export const MAX_LEB_BYTES_32 = 5;
/** Most bytes a 64-bit LEB128 (u64, s64) may take. */
export const MAX_LEB_BYTES_64 = 10;

/**
 * Returns the position just after the LEB128 integer at `pos`, which must end before `end`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { skipLeb128 } from "./_leb128.ts";
 * assert.equal(skipLeb128(new Uint8Array([0xe5, 0x8e, 0x26, 0x01]), 0, 4, 5), 3);
 * ```
 * @throws {QipError} kind "compile" when the integer is truncated or longer than `maxBytes`.
 */
export function skipLeb128(bytes: Uint8Array, pos: number, end: number, maxBytes: number): number {
  const start = pos;
  const limit = Math.min(end, start + maxBytes);
  while (pos < limit) {
    if ((bytes[pos++]! & 0x80) === 0) return pos;
  }
  throw badLeb128(start, end, maxBytes);
}

/**
 * Reads the unsigned 32-bit LEB128 integer at `pos` (use {@linkcode skipLeb128} to move past it).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readU32 } from "./_leb128.ts";
 * assert.equal(readU32(new Uint8Array([0xe5, 0x8e, 0x26]), 0, 3), 624485);
 * ```
 * @throws {QipError} kind "compile" when the integer is truncated, too long or above 2^32 - 1.
 */
export function readU32(bytes: Uint8Array, pos: number, end: number): number {
  let result = 0;
  let shift = 0;
  const start = pos;
  const limit = Math.min(end, start + MAX_LEB_BYTES_32);
  while (pos < limit) {
    const byte = bytes[pos++]!;
    if ((byte & 0x80) === 0) {
      if (shift === 28 && byte > 0x0f) {
        throw cannotInstrument(`LEB128 integer at byte ${start} does not fit in 32 bits`);
      }
      return result + byte * 2 ** shift;
    }
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  }
  throw badLeb128(start, end, MAX_LEB_BYTES_32);
}

/**
 * Reads the unsigned 64-bit LEB128 integer at `pos` as a `bigint`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readU64 } from "./_leb128.ts";
 * assert.equal(readU64(new Uint8Array([0x80, 0x80, 0x04]), 0, 3), 65536n);
 * ```
 * @throws {QipError} kind "compile" when the integer is truncated or longer than 10 bytes.
 */
export function readU64(bytes: Uint8Array, pos: number, end: number): bigint {
  const next = skipLeb128(bytes, pos, end, MAX_LEB_BYTES_64);
  let result = 0n;
  for (let index = next - 1; index >= pos; index--) {
    result = (result << 7n) | BigInt(bytes[index]! & 0x7f);
  }
  if (result >= 1n << 64n) {
    throw cannotInstrument(`LEB128 integer at byte ${pos} does not fit in 64 bits`);
  }
  return result;
}

/**
 * Returns how many bytes the unsigned LEB128 encoding of `value` takes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { u32Leb128Size } from "./_leb128.ts";
 * assert.equal(u32Leb128Size(127), 1);
 * assert.equal(u32Leb128Size(128), 2);
 * ```
 */
export function u32Leb128Size(value: number): number {
  let size = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 128);
    size++;
  }
  return size;
}

/**
 * Writes the unsigned LEB128 encoding of `value` (an integer, at most 2^53) at `pos` and
 * returns the position after it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeU32Leb128 } from "./_leb128.ts";
 * const out = new Uint8Array(3);
 * assert.equal(writeU32Leb128(out, 0, 624485), 3);
 * assert.deepEqual([...out], [0xe5, 0x8e, 0x26]);
 * ```
 */
export function writeU32Leb128(out: Uint8Array, pos: number, value: number): number {
  while (value >= 0x80) {
    out[pos++] = (value & 0x7f) | 0x80;
    value = Math.floor(value / 128);
  }
  out[pos++] = value;
  return pos;
}

/**
 * Returns the unsigned LEB128 encoding of a `bigint` (for 64-bit memory limits).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeU64Leb128 } from "./_leb128.ts";
 * assert.deepEqual(encodeU64Leb128(65536n), [0x80, 0x80, 0x04]);
 * ```
 */
export function encodeU64Leb128(value: bigint): number[] {
  const out: number[] = [];
  do {
    const low = Number(value & 0x7fn);
    value >>= 7n;
    out.push(value === 0n ? low : low | 0x80);
  } while (value !== 0n);
  return out;
}

function badLeb128(start: number, end: number, maxBytes: number) {
  return start + maxBytes <= end
    ? cannotInstrument(`LEB128 integer at byte ${start} is longer than ${maxBytes} bytes`)
    : cannotInstrument(`LEB128 integer at byte ${start} is truncated at byte ${end}`);
}
