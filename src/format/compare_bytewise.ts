/**
 * Go's string order, for listings that must sort as the original's did.
 *
 * @module
 */

/**
 * Orders strings by their UTF-8 bytes (which is code point order), as Go sorts names; plain
 * `<` compares UTF-16 units and puts some characters in another order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareBytewise } from "./compare_bytewise.ts";
 * assert.deepEqual(["\u{1F600}", "\uFFFD"].sort(compareBytewise), ["\uFFFD", "\u{1F600}"]);
 * ```
 */
export function compareBytewise(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const x = a.codePointAt(index)!;
    const y = b.codePointAt(index)!;
    if (x !== y) return x - y;
    if (x > 0xffff) index++;
  }
  return a.length - b.length;
}
