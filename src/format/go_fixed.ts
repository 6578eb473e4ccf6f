/**
 * Go's `%.Nf`: the exact binary value rounded to N decimals, ties to even. JavaScript's
 * `toFixed` rounds exact ties up instead (`(1.25).toFixed(1)` is `1.3`, Go prints `1.2`).
 *
 * @module
 */

/**
 * Formats a finite, non-negative `value` with `digits` decimals as Go's `%.<digits>f` does.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatGoFixed } from "./go_fixed.ts";
 * assert.equal(formatGoFixed(1.25, 1), "1.2");
 * assert.equal(formatGoFixed(1.35, 1), "1.4"); // 1.35 is slightly above the tie in binary
 * ```
 */
export function formatGoFixed(value: number, digits: number): string {
  // For values below 1e21, toFixed(100) is the exact decimal expansion of the binary value.
  const exact = value.toFixed(100);
  const point = exact.indexOf(".");
  const kept = exact.slice(0, point + 1 + digits);
  const dropped = exact.slice(point + 1 + digits);
  const scaled = BigInt(kept.replace(".", ""));
  const first = dropped.charCodeAt(0) - 48;
  const beyondHalf = first > 5 || (first === 5 && /[1-9]/.test(dropped.slice(1)));
  const tie = first === 5 && !beyondHalf;
  const rounded = beyondHalf || (tie && scaled % 2n === 1n) ? scaled + 1n : scaled;
  const text = rounded.toString().padStart(digits + 1, "0");
  return digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
