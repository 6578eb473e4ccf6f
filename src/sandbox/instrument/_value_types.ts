/**
 * Value types, heap types and block types, skipped or read at a byte position.
 *
 * Covers numeric and vector types, the abstract reference shorthands (`funcref` 0x70 …
 * `nullexnref` 0x74, `exnref` 0x69), `(ref null ht)` 0x63 and `(ref ht)` 0x64, where a heap
 * type is an abstract shorthand or a non-negative s33 type index.
 *
 * @module
 */

import { cannotInstrument, hexByte } from "./_errors.ts";
import { MAX_LEB_BYTES_32, skipLeb128 } from "./_leb128.ts";
import type { ValType } from "./instrument_module.ts";

/** `(ref null ht)`. */
const REF_NULL = 0x63;
/** `(ref ht)`. */
const REF = 0x64;
/** The empty block type. */
const EMPTY_BLOCK = 0x40;

/** Returns whether `byte` is an abstract heap type shorthand (0x69 exn … 0x74 noexn). */
function isAbstractHeapType(byte: number): boolean {
  return byte >= 0x69 && byte <= 0x74;
}

/** Returns whether `byte` alone is a whole value type (numeric, vector, reference shorthand). */
function isShortValType(byte: number): boolean {
  return (byte >= 0x7b && byte <= 0x7f) || isAbstractHeapType(byte);
}

/**
 * Returns the position after the heap type at `pos`.
 *
 * @example A type index and an abstract type
 * ```ts
 * import assert from "node:assert/strict";
 * import { skipHeapType } from "./_value_types.ts";
 * assert.equal(skipHeapType(new Uint8Array([0x85, 0x01]), 0, 2), 2);
 * assert.equal(skipHeapType(new Uint8Array([0x70]), 0, 1), 1);
 * ```
 * @throws {QipError} kind "compile" for an unknown heap type.
 */
export function skipHeapType(bytes: Uint8Array, pos: number, end: number): number {
  if (pos >= end) throw cannotInstrument(`heap type at byte ${pos} is truncated`);
  const byte = bytes[pos]!;
  if (isAbstractHeapType(byte)) return pos + 1;
  // One byte with the sign bit set would be a negative s33: not a type index.
  if ((byte & 0xc0) === 0x40) {
    throw cannotInstrument(`unknown heap type ${hexByte(byte)} at byte ${pos}`);
  }
  return skipLeb128(bytes, pos, end, MAX_LEB_BYTES_32);
}

/**
 * Returns the position after the value type at `pos`.
 *
 * @example `(ref null 3)` then `i32`
 * ```ts
 * import assert from "node:assert/strict";
 * import { skipValType } from "./_value_types.ts";
 * const bytes = new Uint8Array([0x63, 0x03, 0x7f]);
 * assert.equal(skipValType(bytes, 0, 3), 2);
 * assert.equal(skipValType(bytes, 2, 3), 3);
 * ```
 * @throws {QipError} kind "compile" for an unknown value type.
 */
export function skipValType(bytes: Uint8Array, pos: number, end: number): number {
  if (pos >= end) throw cannotInstrument(`value type at byte ${pos} is truncated`);
  const byte = bytes[pos]!;
  if (isShortValType(byte)) return pos + 1;
  if (byte === REF_NULL || byte === REF) return skipHeapType(bytes, pos + 1, end);
  throw cannotInstrument(`unknown value type ${hexByte(byte)} at byte ${pos}`);
}

/** The `exn` heap type, and `exnref` as a value type shorthand. */
const EXN = 0x69;

/**
 * Returns whether the value type at `pos` holds a caught exception: `exnref`, `(ref null exn)`
 * or `(ref exn)`. (`nullexnref`, 0x74, holds only null.)
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isExnRef } from "./_value_types.ts";
 * assert.equal(isExnRef(new Uint8Array([0x69]), 0), true);
 * assert.equal(isExnRef(new Uint8Array([0x63, 0x69]), 0), true);
 * assert.equal(isExnRef(new Uint8Array([0x74]), 0), false);
 * assert.equal(isExnRef(new Uint8Array([0x70]), 0), false);
 * ```
 */
export function isExnRef(bytes: Uint8Array, pos: number): boolean {
  const byte = bytes[pos];
  return byte === EXN || ((byte === REF_NULL || byte === REF) && bytes[pos + 1] === EXN);
}

/**
 * Returns the {@linkcode ValType} of the value type at `pos` (use {@linkcode skipValType} to
 * move past it).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { valTypeAt } from "./_value_types.ts";
 * assert.equal(valTypeAt(new Uint8Array([0x7e]), 0, 1), "i64");
 * assert.equal(valTypeAt(new Uint8Array([0x6f]), 0, 1), "ref");
 * ```
 * @throws {QipError} kind "compile" for an unknown value type.
 */
export function valTypeAt(bytes: Uint8Array, pos: number, end: number): ValType {
  skipValType(bytes, pos, end);
  switch (bytes[pos]) {
    case 0x7f:
      return "i32";
    case 0x7e:
      return "i64";
    case 0x7d:
      return "f32";
    case 0x7c:
      return "f64";
    case 0x7b:
      return "v128";
    default:
      return "ref";
  }
}

/**
 * Returns the position after the block type at `pos`: empty (0x40), one value type, or a
 * non-negative s33 type index (multi-value).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { skipBlockType } from "./_value_types.ts";
 * assert.equal(skipBlockType(new Uint8Array([0x40]), 0, 1), 1);
 * assert.equal(skipBlockType(new Uint8Array([0x64, 0x6e]), 0, 2), 2);
 * assert.equal(skipBlockType(new Uint8Array([0x80, 0x01]), 0, 2), 2);
 * ```
 * @throws {QipError} kind "compile" for an unknown block type.
 */
export function skipBlockType(bytes: Uint8Array, pos: number, end: number): number {
  if (pos >= end) throw cannotInstrument(`block type at byte ${pos} is truncated`);
  const byte = bytes[pos]!;
  if (byte === EMPTY_BLOCK || isShortValType(byte)) return pos + 1;
  if (byte === REF_NULL || byte === REF) return skipHeapType(bytes, pos + 1, end);
  if ((byte & 0xc0) === 0x40) {
    throw cannotInstrument(`unknown block type ${hexByte(byte)} at byte ${pos}`);
  }
  return skipLeb128(bytes, pos, end, MAX_LEB_BYTES_32);
}
