/**
 * Recognises WebAssembly text (`.wat`) given where a binary module belongs, so the error can say
 * what the file is and how to build it instead of V8's "expected magic word".
 *
 * @module
 */

import { QipError } from "../errors.ts";

const MAGIC = [0x00, 0x61, 0x73, 0x6d];

/** Whether `bytes` look like the text format: a `(module`, or a comment, at the start. */
export function isWebAssemblyText(bytes: Uint8Array): boolean {
  if (MAGIC.every((byte, index) => bytes[index] === byte)) return false;
  const head = new TextDecoder().decode(bytes.subarray(0, 256));
  return /^\uFEFF?\s*(\(\s*module\b|;;|\(;)/.test(head);
}

/**
 * Throws the compile error for a text module: the spec's message, then what to do.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { refuseTextModule } from "./_text_module.ts";
 * assert.throws(() => refuseTextModule(new TextEncoder().encode("(module)"), "m.wat"), /is WebAssembly text/);
 * refuseTextModule(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), "m.wasm");
 * ```
 */
export function refuseTextModule(bytes: Uint8Array, argument: string): void {
  if (!isWebAssemblyText(bytes)) return;
  throw new QipError("compile", "Wasm module could not be compiled", {
    detail:
      `${argument} is WebAssembly text, not a binary module: build it with wat2wasm (wabt), ` +
      `or in a qip checkout with deno task modules ${argument}`,
  });
}
