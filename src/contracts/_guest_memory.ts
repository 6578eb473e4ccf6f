/**
 * Bounds-checked access to a module's linear memory. Like wazero's `Memory.Read`, these return
 * "not ok" instead of throwing, and the caller names the error.
 *
 * @module
 */

/**
 * Copies `byteCount` bytes at `ptr` out of `memory`, or returns `undefined` when the range is
 * outside the memory.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readGuestBytes } from "./_guest_memory.ts";
 * const memory = new WebAssembly.Memory({ initial: 1 });
 * assert.equal(readGuestBytes(memory, 65_535, 2), undefined);
 * assert.deepEqual(readGuestBytes(memory, 0, 2), new Uint8Array(2));
 * ```
 */
export function readGuestBytes(
  memory: WebAssembly.Memory,
  ptr: number,
  byteCount: number,
): Uint8Array | undefined {
  if (!fits(memory, ptr, byteCount)) return undefined;
  return new Uint8Array(memory.buffer, ptr, byteCount).slice();
}

/** Writes `bytes` at `ptr`; returns `false` (writing nothing) when they do not fit. */
export function writeGuestBytes(
  memory: WebAssembly.Memory,
  ptr: number,
  bytes: Uint8Array,
): boolean {
  if (!fits(memory, ptr, bytes.byteLength)) return false;
  new Uint8Array(memory.buffer, ptr, bytes.byteLength).set(bytes);
  return true;
}

function fits(memory: WebAssembly.Memory, ptr: number, byteCount: number): boolean {
  return ptr >= 0 && byteCount >= 0 && ptr + byteCount <= memory.buffer.byteLength;
}
