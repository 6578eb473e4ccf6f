/**
 * The opcode tables agree with V8: for every opcode, V8 accepts an instruction built from the
 * table's immediate shape exactly when the table says the opcode exists, and the decoder
 * then finds a `loop` placed right after it (so the decoded length is exact), and a check
 * point before it exactly when it is a bulk operation.
 */

import assert from "node:assert/strict";
import { instrumentModule } from "../../../src/sandbox/instrument/instrument_module.ts";
import {
  Immediates,
  PLAIN_OPCODES,
  PREFIXED_OPCODES,
} from "../../../src/sandbox/instrument/_opcode_table.ts";
import {
  ANYREF,
  body,
  FUNCREF,
  funcType,
  I32,
  section,
  u32,
  vec,
  wasmModule,
} from "../../../scripts/wasm_bytes.ts";

/**
 * Types: 0 `() -> ()`, then with `gcTypes` 1 struct {mut i32}, 2 array (mut i32), 3 array
 * (mut funcref), 4 struct {mut i8}, 5 array (mut i8), and last `() -> anyref`; one table, one
 * shared memory, tag 0, global 0, passive element and data segments, and one function (of the
 * last type, so label 0 takes a reference, as `br_on_cast` needs) with an i32 local whose code
 * is `unreachable`, `instruction`, `loop end`, `unreachable`.
 */
function moduleWith(instruction: readonly number[], gcTypes: boolean): Uint8Array<ArrayBuffer> {
  const code = [0x00, ...instruction, 0x03, 0x40, 0x0b, 0x00, 0x0b];
  const structAndArrayTypes = gcTypes
    ? [[0x5f, 1, I32, 1], [0x5e, I32, 1], [0x5e, FUNCREF, 1], [0x5f, 1, I8, 1], [0x5e, I8, 1]]
    : [];
  const types = [funcType([], []), ...structAndArrayTypes, funcType([], [ANYREF])];
  return wasmModule(
    section(1, vec(types)),
    section(3, vec([[types.length - 1]])),
    section(4, vec([[FUNCREF, 0x00, 1]])),
    section(5, vec([[0x03, 1, 1]])),
    section(13, vec([[0, 0]])),
    section(6, vec([[I32, 1, 0x41, 0, 0x0b]])),
    section(9, vec([[0x05, FUNCREF, 1, 0xd2, 0, 0x0b]])),
    section(12, [1]),
    section(10, vec([body([[1, I32]], code)])),
    section(11, vec([[0x01, 1, 0]])),
  );
}

const I = Immediates;
const INDICES = [[0], [1], [2], [3], [4], [5], [6]];
const I8 = 0x78;
const HEAP_TYPES = [[0x6e], [0x70], [0x6c], [1], [2]];
const ALIGNED = [0, 1, 2, 3, 4].map((align) => [align, 0]);

/** Candidate immediates for a shape: V8 must accept at least one of them. */
function candidates(shape: number): number[][] {
  switch (shape) {
    case I.None:
      return [[]];
    case I.Index:
      return INDICES;
    case I.Index2:
      return INDICES.flatMap((first) => INDICES.map((second) => [...first, ...second]));
    case I.MemArg:
      return ALIGNED;
    case I.MemArgLane:
      return ALIGNED.map((memArg) => [...memArg, 0]);
    case I.S32:
    case I.S64:
    case I.Byte:
      return [[0]];
    case I.Bytes4:
      return [new Array(4).fill(0)];
    case I.Bytes8:
      return [new Array(8).fill(0)];
    case I.Bytes16:
      return [new Array(16).fill(0)];
    case I.BrTable:
      return [[0, 0]];
    case I.SelectTyped:
      return [[1, I32]];
    case I.HeapType:
      return HEAP_TYPES;
    case I.BrOnCast:
      return [0, 1, 2, 3].flatMap((flags) =>
        [[0x6e, 1], [0x6e, 2], [0x6e, 0x6c]].map((types) => [flags, 0, ...types])
      );
    default:
      throw new Error(`no candidates for shape ${shape}`);
  }
}

/** Shapes tried for opcodes the tables reject, to catch an opcode V8 knows and we miss. */
const PROBE_SHAPES = [I.None, I.Index, I.Index2, I.MemArg, I.Byte, I.HeapType];

/** Control instructions that need an enclosing structure; covered by the fixtures instead. */
const STRUCTURED = new Set([0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x09, 0x0b, 0x18, 0x19, 0x1f]);

const CHECK = [0x41, 0, 0xfe, 0x10, 0x42, 1, 0, 0x04, 0x40, 0x00, 0x0b];

/**
 * Bulk operations: a check point goes before them too (after `unreachable`, so 3 in all), or,
 * for the fills, copies and inits, into the chunking helper that replaces them.
 */
const TWO_LOOP_HELPERS = new Set(["0xfc 0x8", "0xfc 0xa", "0xfc 0xc", "0xfc 0xe"]);
const BULK = new Set([
  "0x40",
  "0xfc 0x8",
  "0xfc 0xa",
  "0xfc 0xb",
  "0xfc 0xc",
  "0xfc 0xe",
  "0xfc 0xf",
  "0xfc 0x11",
]);

/** Decoded by the tables, but refused by the rewriter: no check point can interrupt a wait. */
const REFUSED = new Set(["0xfe 0x1", "0xfe 0x2"]);

function countChecks(bytes: Uint8Array): number {
  let count = 0;
  outer: for (let start = 0; start + CHECK.length <= bytes.length; start++) {
    for (let index = 0; index < CHECK.length; index++) {
      if (bytes[start + index] !== CHECK[index]) continue outer;
    }
    count++;
  }
  return count;
}

/** Returns a problem description, or undefined when the table and V8 agree on `opcode`. */
function disagreement(opcode: readonly number[], shape: number): string | undefined {
  const name = opcode.map((byte) => `0x${byte.toString(16)}`).join(" ");
  if (shape === I.Invalid) {
    for (const probe of PROBE_SHAPES) {
      for (const immediates of candidates(probe)) {
        if (WebAssembly.validate(moduleWith([...opcode, ...immediates], true))) {
          return `${name}: V8 accepts it (immediates ${immediates}) but the table does not`;
        }
      }
    }
    return undefined;
  }
  for (const immediates of candidates(shape)) {
    const bytes = moduleWith([...opcode, ...immediates], false);
    if (!WebAssembly.validate(bytes)) {
      // Valid only with struct or array types: such modules are refused before decoding.
      const withGcTypes = moduleWith([...opcode, ...immediates], true);
      if (!WebAssembly.validate(withGcTypes)) continue;
      assert.throws(() => instrumentModule(withGcTypes, { memoryLimitPages: 1, fuel: false }), {
        message: /exceeds the memory limit/,
      });
      return undefined;
    }
    if (REFUSED.has(name)) {
      assert.throws(() => instrumentModule(bytes, { memoryLimitPages: 1, fuel: false }), {
        message: /cannot be preempted/,
      });
      return undefined;
    }
    const rewritten = instrumentModule(bytes, { memoryLimitPages: 1, fuel: false }).bytes;
    if (!WebAssembly.validate(rewritten)) return `${name}: the rewritten module is invalid`;
    const checks = countChecks(rewritten);
    // Copies and inits become calls to helpers with two loops (forwards, backwards).
    const expected = TWO_LOOP_HELPERS.has(name) ? 4 : BULK.has(name) ? 3 : 2;
    return checks === expected
      ? undefined
      : `${name}: found ${checks} check points instead of ${expected}`;
  }
  return `${name}: V8 accepts none of the candidate immediates for shape ${shape}`;
}

function subOpcode(value: number): number[] {
  return u32(value);
}

Deno.test("PLAIN_OPCODES agrees with V8 on every one-byte opcode", () => {
  const problems: string[] = [];
  for (let opcode = 0; opcode < 0xfb; opcode++) {
    if (STRUCTURED.has(opcode)) continue;
    const problem = disagreement([opcode], PLAIN_OPCODES[opcode]!);
    if (problem !== undefined) problems.push(problem);
  }
  assert.deepEqual(problems, []);
});

for (
  const [offset, prefixName, upTo] of [[0, "GC", 0xff], [1, "misc", 0x40], [2, "SIMD", 0x1ff], [
    3,
    "threads",
    0x7f,
  ]] as const
) {
  const prefix = 0xfb + offset;
  Deno.test(`PREFIXED_OPCODES agrees with V8 behind 0x${prefix.toString(16)} (${prefixName})`, () => {
    const shapes = PREFIXED_OPCODES[offset]!;
    const problems: string[] = [];
    for (let value = 0; value <= upTo; value++) {
      const shape = value < shapes.length ? shapes[value]! : I.Invalid;
      const problem = disagreement([prefix, ...subOpcode(value)], shape);
      if (problem !== undefined) problems.push(problem);
    }
    assert.deepEqual(problems, []);
  });
}
