/**
 * Builds a section payload that is a vector of entries: a count, then the entries.
 *
 * @module
 */

import { ByteWriter } from "./_byte_writer.ts";
import { MAX_LEB_BYTES_32, readU32, skipLeb128 } from "./_leb128.ts";
import type { Section } from "./_sections.ts";

/**
 * Returns the payload of `section` (a vector section, or none) with `added` entries appended,
 * keeping the existing entries byte for byte.
 *
 * @example Append one entry to a section that has two
 * ```ts
 * import assert from "node:assert/strict";
 * import { appendEntries } from "./_vector_payload.ts";
 * const bytes = new Uint8Array([6, 3, 2, 0xaa, 0xbb]);
 * const payload = appendEntries(bytes, { id: 6, start: 0, payloadStart: 2, end: 5 }, 1, [0xcc]);
 * assert.deepEqual([...payload], [3, 0xaa, 0xbb, 0xcc]);
 * ```
 * @throws {QipError} kind "compile" when the section's count is malformed.
 */
export function appendEntries(
  bytes: Uint8Array,
  section: Section | undefined,
  addedCount: number,
  added: ArrayLike<number>,
): Uint8Array {
  let count = 0;
  let entries: Uint8Array = new Uint8Array(0);
  if (section !== undefined) {
    count = readU32(bytes, section.payloadStart, section.end);
    const entriesStart = skipLeb128(bytes, section.payloadStart, section.end, MAX_LEB_BYTES_32);
    entries = bytes.subarray(entriesStart, section.end);
  }
  const writer = new ByteWriter(entries.length + added.length + 5);
  writer.u32(count + addedCount);
  writer.bytes(entries);
  writer.bytes(added);
  return writer.toBytes();
}
