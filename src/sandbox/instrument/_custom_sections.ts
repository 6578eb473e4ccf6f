/**
 * Which custom sections survive instrumentation: those whose meaning depends on code byte
 * offsets (code metadata such as `metadata.code.branch_hint`, and DWARF `.debug_*`) would
 * point at the wrong instructions once checks are inserted, so they are dropped.
 *
 * A run of consecutive custom sections (see `splitSections`) is walked in place, without an
 * object per section: a module may hold millions of them.
 *
 * @module
 */

import { MAX_LEB_BYTES_32, readU32, skipLeb128 } from "./_leb128.ts";
import type { Section } from "./_sections.ts";

const DROPPED_PREFIXES = ["metadata.code.", ".debug_"].map((prefix) =>
  new TextEncoder().encode(prefix)
);

/** Below this many bytes a kept stretch is copied byte by byte (no subarray view). */
const SMALL_COPY = 64;

/**
 * Returns how many bytes the run's kept custom sections take, or with `out`, copies them there
 * at `pos` and returns the position after them.
 *
 * @example A run of `.debug_x` (dropped) then `a` (kept)
 * ```ts
 * import assert from "node:assert/strict";
 * import { keptCustomSections } from "./_custom_sections.ts";
 * const name = new TextEncoder().encode(".debug_x");
 * const bytes = new Uint8Array([0, 9, 8, ...name, 0, 2, 1, 0x61]);
 * const run = { id: 0, start: 0, payloadStart: 2, end: bytes.length };
 * assert.equal(keptCustomSections(bytes, run), 4);
 * const out = new Uint8Array(4);
 * assert.equal(keptCustomSections(bytes, run, out, 0), 4);
 * assert.deepEqual([...out], [0, 2, 1, 0x61]);
 * ```
 */
export function keptCustomSections(
  bytes: Uint8Array,
  run: Section,
  out?: Uint8Array,
  pos = 0,
): number {
  let written = 0;
  // Consecutive kept sections are copied as one stretch.
  let keptFrom = run.start;
  let at = run.start;
  while (at < run.end) {
    // The run was split and bounds-checked by splitSections: an id byte, a u32 size, a payload.
    const payloadStart = skipLeb128(bytes, at + 1, run.end, MAX_LEB_BYTES_32);
    const end = payloadStart + readU32(bytes, at + 1, run.end);
    if (isOffsetDependent(bytes, payloadStart, end)) {
      written += copyStretch(bytes, keptFrom, at, out, pos + written);
      keptFrom = end;
    }
    at = end;
  }
  written += copyStretch(bytes, keptFrom, run.end, out, pos + written);
  return out === undefined ? written : pos + written;
}

function copyStretch(
  bytes: Uint8Array,
  from: number,
  to: number,
  out: Uint8Array | undefined,
  pos: number,
): number {
  if (out !== undefined) {
    if (to - from < SMALL_COPY) {
      for (let index = from; index < to; index++) out[pos++] = bytes[index]!;
    } else {
      out.set(bytes.subarray(from, to), pos);
    }
  }
  return to - from;
}

/**
 * Returns whether the custom section whose payload is `bytes[payloadStart, end)` refers to
 * code byte offsets. A section whose name cannot be read is kept (the engine judges it).
 */
function isOffsetDependent(bytes: Uint8Array, payloadStart: number, end: number): boolean {
  let nameLength = 0;
  let pos = payloadStart;
  for (let shift = 0;; shift += 7) {
    if (pos >= end || shift > 28) return false;
    const byte = bytes[pos++]!;
    nameLength += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) break;
  }
  if (pos + nameLength > end) return false;
  for (const prefix of DROPPED_PREFIXES) {
    if (startsWith(bytes, pos, nameLength, prefix)) return true;
  }
  return false;
}

function startsWith(bytes: Uint8Array, pos: number, length: number, prefix: Uint8Array): boolean {
  if (length < prefix.length) return false;
  for (let index = 0; index < prefix.length; index++) {
    if (bytes[pos + index] !== prefix[index]) return false;
  }
  return true;
}
