/**
 * The code section: finds every check point, then writes the bodies back with the check
 * inserted. The check points are each function's first instruction, the first instruction
 * inside each `loop`, the instruction before each bulk operation (`memory.fill/copy/init`,
 * `table.fill/copy/init/grow`, `memory.grow`), and, in straight-line code, the instruction
 * after {@linkcode STRAIGHT_LINE_CHECK_INTERVAL} instructions without one.
 * Every index operand is checked against the module's own index spaces, and atomic waits,
 * which no check point can interrupt, are refused (see `_code_operands.ts`).
 *
 * @module
 */

import {
  checkOperands,
  type IndexSpaces,
  OPCODES_WITH_INDICES,
  Operands,
} from "./_code_operands.ts";
import { cannotInstrument } from "./_errors.ts";
import { MAX_LEB_BYTES_32, readU32, skipLeb128, u32Leb128Size, writeU32Leb128 } from "./_leb128.ts";
import type { Section } from "./_sections.ts";
import { skipInstruction } from "./_skip_instruction.ts";
import { skipBlockType, skipValType } from "./_value_types.ts";

/**
 * The most instructions a function runs between two check points without a loop, a call or a
 * bulk operation: a body of straight-line code gets a check after this many. Instructions that
 * are not bulk operations take at most about a microsecond each (a throw), so this bounds the
 * time between two checks in straight-line code to about a millisecond.
 */
export const STRAIGHT_LINE_CHECK_INTERVAL = 1000;

const LOOP = 0x03;
/** Spans shorter than this are copied byte by byte: cheaper than a `subarray` view. */
const SHORT_SPAN_BYTES = 24;

/** Where each function body and check point is in the input. */
export interface CodeLayout {
  /** How many function bodies the section holds. */
  readonly functionCount: number;
  /** By body: its first byte (the locals), after its size. */
  readonly bodyStarts: Int32Array;
  /** By body: its first instruction (the function-entry check point). */
  readonly codeStarts: Int32Array;
  /** By body: one past its last byte. */
  readonly bodyEnds: Int32Array;
  /** By body, plus one: body `i` owns `checkSites[firstCheckSite[i] .. firstCheckSite[i + 1]]`. */
  readonly firstCheckSite: Int32Array;
  /**
   * Where checks go besides function entries, in order: just after each `loop` block type,
   * before each bulk operation, and between straight-line instructions.
   */
  readonly checkSites: Int32Array;
}

/**
 * Decodes every instruction of the code section (if any), checks its index operands against
 * `spaces` and records its check points.
 *
 * @example One body `loop; br 0; end; end`
 * ```ts
 * import assert from "node:assert/strict";
 * import { scanCode } from "./_code_section.ts";
 * const bytes = new Uint8Array([10, 9, 1, 7, 0, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b]);
 * const spaces = { memories: 0, globals: 0, functions: 1, tables: 0 };
 * const layout = scanCode(bytes, { id: 10, start: 0, payloadStart: 2, end: 11 }, spaces);
 * assert.deepEqual([...layout.codeStarts], [5]);
 * assert.deepEqual([...layout.checkSites], [7]);
 * ```
 * @throws {QipError} kind "compile" for an opcode that cannot be decoded, a malformed body, an
 *   index outside the module's own spaces, or an atomic wait.
 */
export function scanCode(
  bytes: Uint8Array,
  section: Section | undefined,
  spaces: IndexSpaces,
): CodeLayout {
  if (section === undefined) return emptyLayout();
  const end = section.end;
  let pos = section.payloadStart;
  const functionCount = readU32(bytes, pos, end);
  pos = skipLeb128(bytes, pos, end, MAX_LEB_BYTES_32);
  if (functionCount > end - pos) {
    throw cannotInstrument(`code section declares ${functionCount} bodies in ${end - pos} bytes`);
  }
  const bodyStarts = new Int32Array(functionCount);
  const codeStarts = new Int32Array(functionCount);
  const bodyEnds = new Int32Array(functionCount);
  const firstCheckSite = new Int32Array(functionCount + 1);
  let checkSites = new Int32Array(1024);
  let siteCount = 0;
  const addSite = (at: number) => {
    if (siteCount === checkSites.length) {
      const grown = new Int32Array(checkSites.length * 2);
      grown.set(checkSites);
      checkSites = grown;
    }
    checkSites[siteCount++] = at;
  };
  for (let index = 0; index < functionCount; index++) {
    const sizeAt = pos;
    const bodySize = readU32(bytes, pos, end);
    pos = skipLeb128(bytes, pos, end, MAX_LEB_BYTES_32);
    const bodyEnd = pos + bodySize;
    if (bodyEnd > end) {
      throw cannotInstrument(
        `function body ${index} at byte ${sizeAt} runs past the end of the code section at byte ${end}`,
      );
    }
    bodyStarts[index] = pos;
    pos = skipLocals(bytes, pos, bodyEnd);
    codeStarts[index] = pos;
    firstCheckSite[index] = siteCount;
    // Instructions since the last check point (the function entry counts as one).
    let sinceCheck = 0;
    while (pos < bodyEnd) {
      const opcode = bytes[pos]!;
      if (opcode === LOOP) {
        pos = skipBlockType(bytes, pos + 1, bodyEnd);
        addSite(pos);
        sinceCheck = 0;
        continue;
      }
      if (sinceCheck >= STRAIGHT_LINE_CHECK_INTERVAL) {
        addSite(pos);
        sinceCheck = 0;
      }
      if (
        OPCODES_WITH_INDICES[opcode] !== 0 &&
        checkOperands(bytes, pos, bodyEnd, spaces) === Operands.Bulk && sinceCheck > 0
      ) {
        addSite(pos);
        sinceCheck = 0;
      }
      pos = skipInstruction(bytes, pos, bodyEnd);
      sinceCheck++;
    }
    bodyEnds[index] = bodyEnd;
  }
  firstCheckSite[functionCount] = siteCount;
  if (pos !== end) {
    throw cannotInstrument(`code section has ${end - pos} unexpected bytes at byte ${pos}`);
  }
  return {
    functionCount,
    bodyStarts,
    codeStarts,
    bodyEnds,
    firstCheckSite,
    checkSites: checkSites.subarray(0, siteCount),
  };
}

/** Skips the local declarations: a count of groups, each a u32 count and a value type. */
function skipLocals(bytes: Uint8Array, pos: number, end: number): number {
  const groupCount = readU32(bytes, pos, end);
  pos = skipLeb128(bytes, pos, end, MAX_LEB_BYTES_32);
  for (let index = 0; index < groupCount; index++) {
    pos = skipLeb128(bytes, pos, end, MAX_LEB_BYTES_32);
    pos = skipValType(bytes, pos, end);
  }
  return pos;
}

function emptyLayout(): CodeLayout {
  const none = new Int32Array(0);
  return {
    functionCount: 0,
    bodyStarts: none,
    codeStarts: none,
    bodyEnds: none,
    firstCheckSite: new Int32Array(1),
    checkSites: none,
  };
}

/** Returns the size of body `index` once a `checkByteCount`-byte check is at each check point. */
function instrumentedBodySize(layout: CodeLayout, index: number, checkByteCount: number): number {
  const checkCount = 1 + layout.firstCheckSite[index + 1]! - layout.firstCheckSite[index]!;
  return layout.bodyEnds[index]! - layout.bodyStarts[index]! + checkCount * checkByteCount;
}

/**
 * Returns the payload size of the instrumented code section.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { codePayloadSize, scanCode } from "./_code_section.ts";
 * const bytes = new Uint8Array([10, 9, 1, 7, 0, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b]);
 * const spaces = { memories: 0, globals: 0, functions: 1, tables: 0 };
 * const layout = scanCode(bytes, { id: 10, start: 0, payloadStart: 2, end: 11 }, spaces);
 * assert.equal(codePayloadSize(layout, 10), 1 + 1 + 7 + 2 * 10);
 * ```
 */
export function codePayloadSize(layout: CodeLayout, checkByteCount: number): number {
  let size = u32Leb128Size(layout.functionCount);
  for (let index = 0; index < layout.functionCount; index++) {
    const bodySize = instrumentedBodySize(layout, index, checkByteCount);
    size += u32Leb128Size(bodySize) + bodySize;
  }
  return size;
}

/**
 * Writes the instrumented code section payload at `pos` in `out` (sized with
 * {@linkcode codePayloadSize}) and returns the position after it.
 */
export function writeCodePayload(
  out: Uint8Array,
  pos: number,
  bytes: Uint8Array,
  layout: CodeLayout,
  check: Uint8Array,
): number {
  const { bodyStarts, codeStarts, bodyEnds, firstCheckSite, checkSites } = layout;
  pos = writeU32Leb128(out, pos, layout.functionCount);
  for (let index = 0; index < layout.functionCount; index++) {
    pos = writeU32Leb128(out, pos, instrumentedBodySize(layout, index, check.length));
    let from = bodyStarts[index]!;
    let to = codeStarts[index]!;
    const lastSite = firstCheckSite[index + 1]!;
    for (let site = firstCheckSite[index]!;; site++) {
      pos = copySpan(out, pos, bytes, from, to);
      out.set(check, pos);
      pos += check.length;
      from = to;
      if (site === lastSite) break;
      to = checkSites[site]!;
    }
    pos = copySpan(out, pos, bytes, from, bodyEnds[index]!);
  }
  return pos;
}

function copySpan(out: Uint8Array, pos: number, bytes: Uint8Array, from: number, to: number) {
  if (to - from < SHORT_SPAN_BYTES) {
    while (from < to) out[pos++] = bytes[from++]!;
    return pos;
  }
  out.set(bytes.subarray(from, to), pos);
  return pos + to - from;
}
