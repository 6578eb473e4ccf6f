/**
 * The memory policy: the memories the module defines get maxima that add up to at most the
 * limit, and memories whose minimums already add up to more are refused.
 *
 * @module
 */

import { ByteReader } from "./_byte_reader.ts";
import { ByteWriter } from "./_byte_writer.ts";
import { cannotInstrument, memoriesOverLimit, memoryOverLimit } from "./_errors.ts";
import { encodeU64Leb128 } from "./_leb128.ts";
import { readCount } from "./_section_counts.ts";
import { describeSection, type Section, SectionId } from "./_sections.ts";
import { type DeclaredLimits, shareLimit, totalMinimum } from "./_shared_limit.ts";

/** Limits flag bits: a maximum follows, the memory is shared, the memory is 64-bit. */
const HAS_MAX = 0x01;
const SHARED = 0x02;
const IS_64 = 0x04;
/** The largest page counts a 32-bit and a 64-bit memory may declare. */
const MAX_PAGES_32 = 65_536n;
const MAX_PAGES_64 = 1n << 48n;

/** The module's defined memories, with the policy applied, ready to be written back. */
export interface DefinedMemories {
  /** How many memories the module defines. */
  readonly count: number;
  /** Their limits, re-encoded one after another (without the count). */
  readonly entries: Uint8Array;
}

/**
 * Applies the policy to the memory section (if any): each defined memory keeps its flags and
 * minimum, and gets a maximum from {@linkcode shareLimit}: for a single memory
 * `min(declared maximum, limitPages)`; for several, maxima that add up to at most `limitPages`.
 *
 * @example A memory of 1 page without a maximum, limited to 16 pages
 * ```ts
 * import assert from "node:assert/strict";
 * import { applyMemoryPolicy } from "./_memory_policy.ts";
 * const bytes = new Uint8Array([5, 3, 1, 0x00, 1]);
 * const memories = applyMemoryPolicy(bytes, { id: 5, start: 0, payloadStart: 2, end: 5 }, 0, 16);
 * assert.deepEqual([...memories.entries], [0x01, 1, 16]);
 * ```
 * @throws {QipError} kind "memory_policy" when a memory's minimum, or the sum of all minimums,
 * is above `limitPages`;
 * kind "compile" when the section is malformed, a shared memory has no maximum, or a limit is
 * above what the memory's address type allows (65536 pages for 32-bit, 2^48 for 64-bit).
 */
export function applyMemoryPolicy(
  bytes: Uint8Array,
  section: Section | undefined,
  importedMemoryCount: number,
  limitPages: number,
): DefinedMemories {
  if (section === undefined) return { count: 0, entries: new Uint8Array(0) };
  const reader = new ByteReader(
    bytes,
    section.payloadStart,
    section.end,
    describeSection(SectionId.Memory),
  );
  const limit = BigInt(limitPages);
  const count = readCount(reader, "memories");
  const memories: Array<DeclaredLimits & { flags: number }> = [];
  for (let index = 0; index < count; index++) {
    const flagsAt = reader.pos;
    const flags = reader.u8();
    if (flags > 7) throw reader.unexpected("limits flags", flags, flagsAt);
    const memoryIndex = importedMemoryCount + index;
    const is64 = (flags & IS_64) !== 0;
    const largest = is64 ? MAX_PAGES_64 : MAX_PAGES_32;
    const minimum = is64 ? reader.u64() : BigInt(reader.u32());
    const hasMaximum = (flags & HAS_MAX) !== 0;
    const declaredMaximum = hasMaximum ? (is64 ? reader.u64() : BigInt(reader.u32())) : largest;
    // Adding a maximum must not make an invalid memory valid: refuse what the engine would.
    if ((flags & SHARED) !== 0 && !hasMaximum) {
      throw cannotInstrument(`shared memory ${memoryIndex} declares no maximum`);
    }
    if (minimum > largest || declaredMaximum > largest) {
      throw cannotInstrument(
        `memory ${memoryIndex} declares more than ${largest} pages (minimum ${minimum}` +
          `${hasMaximum ? `, maximum ${declaredMaximum}` : ""})`,
      );
    }
    if (minimum > limit) throw memoryOverLimit(memoryIndex, minimum, limitPages);
    memories.push({ flags, minimum, maximum: declaredMaximum });
  }
  reader.expectEnd();
  // The policy holds for all memories together: each may be within it and their sum not.
  const maxima = shareLimit(memories, limit);
  if (maxima === undefined) {
    throw memoriesOverLimit(importedMemoryCount, count, totalMinimum(memories), limitPages);
  }
  const writer = new ByteWriter(section.end - section.payloadStart + 16);
  for (const [index, { flags, minimum }] of memories.entries()) {
    writer.u8(flags | HAS_MAX);
    writer.bytes(encodeU64Leb128(minimum));
    writer.bytes(encodeU64Leb128(maxima[index]!));
  }
  return { count, entries: writer.toBytes() };
}

/** The memory the instrumenter adds: shared, exactly one page (flags 0x03, min 1, max 1). */
const CANCEL_MEMORY_LIMITS = [0x03, 1, 1];

/**
 * Returns the memory section payload: the defined memories, then the added cancel memory
 * (whose index is therefore the number of imported and defined memories).
 *
 * @example A module without memories
 * ```ts
 * import assert from "node:assert/strict";
 * import { memoryPayload } from "./_memory_policy.ts";
 * assert.deepEqual([...memoryPayload({ count: 0, entries: new Uint8Array(0) })], [1, 3, 1, 1]);
 * ```
 */
export function memoryPayload(memories: DefinedMemories): Uint8Array {
  const writer = new ByteWriter(memories.entries.length + 8);
  writer.u32(memories.count + 1);
  writer.bytes(memories.entries);
  writer.bytes(CANCEL_MEMORY_LIMITS);
  return writer.toBytes();
}
