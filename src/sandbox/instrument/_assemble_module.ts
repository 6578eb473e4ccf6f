/**
 * Writes the instrumented module: the input's sections in order, with some payloads replaced
 * (or added in their required place), the start section and offset-dependent custom sections
 * left out, and the code section re-emitted with its checks.
 *
 * @module
 */

import { type CodeLayout, codePayloadSize, writeCodePayload } from "./_code_section.ts";
import { keptCustomSections } from "./_custom_sections.ts";
import { u32Leb128Size, writeU32Leb128 } from "./_leb128.ts";
import { MODULE_HEADER, type Section, SectionId, sectionRank } from "./_sections.ts";

/** What changes between the input and the output module. */
export interface ModuleRewrite {
  /** New payloads by section id: each replaces that section, or is added where it belongs. */
  readonly payloads: ReadonlyMap<number, Uint8Array>;
  /** The code section's check points. */
  readonly layout: CodeLayout;
  /** The check inserted at each check point. */
  readonly check: Uint8Array;
  /** Bodies of the added chunking helpers, appended to the code section. */
  readonly helperBodies?: readonly Uint8Array[];
}

/**
 * One section of the output: copied from the input, the kept custom sections of a run, a new
 * payload, or the code section.
 */
type Piece =
  | { readonly kind: "copy"; readonly section: Section }
  | { readonly kind: "custom"; readonly run: Section; readonly size: number }
  | { readonly kind: "payload"; readonly id: number; readonly payload: Uint8Array }
  | { readonly kind: "code"; readonly payloadSize: number };

/**
 * Returns the output module's bytes, allocated once at their exact size.
 *
 * @example An empty module gains a memory section
 * ```ts
 * import assert from "node:assert/strict";
 * import { assembleModule } from "./_assemble_module.ts";
 * import { scanCode } from "./_code_section.ts";
 * import { MODULE_HEADER } from "./_sections.ts";
 * const spaces = { memories: 0, globals: 0, functions: 0, tables: 0, types: 1 };
 * const layout = scanCode(MODULE_HEADER, undefined, spaces);
 * const payloads = new Map([[5, new Uint8Array([1, 3, 1, 1])]]);
 * const out = assembleModule(MODULE_HEADER, [], { payloads, layout, check: new Uint8Array() });
 * assert.deepEqual([...out.subarray(8)], [5, 4, 1, 3, 1, 1]);
 * ```
 */
export function assembleModule(
  bytes: Uint8Array,
  sections: readonly Section[],
  rewrite: ModuleRewrite,
): Uint8Array<ArrayBuffer> {
  const pieces = planPieces(bytes, sections, rewrite);
  let size = MODULE_HEADER.length;
  for (const piece of pieces) size += pieceSize(piece);
  const out = new Uint8Array(size);
  out.set(MODULE_HEADER);
  let pos = MODULE_HEADER.length;
  for (const piece of pieces) {
    switch (piece.kind) {
      case "copy":
        out.set(bytes.subarray(piece.section.start, piece.section.end), pos);
        pos += piece.section.end - piece.section.start;
        break;
      case "custom":
        pos = keptCustomSections(bytes, piece.run, out, pos);
        break;
      case "payload":
        out[pos++] = piece.id;
        pos = writeU32Leb128(out, pos, piece.payload.length);
        out.set(piece.payload, pos);
        pos += piece.payload.length;
        break;
      case "code":
        out[pos++] = SectionId.Code;
        pos = writeU32Leb128(out, pos, piece.payloadSize);
        pos = writeCodePayload(
          out,
          pos,
          bytes,
          rewrite.layout,
          rewrite.check,
          rewrite.helperBodies ?? [],
        );
        break;
    }
  }
  return out;
}

/** The bytes a piece takes in the output, its id and size included. */
function pieceSize(piece: Piece): number {
  switch (piece.kind) {
    case "copy":
      return piece.section.end - piece.section.start;
    case "custom":
      return piece.size;
    case "payload":
      return 1 + u32Leb128Size(piece.payload.length) + piece.payload.length;
    case "code":
      return 1 + u32Leb128Size(piece.payloadSize) + piece.payloadSize;
  }
}

function planPieces(bytes: Uint8Array, sections: readonly Section[], rewrite: ModuleRewrite) {
  const pieces: Piece[] = [];
  // Added sections wait, in rank order, for the first section that must come after them.
  const pending = [...rewrite.payloads.keys()]
    .filter((id) => !sections.some((section) => section.id === id))
    .sort((left, right) => sectionRank(left) - sectionRank(right));
  const addPendingBefore = (rank: number) => {
    while (pending.length > 0 && sectionRank(pending[0]!) < rank) {
      const id = pending.shift()!;
      pieces.push({ kind: "payload", id, payload: rewrite.payloads.get(id)! });
    }
  };
  for (const section of sections) {
    if (section.id === SectionId.Custom) {
      const size = keptCustomSections(bytes, section);
      if (size > 0) pieces.push({ kind: "custom", run: section, size });
      continue;
    }
    addPendingBefore(sectionRank(section.id));
    const payload = rewrite.payloads.get(section.id);
    if (payload !== undefined) {
      pieces.push({ kind: "payload", id: section.id, payload });
    } else if (section.id === SectionId.Code) {
      const payloadSize = codePayloadSize(
        rewrite.layout,
        rewrite.check,
        rewrite.helperBodies ?? [],
      );
      pieces.push({ kind: "code", payloadSize });
    } else if (section.id !== SectionId.Start) {
      pieces.push({ kind: "copy", section });
    }
  }
  addPendingBefore(Infinity);
  return pieces;
}
