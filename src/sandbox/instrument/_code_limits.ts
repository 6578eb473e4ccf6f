/**
 * How much code qip rewrites and compiles: its own bound on the code section (so compile time
 * and memory stay bounded; docs/security-model.md has the figures), and V8's limit on one
 * function body, which the inserted checks must not push a valid function over.
 *
 * @module
 */

import { QipError } from "../../errors.ts";
import { type CodeLayout, instrumentedBodySize } from "./_code_section.ts";
import { COMPILE_MESSAGE } from "./_errors.ts";
import { readU32 } from "./_leb128.ts";
import { type Section, SectionId, splitSections } from "./_sections.ts";

/** V8's largest function body, in bytes (`kV8MaxWasmFunctionSize` in wasm-limits.h). */
export const ENGINE_MAX_FUNCTION_BYTES = 7_654_321;

/** V8's most entries in the index spaces the rewrite appends to (wasm-limits.h). */
export const ENGINE_MAX_ENTRIES = {
  memories: 100_000,
  globals: 1_000_000,
  functions: 1_000_000,
  types: 1_000_000,
  exports: 100_000,
} as const;

/** qip's largest code section payload, in bytes: 16 MiB compiles in about a second. */
export const MAX_CODE_BYTES = 16 * 1024 * 1024;

/** qip's most function bodies in one module (V8 allows 1,000,000). */
export const MAX_FUNCTIONS = 100_000;

/**
 * Refuses a code section above qip's bounds, from its header alone (before anything is
 * decoded, validated or compiled).
 *
 * @example 200,000 bodies
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkCodeBounds } from "./_code_limits.ts";
 * const bytes = new Uint8Array([10, 4, 0xc0, 0x9a, 0x0c, 0]);
 * assert.throws(
 *   () => checkCodeBounds(bytes, { id: 10, start: 0, payloadStart: 2, end: 6 }),
 *   { message: /200000 functions, qip compiles at most 100000/ },
 * );
 * ```
 * @throws {QipError} kind "compile" naming the bound and the module's figure.
 */
export function checkCodeBounds(bytes: Uint8Array, code: Section | undefined): void {
  if (code === undefined) return;
  const payloadBytes = code.end - code.payloadStart;
  if (payloadBytes > MAX_CODE_BYTES) {
    throw tooMuchCode(
      `the code section is ${payloadBytes} bytes, qip compiles at most ${MAX_CODE_BYTES} bytes of code`,
    );
  }
  const bodies = readU32(bytes, code.payloadStart, code.end);
  if (bodies > MAX_FUNCTIONS) {
    throw tooMuchCode(
      `the code section holds ${bodies} functions, qip compiles at most ${MAX_FUNCTIONS}`,
    );
  }
}

/**
 * Returns the refusal for a module whose code section is above qip's bounds, from the section
 * headers alone, or `undefined` (also when the bytes cannot be split into sections: validation
 * names that). Cheap enough to run before validating a large module.
 *
 * @example Not a module at all: nothing to say yet
 * ```ts
 * import assert from "node:assert/strict";
 * import { codeBoundsRefusal } from "./_code_limits.ts";
 * assert.equal(codeBoundsRefusal(new Uint8Array([1, 2, 3])), undefined);
 * ```
 */
export function codeBoundsRefusal(bytes: Uint8Array): QipError | undefined {
  let code: Section | undefined;
  try {
    code = splitSections(bytes).find((section) => section.id === SectionId.Code);
  } catch {
    return undefined;
  }
  try {
    checkCodeBounds(bytes, code);
    return undefined;
  } catch (error) {
    if (error instanceof QipError && error.detail?.startsWith("the code section")) return error;
    return undefined;
  }
}

/**
 * Refuses a function whose body, once a `checkByteCount`-byte check is at each of its check
 * points, would be above V8's limit: the refusal names the function, both sizes and the limit.
 *
 * @throws {QipError} kind "compile".
 */
export function checkInstrumentedBodySizes(
  layout: CodeLayout,
  checkByteCount: number,
  importedFunctionCount: number,
): void {
  for (let index = 0; index < layout.functionCount; index++) {
    const instrumented = instrumentedBodySize(layout, index, checkByteCount);
    if (instrumented <= ENGINE_MAX_FUNCTION_BYTES) continue;
    const original = layout.bodyEnds[index]! - layout.bodyStarts[index]!;
    throw tooMuchCode(
      `function ${importedFunctionCount + index} is ${original} bytes and would be ` +
        `${instrumented} bytes with its ${layout.checkCounts[index]} check points, above the ` +
        `engine's limit of ${ENGINE_MAX_FUNCTION_BYTES} bytes per function`,
    );
  }
}

/**
 * Refuses a module whose index spaces are so full that what the rewrite appends would pass
 * V8's limits (a valid module would otherwise fail as "instrumented module is invalid").
 *
 * @example 100,000 memories, and the rewrite adds one
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkAppendRoom } from "./_code_limits.ts";
 * assert.throws(
 *   () => checkAppendRoom("memories", 100_000, 1),
 *   { message: /has 100000 memories and the rewrite adds 1, above the engine's limit of 100000/ },
 * );
 * ```
 * @throws {QipError} kind "compile".
 */
export function checkAppendRoom(
  space: keyof typeof ENGINE_MAX_ENTRIES,
  count: number,
  added: number,
): void {
  const limit = ENGINE_MAX_ENTRIES[space];
  if (count + added <= limit) return;
  throw tooMuchCode(
    `the module has ${count} ${space} and the rewrite adds ${added}, above the engine's limit ` +
      `of ${limit} ${space}`,
  );
}

function tooMuchCode(detail: string): QipError {
  return new QipError("compile", COMPILE_MESSAGE, { detail });
}
