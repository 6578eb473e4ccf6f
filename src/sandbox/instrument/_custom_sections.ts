/**
 * Which custom sections survive instrumentation: those whose meaning depends on code byte
 * offsets (code metadata such as `metadata.code.branch_hint`, and DWARF `.debug_*`) would
 * point at the wrong instructions once checks are inserted, so they are dropped.
 *
 * @module
 */

import type { Section } from "./_sections.ts";

const DROPPED_PREFIXES = ["metadata.code.", ".debug_"].map((prefix) =>
  new TextEncoder().encode(prefix)
);

/**
 * Returns whether the custom section refers to code byte offsets and must be dropped. A
 * section whose name cannot be read is kept as it is (the engine judges it).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isOffsetDependent } from "./_custom_sections.ts";
 * const name = new TextEncoder().encode(".debug_info");
 * const bytes = new Uint8Array([0, 12, name.length, ...name]);
 * assert.equal(isOffsetDependent(bytes, { id: 0, start: 0, payloadStart: 2, end: 14 }), true);
 * ```
 */
export function isOffsetDependent(bytes: Uint8Array, section: Section): boolean {
  let nameLength = 0;
  let pos = section.payloadStart;
  for (let shift = 0;; shift += 7) {
    if (pos >= section.end || shift > 28) return false;
    const byte = bytes[pos++]!;
    nameLength += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) break;
  }
  if (pos + nameLength > section.end) return false;
  return DROPPED_PREFIXES.some((prefix) => startsWith(bytes, pos, nameLength, prefix));
}

function startsWith(bytes: Uint8Array, pos: number, length: number, prefix: Uint8Array): boolean {
  if (length < prefix.length) return false;
  for (let index = 0; index < prefix.length; index++) {
    if (bytes[pos + index] !== prefix[index]) return false;
  }
  return true;
}
