/**
 * Whether two modules produced the same output, and if not, how they differ
 * (spec: cli.md §4.3).
 *
 * @module
 */

import { outputBytes, type OutputEncoding, type StageOutput } from "../contracts/mod.ts";
import { sha256Hex } from "../format/mod.ts";

/** An output as bench compares it: its encoding, its raw bytes (empty for scalars), and a
 * scalar module's result. */
export interface BenchOutput {
  readonly encoding: OutputEncoding;
  readonly bytes: Uint8Array;
  /** What `run` returned, for a scalar module (`Ran: N`); `undefined` for an output buffer. */
  readonly ran?: number;
}

/** How reports name an encoding: `raw`, `utf8`, `i32[]`. */
export function encodingName(encoding: OutputEncoding): string {
  return encoding === "i32" ? "i32[]" : encoding;
}

/** The comparable form of a stage output. */
export function benchOutput(output: StageOutput): BenchOutput {
  const bytes = outputBytes(output);
  return output.kind === "scalar"
    ? { encoding: output.encoding, bytes, ran: output.ran }
    : { encoding: output.encoding, bytes };
}

/** How many bytes on each side of the first difference a mismatch shows. */
const WINDOW_BEFORE = 8;
const WINDOW_AFTER = 16;

/**
 * Resolves to `undefined` when `actual` equals `expected`, else to the spec's description:
 * `encoding differs (expected utf8, actual raw)` or `output differs at byte <k> (expected
 * len=<n> sha256=<hex>, actual len=<m> sha256=<hex>)`, `<k>` being the first differing index
 * (the shorter length when one is a prefix of the other), followed by the bytes around `<k>`
 * in hex and as text (`; bytes 0-4: expected 61 62 |ab|, actual 61 63 |ac|`). Scalar modules
 * are compared by their result: `scalar result differs (expected Ran: 3, actual Ran: 6)`.
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
  if (expected.ran !== actual.ran) {
    return `scalar result differs (expected ${describeRan(expected)}, actual ${
      describeRan(actual)
    })`;
  }
  const offset = firstDifference(expected.bytes, actual.bytes);
  if (offset === undefined) return undefined;
  return `output differs at byte ${offset} (expected len=${expected.bytes.byteLength} sha256=${await sha256Hex(
    expected.bytes,
  )}, actual len=${actual.bytes.byteLength} sha256=${await sha256Hex(actual.bytes)})${
    byteWindow(expected.bytes, actual.bytes, offset)
  }`;
}

function describeRan(output: BenchOutput): string {
  return output.ran === undefined ? "an output buffer" : `Ran: ${output.ran}`;
}

/**
 * `; bytes <from>-<to>: expected <hex> |<text>|, actual <hex> |<text>|`: the same range of both
 * outputs around `offset`, each cut to what it has; `…` marks a cut inside the output. Text
 * shows printable ASCII and `.` for every other byte, as `hexdump -C` does.
 */
function byteWindow(expected: Uint8Array, actual: Uint8Array, offset: number): string {
  const from = Math.max(0, offset - WINDOW_BEFORE);
  const to = offset + WINDOW_AFTER;
  const show = (bytes: Uint8Array) => {
    const part = bytes.subarray(from, to);
    if (part.byteLength === 0) return "(nothing)";
    const hex = Array.from(part, (byte) => byte.toString(16).padStart(2, "0")).join(" ");
    const text = Array.from(
      part,
      (byte) => byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : ".",
    ).join("");
    const before = from > 0 ? "… " : "";
    const after = bytes.byteLength > to ? " …" : "";
    return `${before}${hex}${after} |${text}|`;
  };
  const end = Math.min(to, Math.max(expected.byteLength, actual.byteLength));
  return `; bytes ${from}-${end - 1}: expected ${show(expected)}, actual ${show(actual)}`;
}

function firstDifference(a: Uint8Array, b: Uint8Array): number | undefined {
  const shorter = Math.min(a.byteLength, b.byteLength);
  for (let index = 0; index < shorter; index++) {
    if (a[index] !== b[index]) return index;
  }
  return a.byteLength === b.byteLength ? undefined : shorter;
}
