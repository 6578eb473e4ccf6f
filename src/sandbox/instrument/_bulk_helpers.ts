/**
 * Chunked bulk memory operations. One `memory.fill` or `memory.copy` is a single instruction
 * whose time grows with its length (measured: a first fill of 256 MiB takes about 160 ms, of
 * 1 GiB about 580 ms); a check point before it cannot interrupt it once it has started. The
 * rewrite therefore replaces each of them, on 32-bit memories the module defines, by a call
 * to an added helper function that does the same work in chunks of {@linkcode CHUNK_BYTES}
 * with a check point between chunks.
 *
 * A helper behaves exactly like the instruction it replaces: it first traps the same way when
 * the operation is out of bounds (the same instruction with length 0 at the end offsets, or
 * the whole operation when an end offset wraps), so nothing is written before a trap; and
 * `memory.copy` goes forwards or backwards like `memmove`, so overlapping copies agree.
 *
 * The helpers are appended to the function index space, after every function of the module;
 * the rewriter refuses any function index past the module's own (`_code_operands.ts`), so
 * the module can never call them itself. Their one added type (i32 i32 i32) -> () gives no
 * access to anything: functions are only reached through checked function indices.
 *
 * @module
 */

import { ByteReader } from "./_byte_reader.ts";
import { ByteWriter } from "./_byte_writer.ts";
import { u32Leb128Size } from "./_leb128.ts";
import { describeSection, type Section, SectionId } from "./_sections.ts";

/** How many bytes one chunk fills or copies: well under a millisecond, even on fresh pages. */
export const CHUNK_BYTES = 1 << 20;

const FILL = 0x0b;
const COPY = 0x0a;
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
/** `i32.const CHUNK_BYTES` (signed LEB128 of 2^20). */
const CHUNK = [I32_CONST, 0x80, 0x80, 0xc0, 0x00];

/** The added type's entry: `(func (param i32 i32 i32))`. */
export const HELPER_TYPE = [0x60, 3, 0x7f, 0x7f, 0x7f, 0];

/** One helper: which operation, on which memories. */
interface Helper {
  readonly op: typeof FILL | typeof COPY;
  readonly destination: number;
  readonly source: number;
}

/** The helpers a module needs, added as its code is scanned. */
export class BulkHelpers {
  readonly #chunkable: readonly boolean[];
  readonly #helpers: Helper[] = [];
  readonly #byKey = new Map<string, number>();
  /** The first helper's function index: the number of functions the module has. */
  readonly firstFunction: number;

  /**
   * @param chunkable By memory index: whether its operations are chunked (32-bit, defined).
   * @param firstFunction The number of functions the module has (imported and defined).
   */
  constructor(chunkable: readonly boolean[], firstFunction: number) {
    this.#chunkable = chunkable;
    this.firstFunction = firstFunction;
  }

  /** How many helpers were handed out. */
  get count(): number {
    return this.#helpers.length;
  }

  /**
   * Returns the helper for the 0xFC instruction `sub` on `memories` (its memory immediates),
   * or -1 when it is not chunked.
   */
  helperFor(sub: number, memories: readonly number[]): number {
    if (sub !== FILL && sub !== COPY) return -1;
    if (!memories.every((memory) => this.#chunkable[memory] === true)) return -1;
    const destination = memories[0]!;
    const source = memories[1] ?? destination;
    const key = `${sub}:${destination}:${source}`;
    let index = this.#byKey.get(key);
    if (index === undefined) {
      index = this.#helpers.length;
      this.#helpers.push({ op: sub, destination, source });
      this.#byKey.set(key, index);
    }
    return index;
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
    return this.#helpers.map((helper) =>
      helper.op === FILL ? fillBody(helper.destination, check) : copyBody(helper, check)
    );
  }
}

/** `memory.fill m` of the locals (0 destination, 1 value, 2 length), or of other operands. */
function fill(writer: ByteWriter, memory: number, operands: readonly number[][]) {
  for (const operand of operands) writer.bytes(operand);
  writer.bytes([MISC_PREFIX, FILL]);
  writer.u32(memory);
}

function copy(writer: ByteWriter, helper: Helper, operands: readonly number[][]) {
  for (const operand of operands) writer.bytes(operand);
  writer.bytes([MISC_PREFIX, COPY]);
  writer.u32(helper.destination);
  writer.u32(helper.source);
}

const get = (local: number) => [LOCAL_GET, local];
const D = get(0);
const S = get(1);
const N = get(2);
/** `local += CHUNK_BYTES` or `local -= CHUNK_BYTES`. */
const step = (local: number, op: number) => [LOCAL_GET, local, ...CHUNK, op, LOCAL_SET, local];
/** Pushes whether `local + length` wraps around. */
const wraps = (local: number) => [LOCAL_GET, local, ...N, I32_ADD, LOCAL_GET, local, I32_LT_U];
const LAST_CHUNK = [...N, ...CHUNK, I32_LE_U];

function fillBody(memory: number, check: Uint8Array): Uint8Array {
  const body = new ByteWriter(96 + check.length);
  body.u8(0); // no locals
  // Out of bounds: the original operation traps before writing anything.
  body.bytes([...wraps(0), ...IF]);
  fill(body, memory, [D, S, N]);
  body.bytes([RETURN, END]);
  fill(body, memory, [[...D, ...N, I32_ADD], S, [I32_CONST, 0]]);
  body.bytes(LOOP);
  body.bytes(check);
  body.bytes([...LAST_CHUNK, ...IF]);
  fill(body, memory, [D, S, N]);
  body.bytes([RETURN, END]);
  fill(body, memory, [D, S, CHUNK]);
  body.bytes([...step(0, I32_ADD), ...step(2, I32_SUB), ...BR_0, END, END]);
  return body.toBytes();
}

function copyBody(helper: Helper, check: Uint8Array): Uint8Array {
  const body = new ByteWriter(160 + 2 * check.length);
  body.u8(0); // no locals
  body.bytes([...wraps(0), ...wraps(1), I32_OR, ...IF]);
  copy(body, helper, [D, S, N]);
  body.bytes([RETURN, END]);
  copy(body, helper, [[...D, ...N, I32_ADD], [...S, ...N, I32_ADD], [I32_CONST, 0]]);
  // Forwards when the destination is below the source, else backwards, as memmove does.
  body.bytes([...D, ...S, I32_LE_U, ...IF, ...LOOP]);
  body.bytes(check);
  body.bytes([...LAST_CHUNK, ...IF]);
  copy(body, helper, [D, S, N]);
  body.bytes([RETURN, END]);
  copy(body, helper, [D, S, CHUNK]);
  body.bytes([...step(0, I32_ADD), ...step(1, I32_ADD), ...step(2, I32_SUB), ...BR_0, END]);
  body.bytes([ELSE, ...LOOP]);
  body.bytes(check);
  body.bytes([...LAST_CHUNK, ...IF]);
  copy(body, helper, [D, S, N]);
  body.bytes([RETURN, END]);
  body.bytes(step(2, I32_SUB));
  copy(body, helper, [[...D, ...N, I32_ADD], [...S, ...N, I32_ADD], CHUNK]);
  body.bytes([...BR_0, END, END, END]);
  return body.toBytes();
}

/**
 * Returns, by memory index, whether the memory's bulk operations are chunked: the 32-bit
 * memories the module defines (imported memories come first and are not).
 */
export function chunkableMemories(
  bytes: Uint8Array,
  section: Section | undefined,
  importedMemoryCount: number,
): boolean[] {
  const chunkable: boolean[] = new Array(importedMemoryCount).fill(false);
  if (section === undefined) return chunkable;
  const reader = new ByteReader(
    bytes,
    section.payloadStart,
    section.end,
    describeSection(SectionId.Memory),
  );
  const count = reader.u32();
  for (let index = 0; index < count; index++) {
    const flags = reader.u8();
    reader.u64();
    if ((flags & 1) !== 0) reader.u64();
    chunkable.push((flags & 0x04) === 0);
  }
  return chunkable;
}
