/**
 * The code section: finds every check point (each function's first instruction, and the
 * first instruction inside each `loop`), then writes the bodies back with the check inserted.
 * Atomic waits, which no check point can interrupt, are refused.
 *
 * @module
 */

import { cannotInstrument } from "./_errors.ts";
import { MAX_LEB_BYTES_32, readU32, skipLeb128, u32Leb128Size, writeU32Leb128 } from "./_leb128.ts";
import type { Section } from "./_sections.ts";
import { skipInstruction } from "./_skip_instruction.ts";
import { skipBlockType, skipValType } from "./_value_types.ts";

const LOOP = 0x03;
const ATOMIC_PREFIX = 0xfe;
/** `memory.atomic.wait32` and `memory.atomic.wait64`, after the 0xFE prefix. */
const WAIT_NAMES: Readonly<Record<number, string>> = { 0x01: "wait32", 0x02: "wait64" };
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
  /** By body, plus one: body `i` owns `loopSites[firstLoopSite[i] .. firstLoopSite[i + 1]]`. */
  readonly firstLoopSite: Int32Array;
  /** Positions just after each `loop` block type, in order. */
  readonly loopSites: Int32Array;
}

/**
 * Decodes every instruction of the code section (if any) and records its check points.
 *
 * @example One body `loop; br 0; end; end`
 * ```ts
 * import assert from "node:assert/strict";
 * import { scanCode } from "./_code_section.ts";
 * const bytes = new Uint8Array([10, 9, 1, 7, 0, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b]);
 * const layout = scanCode(bytes, { id: 10, start: 0, payloadStart: 2, end: 11 });
 * assert.deepEqual([...layout.codeStarts], [5]);
 * assert.deepEqual([...layout.loopSites], [7]);
 * ```
 * @throws {QipError} kind "compile" for an opcode that cannot be decoded, a malformed body, or an
 *   atomic wait.
 */
export function scanCode(bytes: Uint8Array, section: Section | undefined): CodeLayout {
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
  const firstLoopSite = new Int32Array(functionCount + 1);
  let loopSites = new Int32Array(1024);
  let loopCount = 0;
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
    firstLoopSite[index] = loopCount;
    while (pos < bodyEnd) {
      if (bytes[pos] === LOOP) {
        pos = skipBlockType(bytes, pos + 1, bodyEnd);
        if (loopCount === loopSites.length) {
          const grown = new Int32Array(loopSites.length * 2);
          grown.set(loopSites);
          loopSites = grown;
        }
        loopSites[loopCount++] = pos;
      } else {
        if (bytes[pos] === ATOMIC_PREFIX) refuseWait(bytes, pos, bodyEnd);
        pos = skipInstruction(bytes, pos, bodyEnd);
      }
    }
    bodyEnds[index] = bodyEnd;
  }
  firstLoopSite[functionCount] = loopCount;
  if (pos !== end) {
    throw cannotInstrument(`code section has ${end - pos} unexpected bytes at byte ${pos}`);
  }
  return {
    functionCount,
    bodyStarts,
    codeStarts,
    bodyEnds,
    firstLoopSite,
    loopSites: loopSites.subarray(0, loopCount),
  };
}

/**
 * Refuses an atomic wait: it blocks the thread where no check point can run, and neither the
 * cancel flag nor `Worker.terminate()` can end it (measured: the worker stays blocked and the
 * process cannot exit). A qip module runs alone with memory nothing else can reach, so nothing
 * could ever wake it: a wait can only sleep or hang.
 */
function refuseWait(bytes: Uint8Array, pos: number, end: number): void {
  const subOpcode = readU32(bytes, pos + 1, end);
  const name = WAIT_NAMES[subOpcode];
  if (name === undefined) return;
  throw cannotInstrument(
    `memory.atomic.${name} at byte ${pos} cannot be preempted (nothing can wake a qip module's wait)`,
  );
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
    firstLoopSite: new Int32Array(1),
    loopSites: none,
  };
}

/** Returns the size of body `index` once a `checkByteCount`-byte check is at each check point. */
function instrumentedBodySize(layout: CodeLayout, index: number, checkByteCount: number): number {
  const checkCount = 1 + layout.firstLoopSite[index + 1]! - layout.firstLoopSite[index]!;
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
 * const layout = scanCode(bytes, { id: 10, start: 0, payloadStart: 2, end: 11 });
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
  const { bodyStarts, codeStarts, bodyEnds, firstLoopSite, loopSites } = layout;
  pos = writeU32Leb128(out, pos, layout.functionCount);
  for (let index = 0; index < layout.functionCount; index++) {
    pos = writeU32Leb128(out, pos, instrumentedBodySize(layout, index, check.length));
    let from = bodyStarts[index]!;
    let to = codeStarts[index]!;
    const lastSite = firstLoopSite[index + 1]!;
    for (let site = firstLoopSite[index]!;; site++) {
      pos = copySpan(out, pos, bytes, from, to);
      out.set(check, pos);
      pos += check.length;
      from = to;
      if (site === lastSite) break;
      to = loopSites[site]!;
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
