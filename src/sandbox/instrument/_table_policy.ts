/**
 * The table policy: the memory policy's twin for tables, which the memory limit does not
 * cover. V8 lets one table hold 10 million elements (about 750 MB of host memory, declared or
 * grown by `table.grow`), and a module may define many tables. The tables a module defines get
 * maxima that add up to at most the limit, and tables whose minimums already add up to more are
 * refused.
 *
 * @module
 */

import { ByteReader } from "./_byte_reader.ts";
import { ByteWriter } from "./_byte_writer.ts";
import { exceptionHeapRefused, tablesOverLimit } from "./_errors.ts";
import { encodeU64Leb128 } from "./_leb128.ts";
import { readCount } from "./_section_counts.ts";
import { describeSection, type Section, SectionId } from "./_sections.ts";
import { type DeclaredLimits, shareLimit, totalMinimum } from "./_shared_limit.ts";
import { skipConstExpr } from "./_skip_instruction.ts";
import { isExnRef, skipValType } from "./_value_types.ts";

/** Most elements all the tables of one module may hold together: about 75 MB in V8. */
export const DEFAULT_TABLE_LIMIT_ELEMENTS = 1_000_000;

/** Limits flag bits: a maximum follows, the table is 64-bit. */
const HAS_MAX = 0x01;
const IS_64 = 0x04;
/** A table entry with an initialiser expression starts with 0x40 0x00. */
const WITH_INIT = 0x40;
const MAX_ELEMENTS_32 = 0xffff_ffffn;
const MAX_ELEMENTS_64 = 0xffff_ffff_ffff_ffffn;

/** One defined table: the bytes around its limits, kept as they are. */
interface DefinedTable extends DeclaredLimits {
  /** The prefix (`0x40 0x00` when there is an initialiser) and the reference type. */
  readonly head: Uint8Array;
  readonly flags: number;
  /** The initialiser expression, or nothing. */
  readonly init: Uint8Array;
}

/**
 * Returns the table section payload with the policy applied, or `undefined` when the module
 * defines no tables.
 *
 * @example A funcref table of 1 element without a maximum, limited to 16
 * ```ts
 * import assert from "node:assert/strict";
 * import { applyTablePolicy } from "./_table_policy.ts";
 * const bytes = new Uint8Array([4, 4, 1, 0x70, 0x00, 1]);
 * const payload = applyTablePolicy(bytes, { id: 4, start: 0, payloadStart: 2, end: 6 }, 0, 16);
 * assert.deepEqual([...payload!], [1, 0x70, 0x01, 1, 16]);
 * ```
 * @throws {QipError} kind "memory_policy" when the tables' minimums add up to more than
 * `limitElements`, or a table holds `exnref`; kind "compile" when the section is malformed.
 */
export function applyTablePolicy(
  bytes: Uint8Array,
  section: Section | undefined,
  importedTableCount: number,
  limitElements: number,
): Uint8Array | undefined {
  if (section === undefined) return undefined;
  const reader = new ByteReader(
    bytes,
    section.payloadStart,
    section.end,
    describeSection(SectionId.Table),
  );
  const count = readCount(reader, "tables");
  const tables: DefinedTable[] = [];
  for (let index = 0; index < count; index++) {
    const headStart = reader.pos;
    const withInit = reader.peek() === WITH_INIT;
    if (withInit) reader.skip(2);
    // Each element could hold a caught exception: a table of them is refused, not counted.
    if (isExnRef(bytes, reader.pos)) {
      throw exceptionHeapRefused(`table ${importedTableCount + index} holds exnref`);
    }
    reader.pos = skipValType(bytes, reader.pos, reader.end);
    const head = bytes.subarray(headStart, reader.pos);
    const flagsAt = reader.pos;
    const flags = reader.u8();
    if (flags > 7) throw reader.unexpected("limits flags", flags, flagsAt);
    const is64 = (flags & IS_64) !== 0;
    const minimum = is64 ? reader.u64() : BigInt(reader.u32());
    const largest = is64 ? MAX_ELEMENTS_64 : MAX_ELEMENTS_32;
    const maximum = (flags & HAS_MAX) !== 0
      ? (is64 ? reader.u64() : BigInt(reader.u32()))
      : largest;
    const initStart = reader.pos;
    if (withInit) reader.pos = skipConstExpr(bytes, reader.pos, reader.end);
    tables.push({ head, flags, minimum, maximum, init: bytes.subarray(initStart, reader.pos) });
  }
  reader.expectEnd();
  const maxima = shareLimit(tables, BigInt(limitElements));
  if (maxima === undefined) {
    throw tablesOverLimit(importedTableCount, count, totalMinimum(tables), limitElements);
  }
  const writer = new ByteWriter(section.end - section.payloadStart + 16);
  writer.u32(count);
  for (const [index, table] of tables.entries()) {
    writer.bytes(table.head);
    writer.u8(table.flags | HAS_MAX);
    writer.bytes(encodeU64Leb128(table.minimum));
    writer.bytes(encodeU64Leb128(maxima[index]!));
    writer.bytes(table.init);
  }
  return writer.toBytes();
}
