/**
 * The index checks outside the code section: constant expressions (global initialisers, table
 * initialisers, segment offsets, element expressions), the memory of each data segment, the
 * table and functions of each element segment, every export and the start function must stay
 * inside the module's own index spaces, so nothing the rewrite appends can be reached from them.
 *
 * @module
 */

import { ByteReader } from "./_byte_reader.ts";
import {
  checkOperands,
  indexOutside,
  type IndexSpaces,
  OPCODES_WITH_INDICES,
} from "./_code_operands.ts";
import { describeSection, type Section, SectionId } from "./_sections.ts";
import { skipInstruction } from "./_skip_instruction.ts";
import { skipValType } from "./_value_types.ts";

const EXPORT_SPACES = ["function", "table", "memory", "global"] as const;
const EXPORT_COUNTS = ["functions", "tables", "memories", "globals"] as const;
const END = 0x0b;
const TABLE_WITH_INIT = 0x40;

/**
 * Checks every index outside the code section against `spaces`.
 *
 * @example A data segment for memory 0 in a module without memories
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkSectionIndices } from "./_section_indices.ts";
 * // data section: one active segment, offset `i32.const 0`, one byte
 * const bytes = new Uint8Array([11, 7, 1, 0x00, 0x41, 0, 0x0b, 1, 0xff]);
 * const section = { id: 11, start: 0, payloadStart: 2, end: 9 };
 * const spaces = { memories: 0, globals: 0, functions: 0, tables: 0, types: 1 };
 * assert.throws(
 *   () => checkSectionIndices(bytes, [section], spaces, { exports: [], startFunction: undefined, functionTypes: [] }),
 *   { message: /data segment 0 names memory 0, but the module has 0 memories/ },
 * );
 * ```
 * @throws {QipError} kind "compile" naming the segment, export or expression and the index.
 */
export function checkSectionIndices(
  bytes: Uint8Array,
  sections: readonly Section[],
  spaces: IndexSpaces,
  info: {
    readonly exports: readonly { name: string; kind: number; index: number }[];
    readonly startFunction: number | undefined;
    /** By function index (imports first): its type index. */
    readonly functionTypes: readonly number[];
  },
): void {
  for (const { name, kind, index } of info.exports) {
    const space = EXPORT_SPACES[kind];
    if (space === undefined) continue; // tags: the rewrite adds none
    const count = spaces[EXPORT_COUNTS[kind]!];
    if (index >= count) throw indexOutside(`export "${name}"`, space, index, count);
  }
  for (const [index, type] of info.functionTypes.entries()) {
    if (type >= spaces.types) throw indexOutside(`function ${index}`, "type", type, spaces.types);
  }
  if (info.startFunction !== undefined && info.startFunction >= spaces.functions) {
    throw indexOutside("the start section", "function", info.startFunction, spaces.functions);
  }
  for (const section of sections) {
    const reader = new ByteReader(
      bytes,
      section.payloadStart,
      section.end,
      describeSection(section.id),
    );
    switch (section.id) {
      case SectionId.Table:
        forEach(reader, () => readTable(reader, spaces));
        break;
      case SectionId.Global:
        forEach(reader, () => {
          skipType(reader);
          reader.u8(); // mutability
          checkConstExpr(reader, spaces);
        });
        break;
      case SectionId.Element:
        forEach(reader, (index) => readElementSegment(reader, spaces, index));
        break;
      case SectionId.Data:
        forEach(reader, (index) => readDataSegment(reader, spaces, index));
        break;
    }
  }
}

function forEach(reader: ByteReader, read: (index: number) => void): void {
  const count = reader.u32();
  for (let index = 0; index < count; index++) read(index);
}

function skipType(reader: ByteReader): void {
  reader.pos = skipValType(reader.bytes, reader.pos, reader.end);
}

function readTable(reader: ByteReader, spaces: IndexSpaces): void {
  const withInit = reader.peek() === TABLE_WITH_INIT;
  if (withInit) reader.skip(2);
  skipType(reader);
  const flags = reader.u8();
  reader.u64();
  if ((flags & 1) !== 0) reader.u64();
  if (withInit) checkConstExpr(reader, spaces);
}

/** Element segment flags: bit 0 passive/declarative, bit 1 table index or declarative, bit 2 expressions. */
function readElementSegment(reader: ByteReader, spaces: IndexSpaces, index: number): void {
  const what = `element segment ${index}`;
  const flags = reader.u32();
  const active = (flags & 1) === 0;
  const usesExpressions = (flags & 4) !== 0;
  if (active) {
    const table = (flags & 2) !== 0 ? reader.u32() : 0;
    if (table >= spaces.tables) throw indexOutside(what, "table", table, spaces.tables);
    checkConstExpr(reader, spaces);
  }
  if (flags & 3) { // an element kind or a reference type
    if (usesExpressions) skipType(reader);
    else reader.u8();
  }
  const count = reader.u32();
  for (let item = 0; item < count; item++) {
    if (usesExpressions) {
      checkConstExpr(reader, spaces);
    } else {
      const func = reader.u32();
      if (func >= spaces.functions) {
        throw indexOutside(what, "function", func, spaces.functions);
      }
    }
  }
}

/** Data segment flags: 0 active in memory 0, 1 passive, 2 active with a memory index. */
function readDataSegment(reader: ByteReader, spaces: IndexSpaces, index: number): void {
  const what = `data segment ${index}`;
  const flags = reader.u32();
  if (flags !== 1) {
    const memory = flags === 2 ? reader.u32() : 0;
    if (memory >= spaces.memories) throw indexOutside(what, "memory", memory, spaces.memories);
    checkConstExpr(reader, spaces);
  }
  reader.skip(reader.u32());
}

/**
 * Checks the indices in a constant expression (the error names the instruction's byte offset)
 * and moves past its final `end`.
 */
function checkConstExpr(reader: ByteReader, spaces: IndexSpaces): void {
  const { bytes, end } = reader;
  while (reader.pos < end) {
    const opcode = bytes[reader.pos]!;
    if (OPCODES_WITH_INDICES[opcode] !== 0) checkOperands(bytes, reader.pos, end, spaces);
    reader.pos = skipInstruction(bytes, reader.pos, end);
    if (opcode === END) return;
  }
  throw reader.truncated();
}
