/**
 * The operands of one instruction that the rewrite cares about: every memory, global, function
 * and table index is checked against the module's own index spaces (the rewrite appends a
 * memory and a global, so an index one past the module's own would name them), and bulk
 * operations are reported so that a check point can go before them.
 *
 * The module is validated before it is rewritten; this is the rewriter's own guard, so that no
 * change to the order of those steps can let a module reach what the rewrite adds.
 *
 * @module
 */

import { cannotInstrument, hexByte } from "./_errors.ts";
import { MAX_LEB_BYTES_32, readU32, skipLeb128 } from "./_leb128.ts";

/**
 * How many memories, globals, functions and tables the module has (imported and defined), and
 * how many types. Type indices are checked where they select what a call may reach
 * (`call_indirect`, `call_ref` and the function section); the rewrite's helper types, appended
 * after the module's own, are reachable through no function the module can name anyway.
 */
export interface IndexSpaces {
  readonly memories: number;
  readonly globals: number;
  readonly functions: number;
  readonly tables: number;
  readonly types: number;
}

/** What {@linkcode checkOperands} found. */
export const Operands = {
  /** Nothing that needs a check point. */
  Plain: 0,
  /** A bulk operation whose time grows with an operand: a check point goes before it. */
  Bulk: 1,
} as const;

const MEMORY = "memory";
const GLOBAL = "global";
const FUNCTION = "function";
const TABLE = "table";
const TYPE = "type";
type Space = typeof MEMORY | typeof GLOBAL | typeof FUNCTION | typeof TABLE | typeof TYPE;

const MISC_PREFIX = 0xfc;
const SIMD_PREFIX = 0xfd;
const ATOMIC_PREFIX = 0xfe;
const MEMORY_GROW = 0x40;
/** `memory.atomic.wait32` and `memory.atomic.wait64`, after the 0xFE prefix. */
const WAIT_NAMES: Readonly<Record<number, string>> = { 0x01: "wait32", 0x02: "wait64" };

/** In {@linkcode OPCODES_WITH_INDICES}: a load or store, whose common case needs no call. */
export const LOAD_OR_STORE = 2;

/**
 * Plain opcodes with an operand {@linkcode checkOperands} reads: 1 means "look", and
 * {@linkcode LOAD_OR_STORE} marks loads and stores.
 */
export const OPCODES_WITH_INDICES: Uint8Array = (() => {
  const opcodes = new Uint8Array(256);
  for (
    const opcode of [0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x23, 0x24, 0x25, 0x26, 0x3f, 0x40, 0xd2]
  ) {
    opcodes[opcode] = 1;
  }
  opcodes.fill(LOAD_OR_STORE, 0x28, 0x3e + 1);
  opcodes[MISC_PREFIX] = 1;
  opcodes[SIMD_PREFIX] = 1;
  opcodes[ATOMIC_PREFIX] = 1;
  return opcodes;
})();

/**
 * Checks the index operands of the instruction at `pos` (an opcode marked in
 * {@linkcode OPCODES_WITH_INDICES}) and says whether it is a bulk operation. The instruction
 * itself is skipped by the caller.
 *
 * @example `memory.fill 1` in a module with one memory
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkOperands } from "./_code_operands.ts";
 * const spaces = { memories: 1, globals: 0, functions: 1, tables: 0, types: 1 };
 * assert.throws(
 *   () => checkOperands(new Uint8Array([0xfc, 0x0b, 0x01]), 0, 3, spaces),
 *   { message: /memory\.fill at byte 0 names memory 1, but the module has 1 memory/ },
 * );
 * ```
 * @throws {QipError} kind "compile" for an index outside the module's own spaces, or an
 *   atomic wait.
 */
export function checkOperands(
  bytes: Uint8Array,
  pos: number,
  end: number,
  spaces: IndexSpaces,
): number {
  const at = pos;
  const opcode = bytes[pos++]!;
  // The common cases first, without decoding: a load or store with one-byte flags and no
  // memory index (memory 0), and a call or global access with a one-byte index.
  const operand = pos < end ? bytes[pos]! : 0x80;
  if (opcode >= 0x28 && opcode <= 0x3e) {
    if (operand < 0x40 && spaces.memories > 0) return Operands.Plain;
  } else if (operand < 0x80) {
    if ((opcode === 0x10 || opcode === 0x12) && operand < spaces.functions) return Operands.Plain;
    if ((opcode === 0x23 || opcode === 0x24) && operand < spaces.globals) return Operands.Plain;
  }
  switch (opcode) {
    case 0x10:
    case 0x12:
    case 0xd2:
      check(spaces, FUNCTION, readU32(bytes, pos, end), at, NAMES[opcode]!);
      return Operands.Plain;
    case 0x11:
    case 0x13:
      check(spaces, TYPE, readU32(bytes, pos, end), at, NAMES[opcode]!);
      pos = skipLeb128(bytes, pos, end, MAX_LEB_BYTES_32);
      check(spaces, TABLE, readU32(bytes, pos, end), at, NAMES[opcode]!);
      return Operands.Plain;
    case 0x14:
    case 0x15:
      check(spaces, TYPE, readU32(bytes, pos, end), at, NAMES[opcode]!);
      return Operands.Plain;
    case 0x23:
    case 0x24:
      check(spaces, GLOBAL, readU32(bytes, pos, end), at, NAMES[opcode]!);
      return Operands.Plain;
    case 0x25:
    case 0x26:
      check(spaces, TABLE, readU32(bytes, pos, end), at, NAMES[opcode]!);
      return Operands.Plain;
    case 0x3f:
    case MEMORY_GROW:
      check(spaces, MEMORY, readU32(bytes, pos, end), at, NAMES[opcode]!);
      return opcode === MEMORY_GROW ? Operands.Bulk : Operands.Plain;
    case MISC_PREFIX:
      return checkMisc(bytes, pos, end, spaces, at);
    case SIMD_PREFIX: {
      const sub = readU32(bytes, pos, end);
      // v128 loads and stores (0x00-0x0b), lane loads and stores, load_zero (0x54-0x5d).
      if (sub <= 0x0b || (sub >= 0x54 && sub <= 0x5d)) {
        checkMemArg(bytes, skipLeb128(bytes, pos, end, MAX_LEB_BYTES_32), end, spaces, at);
      }
      return Operands.Plain;
    }
    case ATOMIC_PREFIX: {
      const sub = readU32(bytes, pos, end);
      const wait = WAIT_NAMES[sub];
      if (wait !== undefined) {
        throw cannotInstrument(
          `memory.atomic.${wait} at byte ${at} cannot be preempted (nothing can wake a qip module's wait)`,
        );
      }
      // Notify, loads, stores and read-modify-writes; atomic.fence (0x03) has no memory
      // argument, and an unknown sub-opcode is the decoder's to name.
      if (sub === 0x00 || (sub >= 0x10 && sub <= 0x4e)) {
        checkMemArg(bytes, skipLeb128(bytes, pos, end, MAX_LEB_BYTES_32), end, spaces, at);
      }
      return Operands.Plain;
    }
    default: // loads and stores
      checkMemArg(bytes, pos, end, spaces, at);
      return Operands.Plain;
  }
}

/** Bulk memory and table operations (after 0xFC): all are check points but the drops. */
function checkMisc(
  bytes: Uint8Array,
  pos: number,
  end: number,
  spaces: IndexSpaces,
  at: number,
): number {
  const sub = readU32(bytes, pos, end);
  pos = skipLeb128(bytes, pos, end, MAX_LEB_BYTES_32);
  const name = MISC_NAMES[sub];
  switch (sub) {
    case 0x08: // memory.init data memory
      pos = skipLeb128(bytes, pos, end, MAX_LEB_BYTES_32);
      check(spaces, MEMORY, readU32(bytes, pos, end), at, name!);
      return Operands.Bulk;
    case 0x0a: // memory.copy destination source
    case 0x0e: // table.copy destination source
      check(spaces, sub === 0x0a ? MEMORY : TABLE, readU32(bytes, pos, end), at, name!);
      pos = skipLeb128(bytes, pos, end, MAX_LEB_BYTES_32);
      check(spaces, sub === 0x0a ? MEMORY : TABLE, readU32(bytes, pos, end), at, name!);
      return Operands.Bulk;
    case 0x0b: // memory.fill memory
      check(spaces, MEMORY, readU32(bytes, pos, end), at, name!);
      return Operands.Bulk;
    case 0x0c: // table.init elem table
      pos = skipLeb128(bytes, pos, end, MAX_LEB_BYTES_32);
      check(spaces, TABLE, readU32(bytes, pos, end), at, name!);
      return Operands.Bulk;
    case 0x0f: // table.grow
    case 0x11: // table.fill
      check(spaces, TABLE, readU32(bytes, pos, end), at, name!);
      return Operands.Bulk;
    case 0x10: // table.size
      check(spaces, TABLE, readU32(bytes, pos, end), at, name!);
      return Operands.Plain;
    default: // saturating truncations, data.drop, elem.drop
      return Operands.Plain;
  }
}

/** A memory argument names memory 0, or the memory after its flags when bit 6 is set. */
function checkMemArg(
  bytes: Uint8Array,
  pos: number,
  end: number,
  spaces: IndexSpaces,
  at: number,
): void {
  const flags = readU32(bytes, pos, end);
  if ((flags & 0x40) === 0) {
    if (spaces.memories === 0) check(spaces, MEMORY, 0, at, `instruction ${hexByte(bytes[at]!)}`);
    return;
  }
  const index = readU32(bytes, skipLeb128(bytes, pos, end, MAX_LEB_BYTES_32), end);
  check(spaces, MEMORY, index, at, `instruction ${hexByte(bytes[at]!)}`);
}

function check(spaces: IndexSpaces, space: Space, index: number, at: number, what: string) {
  const count = space === MEMORY
    ? spaces.memories
    : space === GLOBAL
    ? spaces.globals
    : space === FUNCTION
    ? spaces.functions
    : space === TABLE
    ? spaces.tables
    : spaces.types;
  if (index < count) return;
  throw indexOutside(`${what} at byte ${at}`, space, index, count);
}

/**
 * Builds the refusal for an index outside the module's own index space.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { indexOutside } from "./_code_operands.ts";
 * assert.equal(
 *   indexOutside("export \"g\"", "global", 2, 2).detail,
 *   "cannot instrument: export \"g\" names global 2, but the module has 2 globals",
 * );
 * ```
 */
export function indexOutside(what: string, space: Space, index: number, count: number) {
  const plural = space === MEMORY ? "memories" : `${space}s`;
  return cannotInstrument(
    `${what} names ${space} ${index}, but the module has ${count} ${count === 1 ? space : plural}`,
  );
}

const NAMES: Readonly<Record<number, string>> = {
  0x10: "call",
  0x11: "call_indirect",
  0x12: "return_call",
  0x13: "return_call_indirect",
  0x14: "call_ref",
  0x15: "return_call_ref",
  0x23: "global.get",
  0x24: "global.set",
  0x25: "table.get",
  0x26: "table.set",
  0x3f: "memory.size",
  0x40: "memory.grow",
  0xd2: "ref.func",
};

const MISC_NAMES: Readonly<Record<number, string>> = {
  0x08: "memory.init",
  0x0a: "memory.copy",
  0x0b: "memory.fill",
  0x0c: "table.init",
  0x0e: "table.copy",
  0x0f: "table.grow",
  0x10: "table.size",
  0x11: "table.fill",
};
