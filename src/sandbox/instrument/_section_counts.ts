/**
 * V8's limits on how many entries a section may declare, and the reader that enforces them
 * before any entry is read: V8 refuses a module above them anyway (and its message is the one
 * the user sees), and the rewriter must not build millions of entries before it does.
 *
 * @module
 */

import type { ByteReader } from "./_byte_reader.ts";
import { cannotInstrument } from "./_errors.ts";

/** V8 15's limits, as its messages state them (`… count of N exceeds internal limit of M`). */
export const ENGINE_LIMITS = {
  types: 1_000_000,
  imports: 1_000_000,
  functions: 1_000_000,
  tables: 100_000,
  memories: 100_000,
  tags: 1_000_000,
  globals: 1_000_000,
  exports: 1_000_000,
  parameters: 1000,
  results: 1000,
} as const;

/**
 * Reads a vector's count and refuses one above V8's limit for `what`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ByteReader } from "./_byte_reader.ts";
 * import { readCount } from "./_section_counts.ts";
 * const reader = new ByteReader(new Uint8Array([0xe9, 0x07]), 0, 2, "section 1 (type)");
 * assert.throws(() => readCount(reader, "parameters"), {
 *   message: /1001 parameters at byte 0, the engine allows 1000/,
 * });
 * ```
 * @throws {QipError} kind "compile" when the count is above the limit or cannot be read.
 */
export function readCount(reader: ByteReader, what: keyof typeof ENGINE_LIMITS): number {
  const at = reader.pos;
  const count = reader.u32();
  const limit = ENGINE_LIMITS[what];
  if (count > limit) {
    throw cannotInstrument(`${count} ${what} at byte ${at}, the engine allows ${limit}`);
  }
  return count;
}
