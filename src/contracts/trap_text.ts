/**
 * Turns a V8 trap into the runtime text the reference host prints (spec: cli.md §3.8), so
 * scripts matching `wasm error: unreachable` keep working on our engine.
 *
 * @module
 */

/** V8's trap messages, mapped to wazero's reason words. */
const REASONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^unreachable/, "unreachable"],
  [/memory access out of bounds/, "out of bounds memory access"],
  [/(divide|remainder) by zero/, "integer divide by zero"],
  [/divide result unrepresentable/, "integer overflow"],
  [/float unrepresentable in integer range/, "invalid conversion to integer"],
  [/table index is out of bounds/, "invalid table access"],
  [/signature mismatch/, "indirect call type mismatch"],
  [/null function/, "invalid table access"],
  [/Maximum call stack size exceeded/, "stack overflow"],
];

/** What an uncaught wasm `throw` raises in JavaScript (not in TypeScript's lib yet). */
const WasmException = (WebAssembly as unknown as { Exception: abstract new () => object })
  .Exception;

/**
 * Returns `wasm error: <reason>` for an error thrown by a wasm call.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { trapText } from "./trap_text.ts";
 * assert.equal(trapText(new WebAssembly.RuntimeError("unreachable")), "wasm error: unreachable");
 * ```
 */
export function trapText(error: unknown): string {
  // A wasm exception no handler caught is not an Error: it has no message to map.
  if (error instanceof WasmException) return "wasm error: uncaught exception";
  // V8 names the JavaScript API it failed in (`WebAssembly.Instance(): data segment 0 is …`).
  const message = error instanceof Error
    ? error.message.replace(/^WebAssembly\.\w+\(\): /, "")
    : String(error);
  const reason = REASONS.find(([pattern]) => pattern.test(message))?.[1];
  return `wasm error: ${reason ?? message}`;
}

/** Returns whether `error` is a trap, an uncaught wasm exception or an engine failure raised by a wasm call. */
export function isWasmTrap(error: unknown): boolean {
  return error instanceof WebAssembly.RuntimeError || error instanceof WasmException ||
    (error instanceof RangeError && /call stack/.test(error.message));
}
