/**
 * Splits a module into its sections and knows their required order. Consecutive custom
 * sections become one run, so a module of millions of tiny custom sections costs a linear
 * scan and at most one object per gap between known sections (14 in all).
 *
 * @module
 */

import { cannotInstrument } from "./_errors.ts";
import { MAX_LEB_BYTES_32, readU32, skipLeb128 } from "./_leb128.ts";

/** Section ids. */
export const SectionId = {
  Custom: 0,
  Type: 1,
  Import: 2,
  Function: 3,
  Table: 4,
  Memory: 5,
  Global: 6,
  Export: 7,
  Start: 8,
  Element: 9,
  Code: 10,
  Data: 11,
  DataCount: 12,
  Tag: 13,
} as const;

const SECTION_NAMES = [
  "custom",
  "type",
  "import",
  "function",
  "table",
  "memory",
  "global",
  "export",
  "start",
  "element",
  "code",
  "data",
  "datacount",
  "tag",
];

/**
 * Where each known section must come, by id: tag (13) sits between memory and global, and
 * datacount (12) between element and code.
 */
const SECTION_RANKS = [0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 11, 6];

/**
 * One section of the input module, or (id 0) a run of consecutive custom sections, which
 * `_custom_sections.ts` walks one by one.
 */
export interface Section {
  /** The section id (0 for a run of custom sections). */
  readonly id: number;
  /** Where the section (or the run's first section) starts: its id byte. */
  readonly start: number;
  /** Where its payload starts, after the size (for a run: the first section's). */
  readonly payloadStart: number;
  /** One past its last byte (for a run: the last section's). */
  readonly end: number;
}

/** The 8-byte header of a core module, version 1. */
export const MODULE_HEADER: Uint8Array = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);

/**
 * Returns where a known section must come (a larger rank comes later), or 0 for custom sections.
 *
 * @example The tag section comes after memory, before global
 * ```ts
 * import assert from "node:assert/strict";
 * import { sectionRank, SectionId } from "./_sections.ts";
 * assert.ok(sectionRank(SectionId.Memory) < sectionRank(SectionId.Tag));
 * assert.ok(sectionRank(SectionId.Tag) < sectionRank(SectionId.Global));
 * ```
 */
export function sectionRank(id: number): number {
  return SECTION_RANKS[id] ?? 0;
}

/**
 * Names a section for error details, like `section 10 (code)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { describeSection } from "./_sections.ts";
 * assert.equal(describeSection(2), "section 2 (import)");
 * ```
 */
export function describeSection(id: number): string {
  return `section ${id} (${SECTION_NAMES[id] ?? "unknown"})`;
}

/**
 * Checks the header and returns the module's sections in order, each run of consecutive
 * custom sections as one entry of id 0.
 *
 * @example Two custom sections, then a type section
 * ```ts
 * import assert from "node:assert/strict";
 * import { MODULE_HEADER, splitSections } from "./_sections.ts";
 * assert.deepEqual(splitSections(MODULE_HEADER), []);
 * const bytes = new Uint8Array([...MODULE_HEADER, 0, 1, 0, 0, 2, 1, 0x61, 1, 1, 0]);
 * assert.deepEqual(splitSections(bytes), [
 *   { id: 0, start: 8, payloadStart: 10, end: 15 },
 *   { id: 1, start: 15, payloadStart: 17, end: 18 },
 * ]);
 * ```
 * @throws {QipError} kind "compile" for a bad header, a truncated section, an unknown section
 * id, or known sections out of order or repeated.
 */
export function splitSections(bytes: Uint8Array): Section[] {
  checkHeader(bytes);
  const sections: Section[] = [];
  /** The run of custom sections being extended, until a known section ends it. */
  let run: { id: number; start: number; payloadStart: number; end: number } | undefined;
  let lastRank = 0;
  let pos = MODULE_HEADER.length;
  while (pos < bytes.length) {
    const start = pos;
    const id = bytes[pos++]!;
    if (id >= SECTION_NAMES.length) {
      throw cannotInstrument(`unknown section id ${id} at byte ${start}`);
    }
    const size = readU32(bytes, pos, bytes.length);
    const payloadStart = skipLeb128(bytes, pos, bytes.length, MAX_LEB_BYTES_32);
    const end = payloadStart + size;
    if (end > bytes.length) {
      throw cannotInstrument(
        `${describeSection(id)} at byte ${start} declares ${size} bytes but only ` +
          `${bytes.length - payloadStart} remain`,
      );
    }
    pos = end;
    if (id === SectionId.Custom) {
      if (run !== undefined) {
        run.end = end;
      } else {
        run = { id, start, payloadStart, end };
        sections.push(run);
      }
      continue;
    }
    run = undefined;
    const rank = sectionRank(id);
    if (rank <= lastRank) {
      throw cannotInstrument(`${describeSection(id)} at byte ${start} is out of order`);
    }
    lastRank = rank;
    sections.push({ id, start, payloadStart, end });
  }
  return sections;
}

function checkHeader(bytes: Uint8Array): void {
  for (let index = 0; index < 4; index++) {
    if (bytes[index] !== MODULE_HEADER[index]) {
      throw cannotInstrument(
        bytes.length < 4
          ? `not a WebAssembly module (only ${bytes.length} bytes)`
          : `not a WebAssembly module (bad magic number at byte 0)`,
      );
    }
  }
  if (bytes.length < MODULE_HEADER.length) {
    throw cannotInstrument(`module header is truncated at byte ${bytes.length}`);
  }
  for (let index = 4; index < MODULE_HEADER.length; index++) {
    if (bytes[index] !== MODULE_HEADER[index]) {
      const version = new DataView(bytes.buffer, bytes.byteOffset + 4, 4).getUint32(0, true);
      throw cannotInstrument(`unsupported version 0x${version.toString(16)} at byte 4`);
    }
  }
}
