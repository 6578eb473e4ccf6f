/**
 * Chunked bulk operations. One `memory.fill` or `memory.copy` is a single instruction whose
 * time grows with its length (measured: a first fill of 256 MiB takes about 160 ms, of 1 GiB
 * about 580 ms; a `table.fill` of 1,000,000 elements about 20 ms); a check point before it
 * cannot interrupt it once it has started. The rewrite therefore replaces `memory.fill`,
 * `memory.copy`, `memory.init`, `table.fill`, `table.copy` and `table.init` on the 32-bit
 * memories and tables the module defines by a call to an added helper function that does the
 * same work in chunks
 * ({@linkcode CHUNK_BYTES}, {@linkcode CHUNK_ELEMENTS}) with a check point between chunks.
 *
 * A helper behaves exactly like the instruction it replaces: it first traps the same way when
 * the operation is out of bounds (the same instruction with length 0 at the end offsets, or
 * the whole operation when an end offset wraps), so nothing is written before a trap; and a
 * copy goes forwards or backwards like `memmove`, so overlapping copies agree.
 *
 * The helpers are appended to the function index space, after every function of the module;
 * the rewriter refuses any function index past the module's own (`_code_operands.ts`), so the
 * module can never call them itself. Their added types, `(i32 i32 i32) -> ()` and
 * `(i32 <element type> i32) -> ()` per table element type, give no access to anything:
 * functions are only reached through checked function indices.
 *
 * @module
 */

import { ByteReader } from "./_byte_reader.ts";
import { ByteWriter } from "./_byte_writer.ts";
import { u32Leb128Size } from "./_leb128.ts";
import { describeSection, type Section, SectionId } from "./_sections.ts";
import { skipConstExpr } from "./_skip_instruction.ts";
import { skipValType } from "./_value_types.ts";

/** How many bytes one chunk fills or copies: well under a millisecond, even on fresh pages. */
export const CHUNK_BYTES = 1 << 20;

/** How many table elements one chunk fills or copies: about a millisecond. */
export const CHUNK_ELEMENTS = 1 << 16;

const MEMORY_FILL = 0x0b;
const MEMORY_COPY = 0x0a;
const TABLE_FILL = 0x11;
const TABLE_COPY = 0x0e;
const MEMORY_INIT = 0x08;
const TABLE_INIT = 0x0c;
const MISC_PREFIX = 0xfc;
const CALL = 0x10;
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const I32_CONST = 0x41;
const I32_ADD = 0x6a;
const I32_SUB = 0x6b;
const I32_LT_U = 0x49;
const I32_LE_U = 0x4d;
const I32_OR = 0x72;
const IF = [0x04, 0x40];
const LOOP = [0x03, 0x40];
const ELSE = 0x05;
const END = 0x0b;
const RETURN = 0x0f;
const BR_0 = [0x0c, 0x00];
const I32 = 0x7f;

/** One helper: which 0xFC operation, on which memories or tables, of which added type. */
interface Helper {
  readonly sub: number;
  /** The instruction's immediates: memories, tables, and a segment for `init`. */
  readonly immediates: readonly number[];
  /** Index into the added types. */
  readonly type: number;
}

/** What the rewrite may chunk: by memory index, and by table index its element type. */
export interface Chunkable {
  /** By memory index: whether it is a 32-bit memory the module defines. */
  readonly memories: readonly boolean[];
  /** By table index: the element type's bytes of a 32-bit table the module defines, or nothing. */
  readonly tables: readonly (Uint8Array | undefined)[];
}

/** The helpers a module needs, added as its code is scanned. */
export class BulkHelpers {
  readonly #chunkable: Chunkable;
  readonly #helpers: Helper[] = [];
  readonly #byKey = new Map<string, number>();
  /** Type entries to append, each `func` type once. */
  readonly #types: number[][] = [];
  /** The first helper's function index: the number of functions the module has. */
  readonly firstFunction: number;

  /**
   * @param chunkable The memories and tables whose operations are chunked.
   * @param firstFunction The number of functions the module has (imported and defined).
   */
  constructor(chunkable: Chunkable, firstFunction: number) {
    this.#chunkable = chunkable;
    this.firstFunction = firstFunction;
  }

  /** How many helpers were handed out. */
  get count(): number {
    return this.#helpers.length;
  }

  /**
   * Returns the helper for the 0xFC instruction `sub` with `immediates` (memories, tables, and
   * the segment of an `init`), or -1 when it is not chunked.
   */
  helperFor(sub: number, immediates: readonly number[]): number {
    let params: number[];
    switch (sub) {
      case MEMORY_FILL:
      case MEMORY_COPY:
        if (!immediates.every((memory) => this.#chunkable.memories[memory] === true)) return -1;
        params = [I32, I32, I32];
        break;
      case MEMORY_INIT: // data segment, memory
        if (this.#chunkable.memories[immediates[1]!] !== true) return -1;
        params = [I32, I32, I32];
        break;
      case TABLE_FILL:
      case TABLE_COPY: {
        const element = this.#chunkable.tables[immediates[0]!];
        if (!immediates.every((table) => this.#chunkable.tables[table] !== undefined)) return -1;
        params = sub === TABLE_FILL ? [I32, ...element!, I32] : [I32, I32, I32];
        break;
      }
      case TABLE_INIT: // element segment, table
        if (this.#chunkable.tables[immediates[1]!] === undefined) return -1;
        params = [I32, I32, I32];
        break;
      default:
        return -1;
    }
    const key = `${sub}:${immediates.join(":")}`;
    let index = this.#byKey.get(key);
    if (index === undefined) {
      index = this.#helpers.length;
      this.#helpers.push({ sub, immediates, type: this.#typeFor(params) });
      this.#byKey.set(key, index);
    }
    return index;
  }

  #typeFor(params: number[]): number {
    const entry = [0x60, 3, ...params, 0]; // three parameters, no result
    const found = this.#types.findIndex((type) => type.join() === entry.join());
    if (found >= 0) return found;
    this.#types.push(entry);
    return this.#types.length - 1;
  }

  /** The type entries to append to the type section, in order. */
  types(): number[][] {
    return this.#types;
  }

  /** By helper: the index of its type among the added types. */
  helperTypes(): number[] {
    return this.#helpers.map((helper) => helper.type);
  }

  /** The bytes of `call helper`. */
  callBytes(helper: number): Uint8Array {
    const writer = new ByteWriter(6);
    writer.u8(CALL);
    writer.u32(this.firstFunction + helper);
    return writer.toBytes();
  }

  /** The size of `call helper`. */
  callSize(helper: number): number {
    return 1 + u32Leb128Size(this.firstFunction + helper);
  }

  /** Each helper's function body (its locals, code and `end`, without the size). */
  bodies(check: Uint8Array): Uint8Array[] {
    return this.#helpers.map((helper) => {
      const op = operation(helper);
      // An `init` copies from a segment, which never overlaps: the copy body does it.
      return helper.sub === MEMORY_FILL || helper.sub === TABLE_FILL
        ? fillBody(op, check)
        : copyBody(op, check);
    });
  }
}

/** The instruction a helper chunks: its bytes with immediates, and its chunk constant. */
interface Operation {
  readonly instruction: number[];
  readonly chunk: number[];
}

function operation(helper: Helper): Operation {
  const writer = new ByteWriter(16);
  writer.bytes([MISC_PREFIX, helper.sub]);
  for (const immediate of helper.immediates) writer.u32(immediate);
  const onMemory = helper.sub === MEMORY_FILL || helper.sub === MEMORY_COPY ||
    helper.sub === MEMORY_INIT;
  return {
    instruction: [...writer.toBytes()],
    chunk: [I32_CONST, ...s32Leb128(onMemory ? CHUNK_BYTES : CHUNK_ELEMENTS)],
  };
}

/** Signed LEB128 of a non-negative value. */
function s32Leb128(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const low = value & 0x7f;
    value >>>= 7;
    if (value === 0 && (low & 0x40) === 0) {
      out.push(low);
      return out;
    }
    out.push(low | 0x80);
  }
}

/** The operation on `operands` (each pushes one value). */
function emit(body: ByteWriter, op: Operation, operands: readonly (readonly number[])[]) {
  for (const operand of operands) body.bytes(operand);
  body.bytes(op.instruction);
}

const get = (local: number) => [LOCAL_GET, local];
const D = get(0);
const S = get(1);
const N = get(2);
const ZERO = [I32_CONST, 0];

/**
 * The helper body for a fill, with locals 0 destination, 1 value, 2 length: the bounds check,
 * then a loop that checks, fills one chunk and moves on, and fills the rest at the end.
 */
function fillBody(op: Operation, check: Uint8Array): Uint8Array {
  const { chunk } = op;
  const body = new ByteWriter(96 + check.length);
  body.u8(0); // no locals
  // Out of bounds: the original operation traps before writing anything.
  body.bytes([...wraps(0), ...IF]);
  emit(body, op, [D, S, N]);
  body.bytes([RETURN, END]);
  emit(body, op, [[...D, ...N, I32_ADD], S, ZERO]);
  body.bytes(LOOP);
  body.bytes(check);
  body.bytes([...N, ...chunk, I32_LE_U, ...IF]);
  emit(body, op, [D, S, N]);
  body.bytes([RETURN, END]);
  emit(body, op, [D, S, chunk]);
  body.bytes([...step(0, chunk, I32_ADD), ...step(2, chunk, I32_SUB), ...BR_0, END, END]);
  return body.toBytes();
}

/**
 * The helper body for a copy, with locals 0 destination, 1 source, 2 length: the bounds check,
 * then chunks forwards when the destination is below the source, else backwards.
 */
function copyBody(op: Operation, check: Uint8Array): Uint8Array {
  const { chunk } = op;
  const body = new ByteWriter(160 + 2 * check.length);
  body.u8(0); // no locals
  body.bytes([...wraps(0), ...wraps(1), I32_OR, ...IF]);
  emit(body, op, [D, S, N]);
  body.bytes([RETURN, END]);
  emit(body, op, [[...D, ...N, I32_ADD], [...S, ...N, I32_ADD], ZERO]);
  body.bytes([...D, ...S, I32_LE_U, ...IF, ...LOOP]);
  body.bytes(check);
  body.bytes([...N, ...chunk, I32_LE_U, ...IF]);
  emit(body, op, [D, S, N]);
  body.bytes([RETURN, END]);
  emit(body, op, [D, S, chunk]);
  body.bytes([
    ...step(0, chunk, I32_ADD),
    ...step(1, chunk, I32_ADD),
    ...step(2, chunk, I32_SUB),
    ...BR_0,
    END,
  ]);
  body.bytes([ELSE, ...LOOP]);
  body.bytes(check);
  body.bytes([...N, ...chunk, I32_LE_U, ...IF]);
  emit(body, op, [D, S, N]);
  body.bytes([RETURN, END]);
  body.bytes(step(2, chunk, I32_SUB));
  emit(body, op, [[...D, ...N, I32_ADD], [...S, ...N, I32_ADD], chunk]);
  body.bytes([...BR_0, END, END, END]);
  return body.toBytes();
}

/** `local += chunk` or `local -= chunk`. */
function step(local: number, chunk: readonly number[], op: number): number[] {
  return [LOCAL_GET, local, ...chunk, op, LOCAL_SET, local];
}

/** Pushes whether `local + length` wraps around. */
function wraps(local: number): number[] {
  return [LOCAL_GET, local, ...N, I32_ADD, LOCAL_GET, local, I32_LT_U];
}

/**
 * Returns what the rewrite may chunk: the 32-bit memories and tables the module defines
 * (imported ones come first in their index spaces and are not), with each table's element type.
 *
 * @example One memory, one funcref table
 * ```ts
 * import assert from "node:assert/strict";
 * import { chunkable } from "./_bulk_helpers.ts";
 * const bytes = new Uint8Array([4, 4, 1, 0x70, 0x00, 1, 5, 3, 1, 0x00, 1]);
 * const found = chunkable(bytes, { id: 4, start: 0, payloadStart: 2, end: 6 },
 *   { id: 5, start: 6, payloadStart: 8, end: 11 }, { memories: 0, tables: 0 });
 * assert.deepEqual(found.memories, [true]);
 * assert.deepEqual(found.tables, [new Uint8Array([0x70])]);
 * ```
 */
export function chunkable(
  bytes: Uint8Array,
  tableSection: Section | undefined,
  memorySection: Section | undefined,
  imported: { readonly memories: number; readonly tables: number },
): Chunkable {
  const memories: boolean[] = new Array(imported.memories).fill(false);
  if (memorySection !== undefined) {
    const reader = new ByteReader(
      bytes,
      memorySection.payloadStart,
      memorySection.end,
      describeSection(SectionId.Memory),
    );
    const count = reader.u32();
    for (let index = 0; index < count; index++) memories.push(!readLimitsIs64(reader));
  }
  const tables: (Uint8Array | undefined)[] = new Array(imported.tables).fill(undefined);
  if (tableSection !== undefined) {
    const reader = new ByteReader(
      bytes,
      tableSection.payloadStart,
      tableSection.end,
      describeSection(SectionId.Table),
    );
    const count = reader.u32();
    for (let index = 0; index < count; index++) {
      const withInit = reader.peek() === 0x40;
      if (withInit) reader.skip(2);
      const typeStart = reader.pos;
      reader.pos = skipValType(bytes, reader.pos, reader.end);
      const element = bytes.slice(typeStart, reader.pos);
      tables.push(readLimitsIs64(reader) ? undefined : element);
      if (withInit) reader.pos = skipConstExpr(bytes, reader.pos, reader.end);
    }
  }
  return { memories, tables };
}

/** Reads limits (flags, minimum, maximum when flag bit 0) and says whether bit 2 (64-bit) is set. */
function readLimitsIs64(reader: ByteReader): boolean {
  const flags = reader.u8();
  reader.u64();
  if ((flags & 1) !== 0) reader.u64();
  return (flags & 0x04) !== 0;
}
