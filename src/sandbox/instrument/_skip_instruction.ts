/**
 * Decodes one instruction and skips its immediates exactly. This is the hot path of the
 * instrumenter: plain functions over a byte array and an index, no allocation.
 *
 * @module
 */

import { cannotInstrument, hexByte } from "./_errors.ts";
import { MAX_LEB_BYTES_32, MAX_LEB_BYTES_64, readU32, skipLeb128 } from "./_leb128.ts";
import { Immediates, PLAIN_OPCODES, PREFIXED_OPCODES } from "./_opcode_table.ts";
import { skipBlockType, skipHeapType, skipValType } from "./_value_types.ts";

const INDEX = Immediates.Index;
const NONE = Immediates.None;

/**
 * Returns the position after the instruction whose opcode is at `pos`; the instruction must
 * end at or before `end`.
 *
 * @example `i32.const 624485`, then `v128.load offset=16`
 * ```ts
 * import assert from "node:assert/strict";
 * import { skipInstruction } from "./_skip_instruction.ts";
 * const code = new Uint8Array([0x41, 0xe5, 0x8e, 0x26, 0xfd, 0x00, 0x04, 0x10]);
 * assert.equal(skipInstruction(code, 0, code.length), 4);
 * assert.equal(skipInstruction(code, 4, code.length), 8);
 * ```
 * @throws {QipError} kind "compile" for an opcode V8 does not run, or immediates that are
 * malformed or run past `end`.
 */
export function skipInstruction(bytes: Uint8Array, pos: number, end: number): number {
  const opcodeAt = pos;
  const opcode = bytes[pos++]!;
  let shape: number = PLAIN_OPCODES[opcode]!;
  // The two most common shapes first: no immediates, or one one-byte index.
  if (shape === NONE) return pos;
  if (shape === INDEX && pos < end && bytes[pos]! < 0x80) return pos + 1;
  if (shape === Immediates.Prefix) {
    let subOpcode: number;
    if (pos < end && bytes[pos]! < 0x80) {
      subOpcode = bytes[pos++]!;
    } else {
      subOpcode = readU32(bytes, pos, end);
      pos = skipLeb128(bytes, pos, end, MAX_LEB_BYTES_32);
    }
    const shapes = PREFIXED_OPCODES[opcode - 0xfb]!;
    shape = subOpcode < shapes.length ? shapes[subOpcode]! : Immediates.Invalid;
    if (shape === Immediates.Invalid) {
      throw cannotInstrument(
        `unknown opcode ${hexByte(opcode)} ${hexByte(subOpcode)} at byte ${opcodeAt}`,
      );
    }
  }
  switch (shape) {
    case Immediates.None:
      return pos;
    case Immediates.Index:
    case Immediates.S32:
      return skipLeb128(bytes, pos, end, MAX_LEB_BYTES_32);
    case Immediates.Index2:
      pos = skipLeb128(bytes, pos, end, MAX_LEB_BYTES_32);
      return skipLeb128(bytes, pos, end, MAX_LEB_BYTES_32);
    case Immediates.Block:
      return skipBlockType(bytes, pos, end);
    case Immediates.MemArg:
      return skipMemArg(bytes, pos, end);
    case Immediates.S64:
      return skipLeb128(bytes, pos, end, MAX_LEB_BYTES_64);
    case Immediates.Bytes4:
      return skipFixed(pos, 4, end, opcodeAt);
    case Immediates.Bytes8:
      return skipFixed(pos, 8, end, opcodeAt);
    case Immediates.Byte:
      return skipFixed(pos, 1, end, opcodeAt);
    case Immediates.Bytes16:
      return skipFixed(pos, 16, end, opcodeAt);
    case Immediates.MemArgLane:
      return skipFixed(skipMemArg(bytes, pos, end), 1, end, opcodeAt);
    case Immediates.HeapType:
      return skipHeapType(bytes, pos, end);
    case Immediates.BrTable:
      return skipBrTable(bytes, pos, end);
    case Immediates.SelectTyped:
      return skipSelectTypes(bytes, pos, end);
    case Immediates.TryTable:
      return skipCatchClauses(bytes, skipBlockType(bytes, pos, end), end);
    case Immediates.BrOnCast:
      pos = skipLeb128(bytes, skipFixed(pos, 1, end, opcodeAt), end, MAX_LEB_BYTES_32);
      return skipHeapType(bytes, skipHeapType(bytes, pos, end), end);
    default:
      throw cannotInstrument(`unknown opcode ${hexByte(opcode)} at byte ${opcodeAt}`);
  }
}

/**
 * Returns the position after a memory argument: alignment flags (u32), a memory index when
 * flag bit 6 is set (multi-memory), and an offset (u64, for memory64).
 */
export function skipMemArg(bytes: Uint8Array, pos: number, end: number): number {
  let flags: number;
  if (pos < end && bytes[pos]! < 0x80) {
    flags = bytes[pos++]!;
  } else {
    flags = readU32(bytes, pos, end);
    pos = skipLeb128(bytes, pos, end, MAX_LEB_BYTES_32);
  }
  if ((flags & 0x40) !== 0) pos = skipLeb128(bytes, pos, end, MAX_LEB_BYTES_32);
  return skipLeb128(bytes, pos, end, MAX_LEB_BYTES_64);
}

function skipFixed(pos: number, byteCount: number, end: number, opcodeAt: number): number {
  if (pos + byteCount > end) {
    throw cannotInstrument(`instruction at byte ${opcodeAt} is truncated at byte ${end}`);
  }
  return pos + byteCount;
}

function skipBrTable(bytes: Uint8Array, pos: number, end: number): number {
  const labelCount = readU32(bytes, pos, end);
  pos = skipLeb128(bytes, pos, end, MAX_LEB_BYTES_32);
  // The labels, then the default label.
  for (let index = 0; index <= labelCount; index++) {
    pos = skipLeb128(bytes, pos, end, MAX_LEB_BYTES_32);
  }
  return pos;
}

function skipSelectTypes(bytes: Uint8Array, pos: number, end: number): number {
  const typeCount = readU32(bytes, pos, end);
  pos = skipLeb128(bytes, pos, end, MAX_LEB_BYTES_32);
  for (let index = 0; index < typeCount; index++) pos = skipValType(bytes, pos, end);
  return pos;
}

/** Catch clauses of `try_table`: 0 catch, 1 catch_ref (tag, label); 2 catch_all, 3 catch_all_ref (label). */
function skipCatchClauses(bytes: Uint8Array, pos: number, end: number): number {
  const clauseCount = readU32(bytes, pos, end);
  pos = skipLeb128(bytes, pos, end, MAX_LEB_BYTES_32);
  for (let index = 0; index < clauseCount; index++) {
    if (pos >= end) throw cannotInstrument(`catch clause at byte ${pos} is truncated`);
    const kind = bytes[pos]!;
    if (kind > 3) {
      throw cannotInstrument(`unknown catch clause kind ${hexByte(kind)} at byte ${pos}`);
    }
    pos++;
    if (kind < 2) pos = skipLeb128(bytes, pos, end, MAX_LEB_BYTES_32); // tag
    pos = skipLeb128(bytes, pos, end, MAX_LEB_BYTES_32); // label
  }
  return pos;
}

/**
 * Returns the position after a constant expression (up to and including its final `end`).
 *
 * @example `i32.const 1; i32.const 2; i32.add; end` (extended constant expressions)
 * ```ts
 * import assert from "node:assert/strict";
 * import { skipConstExpr } from "./_skip_instruction.ts";
 * assert.equal(skipConstExpr(new Uint8Array([0x41, 1, 0x41, 2, 0x6a, 0x0b, 0xff]), 0, 7), 6);
 * ```
 * @throws {QipError} kind "compile" when the expression is malformed or has no `end`.
 */
export function skipConstExpr(bytes: Uint8Array, pos: number, end: number): number {
  let depth = 0;
  while (pos < end) {
    const opcode = bytes[pos]!;
    pos = skipInstruction(bytes, pos, end);
    if (opcode === 0x0b) {
      if (depth === 0) return pos;
      depth--;
    } else if (opcode === 0x18) {
      depth--; // delegate closes a legacy try
    } else if (PLAIN_OPCODES[opcode] === Immediates.Block || opcode === 0x1f) {
      depth++;
    }
  }
  throw cannotInstrument(`constant expression is truncated at byte ${end}`);
}
