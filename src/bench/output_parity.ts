/**
 * Whether two modules produced the same output, and if not, how they differ
 * (spec: cli.md §4.3).
 *
 * @module
 */

import { outputBytes, type OutputEncoding, type StageOutput } from "../contracts/mod.ts";
import { sha256Hex } from "../format/sha256_hex.ts";

/** An output as bench compares it: its encoding and its raw bytes (empty for scalars). */
export interface BenchOutput {
  readonly encoding: OutputEncoding;
  readonly bytes: Uint8Array;
}

/** How reports name an encoding: `raw`, `utf8`, `i32[]`. */
export function encodingName(encoding: OutputEncoding): string {
  return encoding === "i32" ? "i32[]" : encoding;
}

/** The comparable form of a stage output. */
export function benchOutput(output: StageOutput): BenchOutput {
  return { encoding: output.encoding, bytes: outputBytes(output) };
}

/**
 * Resolves to `undefined` when `actual` equals `expected`, else to the spec's description:
 * `encoding differs (expected utf8, actual raw)` or `output differs at byte <k> (expected
 * len=<n> sha256=<hex>, actual len=<m> sha256=<hex>)`, `<k>` being the first differing index
 * (the shorter length when one is a prefix of the other).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { describeMismatch } from "./output_parity.ts";
 * const utf8 = (text: string) => ({ encoding: "utf8" as const, bytes: new TextEncoder().encode(text) });
 * assert.equal(await describeMismatch(utf8("abc"), utf8("abc")), undefined);
 * assert.match((await describeMismatch(utf8("abc"), utf8("abd")))!, /^output differs at byte 2 /);
 * ```
 */
export async function describeMismatch(
  expected: BenchOutput,
  actual: BenchOutput,
): Promise<string | undefined> {
  if (expected.encoding !== actual.encoding) {
    return `encoding differs (expected ${encodingName(expected.encoding)}, actual ${
      encodingName(actual.encoding)
    })`;
  }
  const offset = firstDifference(expected.bytes, actual.bytes);
  if (offset === undefined) return undefined;
  return `output differs at byte ${offset} (expected len=${expected.bytes.byteLength} sha256=${await sha256Hex(
    expected.bytes,
  )}, actual len=${actual.bytes.byteLength} sha256=${await sha256Hex(actual.bytes)})`;
}

function firstDifference(a: Uint8Array, b: Uint8Array): number | undefined {
  const shorter = Math.min(a.byteLength, b.byteLength);
  for (let index = 0; index < shorter; index++) {
    if (a[index] !== b[index]) return index;
  }
  return a.byteLength === b.byteLength ? undefined : shorter;
}
