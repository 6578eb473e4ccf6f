/**
 * The two errors the instrumenter raises: a module it cannot decode, and a module whose memory
 * breaks the memory policy.
 *
 * @module
 */

import { QipError } from "../../errors.ts";
import { formatByteSize } from "../../format/byte_size.ts";
import { WASM_PAGE_BYTES } from "../limits.ts";

/** The message every decoding failure carries; the detail says what and where. */
export const COMPILE_MESSAGE = "Wasm module could not be compiled";

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
  return new QipError("compile", COMPILE_MESSAGE, { detail: `cannot instrument: ${detail}` });
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

function pagesAsSize(pages: bigint): string {
  return formatByteSize(Number(pages) * WASM_PAGE_BYTES);
}

/** Formats a byte as `0x` and at least two hex digits, for error details. */
export function hexByte(value: number): string {
  return `0x${value.toString(16).padStart(2, "0")}`;
}
