/**
 * The errors the instrumenter raises: a module it cannot decode, and a module whose memories,
 * tables or exceptions break the memory policy.
 *
 * @module
 */

import { compileFailed, QipError } from "../../errors.ts";
import { formatByteSize } from "../../format/mod.ts";
import { WASM_PAGE_BYTES } from "../limits.ts";

/** The message a memory above the policy carries; the detail names the memory and the limit. */
export const MEMORY_POLICY_MESSAGE = "Wasm module exceeds the memory limit";

/**
 * Builds the error for bytes the instrumenter cannot decode.
 *
 * @example A bad opcode
 * ```ts
 * import assert from "node:assert/strict";
 * import { cannotInstrument } from "./_errors.ts";
 * const error = cannotInstrument("unknown opcode 0xff at byte 40");
 * assert.equal(error.message, "Wasm module could not be compiled: cannot instrument: unknown opcode 0xff at byte 40");
 * ```
 */
export function cannotInstrument(detail: string): QipError {
  return compileFailed(`cannot instrument: ${detail}`);
}

/**
 * Builds the error for a defined memory whose declared minimum is above the policy.
 *
 * @example 5000 pages against 4096
 * ```ts
 * import assert from "node:assert/strict";
 * import { memoryOverLimit } from "./_errors.ts";
 * assert.equal(
 *   memoryOverLimit(0, 5000n, 4096).detail,
 *   "memory 0 declares a minimum of 5000 pages (312.5 MiB), --max-memory allows 4096 pages (256 MiB)",
 * );
 * ```
 */
export function memoryOverLimit(
  memoryIndex: number,
  minimumPages: bigint,
  limitPages: number,
): QipError {
  const detail = `memory ${memoryIndex} declares a minimum of ${minimumPages} pages ` +
    `(${pagesAsSize(minimumPages)}), --max-memory allows ${limitPages} pages ` +
    `(${pagesAsSize(BigInt(limitPages))})`;
  return new QipError("memory_policy", MEMORY_POLICY_MESSAGE, { detail });
}

/**
 * Builds the error for defined memories whose declared minimums add up to more than the policy.
 *
 * @example Five memories of 4096 pages and one of 1, against 4096
 * ```ts
 * import assert from "node:assert/strict";
 * import { memoriesOverLimit } from "./_errors.ts";
 * assert.equal(
 *   memoriesOverLimit(0, 6, 20481n, 4096).detail,
 *   "memories 0 to 5 declare a minimum of 20481 pages (1.3 GiB) in total, --max-memory allows 4096 pages (256 MiB)",
 * );
 * ```
 */
export function memoriesOverLimit(
  firstIndex: number,
  count: number,
  totalPages: bigint,
  limitPages: number,
): QipError {
  const detail = `memories ${firstIndex} to ${firstIndex + count - 1} declare a minimum of ` +
    `${totalPages} pages (${pagesAsSize(totalPages)}) in total, --max-memory allows ` +
    `${limitPages} pages (${pagesAsSize(BigInt(limitPages))})`;
  return new QipError("memory_policy", MEMORY_POLICY_MESSAGE, { detail });
}

/**
 * Builds the error for defined tables whose declared minimums (one table's, or all together)
 * are above the table limit.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tablesOverLimit } from "./_errors.ts";
 * assert.equal(
 *   tablesOverLimit(0, 1, 10_000_000n, 1_000_000).detail,
 *   "table 0 declares a minimum of 10000000 elements, the limit is 1000000 elements",
 * );
 * ```
 */
export function tablesOverLimit(
  firstIndex: number,
  count: number,
  totalElements: bigint,
  limitElements: number,
): QipError {
  const which = count === 1
    ? `table ${firstIndex} declares a minimum of ${totalElements} elements`
    : `tables ${firstIndex} to ${firstIndex + count - 1} declare a minimum of ` +
      `${totalElements} elements in total`;
  return new QipError("memory_policy", MEMORY_POLICY_MESSAGE, {
    detail: `${which}, the limit is ${limitElements} elements`,
  });
}

/**
 * Builds the error for a struct or array type: GC objects live on the engine's heap, outside
 * every limit the policy sets (linear memory, tables), and their allocations cannot be counted
 * or stopped (one `array.new` in a constant expression allocates at instantiation, before any
 * check point runs).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { gcHeapRefused } from "./_errors.ts";
 * assert.equal(
 *   gcHeapRefused(3, "array").detail,
 *   "type 3 is an array type: GC heap objects are outside the memory limit and are refused",
 * );
 * ```
 */
export function gcHeapRefused(typeIndex: number, kind: "struct" | "array"): QipError {
  return new QipError("memory_policy", MEMORY_POLICY_MESSAGE, {
    detail:
      `type ${typeIndex} is ${kind === "array" ? "an" : "a"} ${kind} type: GC heap objects are ` +
      "outside the memory limit and are refused",
  });
}

/**
 * Builds the error for a place that could hold caught exceptions without bound: an `exnref`
 * global or table (one slot per global or element, each an exception), or a tag whose payload
 * carries an `exnref` (each exception can hold the previous one: a chain of any length).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { exceptionHeapRefused } from "./_errors.ts";
 * assert.equal(
 *   exceptionHeapRefused("global 2 has type exnref").detail,
 *   "global 2 has type exnref: caught exceptions held there are outside the memory limit " +
 *     "and are refused",
 * );
 * ```
 */
export function exceptionHeapRefused(what: string): QipError {
  return new QipError("memory_policy", MEMORY_POLICY_MESSAGE, {
    detail: `${what}: caught exceptions held there are outside the memory limit and are refused`,
  });
}

/**
 * Builds the error for a tag whose payload is above the tag payload limit: every stack frame
 * can hold one caught exception (legacy `catch`, an `exnref` local), so the payload size
 * bounds the engine heap a module can hold through its stack.
 *
 * @example 1000 v128 values against 16 bytes
 * ```ts
 * import assert from "node:assert/strict";
 * import { tagPayloadOverLimit } from "./_errors.ts";
 * assert.equal(
 *   tagPayloadOverLimit(0, 1000, 16000, 16).detail,
 *   "tag 0 carries 1000 values (16000 bytes), the limit is 16 bytes per exception",
 * );
 * ```
 */
export function tagPayloadOverLimit(
  tagIndex: number,
  valueCount: number,
  payloadBytes: number,
  limitBytes: number,
): QipError {
  return new QipError("memory_policy", MEMORY_POLICY_MESSAGE, {
    detail: `tag ${tagIndex} carries ${valueCount} value${valueCount === 1 ? "" : "s"} ` +
      `(${payloadBytes} bytes), the limit is ${limitBytes} bytes per exception`,
  });
}

function pagesAsSize(pages: bigint): string {
  return formatByteSize(Number(pages) * WASM_PAGE_BYTES);
}

/** Formats a byte as `0x` and at least two hex digits, for error details. */
export function hexByte(value: number): string {
  return `0x${value.toString(16).padStart(2, "0")}`;
}
