/**
 * The code section: finds every check point, then writes the bodies back with the check
 * inserted. The check points are each function's first instruction, the first instruction
 * inside each `loop`, the instruction before each bulk operation (`memory.fill/copy/init`,
 * `table.fill/copy/init/grow`, `memory.grow`), and, in straight-line code, the instruction
 * after {@linkcode STRAIGHT_LINE_CHECK_INTERVAL} instructions without one.
 * Fills and copies the rewrite can chunk are replaced by calls to helpers instead
 * (`_bulk_helpers.ts`). Every index operand is checked against the module's own index spaces, and atomic waits,
 * which no check point can interrupt, are refused (see `_code_operands.ts`).
 *
 * @module
 */

import type { BulkHelpers } from "./_bulk_helpers.ts";
import {
  checkOperands,
  type IndexSpaces,
  LOAD_OR_STORE,
  OPCODES_WITH_INDICES,
  Operands,
} from "./_code_operands.ts";
import { type DeterministicBody, Site } from "./_deterministic.ts";
import {
  DeterministicBodyScan,
  type DeterministicScan,
  readLocals,
} from "./_deterministic_scan.ts";
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

/** A site that only gets a check inserted (other sites replace a bulk operation). */
const CHECK_ONLY = Site.Check;
const MISC_PREFIX = 0xfc;

export type { DeterministicScan } from "./_deterministic_scan.ts";

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
  /** By body: how many checks it gets, its entry's included. */
  readonly checkCounts: Int32Array;
  /** By body: how many bytes replacing its bulk operations by helper calls adds (or removes). */
  readonly replacementGrowth: Int32Array;
  /** By body, plus one: body `i` owns `sites[firstSite[i] .. firstSite[i + 1]]`. */
  readonly firstSite: Int32Array;
  /**
   * Where the body changes besides function entries, in order: checks just after each `loop`
   * block type, before each bulk operation and between straight-line instructions; and bulk
   * operations replaced by a call to a chunking helper.
   */
  readonly sites: Int32Array;
  /** By site: -1 for a check, else the helper whose call replaces the instruction there. */
  readonly siteHelpers: Int32Array;
  /** The chunking helpers the replaced operations call, when there are any. */
  readonly helpers: BulkHelpers | undefined;
  /** By body, in deterministic mode: what it inserts (`_deterministic.ts`). */
  readonly deterministic: readonly DeterministicBody[] | undefined;
}

/** Growable parallel lists of sites and their kinds. */
class SiteList {
  positions = new Int32Array(1024);
  helpers = new Int32Array(1024);
  count = 0;

  add(at: number, helper: number): void {
    if (this.count === this.positions.length) {
      this.positions = grow(this.positions);
      this.helpers = grow(this.helpers);
    }
    this.positions[this.count] = at;
    this.helpers[this.count++] = helper;
  }
}

function grow(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}

/**
 * Decodes every instruction of the code section (if any), checks its index operands against
 * `spaces` and records its check points; with `helpers`, chunkable bulk operations are
 * recorded as replaced by a call to a chunking helper (whose loop is their check point).
 *
 * @example One body `loop; br 0; end; end`
 * ```ts
 * import assert from "node:assert/strict";
 * import { scanCode } from "./_code_section.ts";
 * const bytes = new Uint8Array([10, 9, 1, 7, 0, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b]);
 * const spaces = { memories: 0, globals: 0, functions: 1, tables: 0, types: 1 };
 * const layout = scanCode(bytes, { id: 10, start: 0, payloadStart: 2, end: 11 }, spaces);
 * assert.deepEqual([...layout.codeStarts], [5]);
 * assert.deepEqual([...layout.sites], [7]);
 * ```
 * With `deterministic`, also records where NaNs are canonicalised and the call depth is
 * lowered or reset, and refuses relaxed SIMD.
 *
 * @throws {QipError} kind "compile" for an opcode that cannot be decoded, a malformed body, an
 *   index outside the module's own spaces, an atomic wait, or relaxed SIMD in deterministic mode.
 */
export function scanCode(
  bytes: Uint8Array,
  section: Section | undefined,
  spaces: IndexSpaces,
  helpers?: BulkHelpers,
  deterministic?: DeterministicScan,
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
  const checkCounts = new Int32Array(functionCount);
  const replacementGrowth = new Int32Array(functionCount);
  const firstSite = new Int32Array(functionCount + 1);
  const sites = new SiteList();
  const deterministicBodies: DeterministicBody[] | undefined = deterministic && [];
  const hasMemory = spaces.memories > 0;
  let kind: number;
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
    const locals = deterministic && readLocals(bytes, pos, bodyEnd);
    pos = locals ? locals.end : skipLocals(bytes, pos, bodyEnd);
    codeStarts[index] = pos;
    firstSite[index] = sites.count;
    let checks = 1;
    let growth = 0;
    const deterministicScan = deterministic &&
      new DeterministicBodyScan(deterministic, index, sites, sites.count);
    // Instructions since the last check point (the function entry counts as one).
    let sinceCheck = 0;
    while (pos < bodyEnd) {
      const opcode = bytes[pos]!;
      if (opcode === LOOP) {
        pos = skipBlockType(bytes, pos + 1, bodyEnd);
        sites.add(pos, CHECK_ONLY);
        checks++;
        sinceCheck = 0;
        continue;
      }
      if (sinceCheck >= STRAIGHT_LINE_CHECK_INTERVAL) {
        sites.add(pos, CHECK_ONLY);
        checks++;
        sinceCheck = 0;
      }
      const next = skipInstruction(bytes, pos, bodyEnd);
      if (
        (kind = OPCODES_WITH_INDICES[opcode]!) !== 0 &&
        // A load or store of memory 0 with one-byte flags needs no call (the hot case).
        !(kind === LOAD_OR_STORE && bytes[pos + 1]! < 0x40 && hasMemory) &&
        checkOperands(bytes, pos, bodyEnd, spaces) === Operands.Bulk
      ) {
        const helper = opcode === MISC_PREFIX && helpers !== undefined
          ? chunkingHelper(bytes, pos, next, helpers)
          : CHECK_ONLY;
        if (helper !== CHECK_ONLY) {
          sites.add(pos, helper);
          growth += helpers!.callSize(helper) - (next - pos);
          sinceCheck = 0; // the helper checks before its first chunk
        } else if (sinceCheck > 0) {
          sites.add(pos, CHECK_ONLY);
          checks++;
          sinceCheck = 0;
        }
      }
      deterministicScan?.instruction(bytes, opcode, pos, next, bodyEnd);
      pos = next;
      sinceCheck++;
    }
    if (deterministicScan && locals) {
      const { body, growth: added } = deterministicScan.finish(
        bytes,
        bodyStarts[index]!,
        locals,
        bodyEnd,
      );
      growth += added;
      deterministicBodies!.push(body);
    }
    bodyEnds[index] = bodyEnd;
    checkCounts[index] = checks;
    replacementGrowth[index] = growth;
  }
  firstSite[functionCount] = sites.count;
  if (pos !== end) {
    throw cannotInstrument(`code section has ${end - pos} unexpected bytes at byte ${pos}`);
  }
  return {
    functionCount,
    bodyStarts,
    codeStarts,
    bodyEnds,
    checkCounts,
    replacementGrowth,
    firstSite,
    sites: sites.positions.subarray(0, sites.count),
    siteHelpers: sites.helpers.subarray(0, sites.count),
    helpers,
    deterministic: deterministicBodies,
  };
}

/** The helper for the 0xFC bulk operation from `pos` to `next`, or -1. */
function chunkingHelper(bytes: Uint8Array, pos: number, next: number, helpers: BulkHelpers) {
  // Sub-opcode and memory immediates: u32 LEBs, each read and skipped in turn.
  const immediates: number[] = [];
  for (let at = pos + 1; at < next; at = skipLeb128(bytes, at, next, MAX_LEB_BYTES_32)) {
    immediates.push(readU32(bytes, at, next));
  }
  const [sub, ...memories] = immediates;
  return helpers.helperFor(sub!, memories);
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
    checkCounts: none,
    replacementGrowth: none,
    firstSite: new Int32Array(1),
    sites: none,
    siteHelpers: none,
    helpers: undefined,
    deterministic: undefined,
  };
}

/**
 * Returns the size of body `index` once a `checkByteCount`-byte check is at each check point
 * and its chunked bulk operations are calls.
 */
export function instrumentedBodySize(
  layout: CodeLayout,
  index: number,
  checkByteCount: number,
): number {
  return layout.bodyEnds[index]! - layout.bodyStarts[index]! +
    layout.checkCounts[index]! * checkByteCount + layout.replacementGrowth[index]!;
}

/**
 * Returns the payload size of the instrumented code section (the helpers' bodies included).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { codePayloadSize, scanCode } from "./_code_section.ts";
 * const bytes = new Uint8Array([10, 9, 1, 7, 0, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b]);
 * const spaces = { memories: 0, globals: 0, functions: 1, tables: 0, types: 1 };
 * const layout = scanCode(bytes, { id: 10, start: 0, payloadStart: 2, end: 11 }, spaces);
 * assert.equal(codePayloadSize(layout, new Uint8Array(10), []), 1 + 1 + 7 + 2 * 10);
 * ```
 */
export function codePayloadSize(
  layout: CodeLayout,
  check: Uint8Array,
  helperBodies: readonly Uint8Array[],
): number {
  let size = u32Leb128Size(layout.functionCount + helperBodies.length);
  for (let index = 0; index < layout.functionCount; index++) {
    const bodySize = instrumentedBodySize(layout, index, check.length);
    size += u32Leb128Size(bodySize) + bodySize;
  }
  for (const body of helperBodies) size += u32Leb128Size(body.length) + body.length;
  return size;
}

/**
 * Writes the instrumented code section payload at `pos` in `out` (sized with
 * {@linkcode codePayloadSize}), the helpers' bodies last, and returns the position after it.
 */
export function writeCodePayload(
  out: Uint8Array,
  pos: number,
  bytes: Uint8Array,
  layout: CodeLayout,
  check: Uint8Array,
  helperBodies: readonly Uint8Array[],
): number {
  const { bodyStarts, codeStarts, bodyEnds, firstSite, sites, siteHelpers, helpers } = layout;
  pos = writeU32Leb128(out, pos, layout.functionCount + helperBodies.length);
  for (let index = 0; index < layout.functionCount; index++) {
    pos = writeU32Leb128(out, pos, instrumentedBodySize(layout, index, check.length));
    const deterministic = layout.deterministic?.[index];
    if (deterministic === undefined) {
      pos = copySpan(out, pos, bytes, bodyStarts[index]!, codeStarts[index]!);
    } else {
      out.set(deterministic.locals, pos);
      pos += deterministic.locals.length;
      out.set(deterministic.entry, pos);
      pos += deterministic.entry.length;
    }
    out.set(check, pos);
    pos += check.length;
    let from = codeStarts[index]!;
    for (let site = firstSite[index]!; site < firstSite[index + 1]!; site++) {
      const at = sites[site]!;
      pos = copySpan(out, pos, bytes, from, at);
      const helper = siteHelpers[site]!;
      if (helper === CHECK_ONLY) {
        out.set(check, pos);
        pos += check.length;
        from = at;
      } else if (helper < CHECK_ONLY) {
        // Deterministic insertions (a check first, for a check that also resets the depth).
        if (helper === Site.CheckRestore) {
          out.set(check, pos);
          pos += check.length;
        }
        const insert = deterministic!.inserts[
          helper === Site.CheckRestore ? -Site.Restore : -helper
        ]!;
        out.set(insert, pos);
        pos += insert.length;
        from = at;
      } else {
        const call = helpers!.callBytes(helper);
        out.set(call, pos);
        pos += call.length;
        from = skipInstruction(bytes, at, bodyEnds[index]!);
      }
    }
    pos = copySpan(out, pos, bytes, from, bodyEnds[index]!);
  }
  for (const body of helperBodies) {
    pos = writeU32Leb128(out, pos, body.length);
    out.set(body, pos);
    pos += body.length;
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
