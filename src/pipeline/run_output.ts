/**
 * How `qip run` writes a chain's final output (spec: cli.md §3.5, §3.4).
 *
 * @module
 */

import type { StageOutput } from "../contracts/mod.ts";

const encoder = new TextEncoder();

/**
 * The bytes `qip run` writes to stdout: UTF-8 output plus one `\n`; raw bytes as they are; i32
 * items as `%08x` lines; a scalar stage adds only the `\n` of a zero `output_utf8_cap`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatRunOutput } from "./run_output.ts";
 * const bytes = new Uint8Array([0xc2, 0x41, 0x24, 0x35]);
 * const text = new TextDecoder().decode(formatRunOutput({ kind: "bytes", encoding: "i32", bytes }));
 * assert.equal(text, "352441c2\n");
 * ```
 */
export function formatRunOutput(output: StageOutput): Uint8Array {
  if (output.kind === "scalar") {
    return output.encoding === "utf8" ? encoder.encode("\n") : new Uint8Array(0);
  }
  switch (output.encoding) {
    case "raw":
      return output.bytes;
    case "utf8": {
      const withNewline = new Uint8Array(output.bytes.byteLength + 1);
      withNewline.set(output.bytes);
      withNewline[output.bytes.byteLength] = 0x0a;
      return withNewline;
    }
    case "i32":
      return encoder.encode(i32Items(output.bytes).map((item) => `${hex8(item)}\n`).join(""));
  }
}

/**
 * The verbose lines for a final i32 output: the raw bytes as a Go byte slice, then `u32: N`
 * for each item.
 */
export function describeI32Output(bytes: Uint8Array): string[] {
  return [`[${Array.from(bytes).join(" ")}]`, ...i32Items(bytes).map((item) => `u32: ${item}`)];
}

/** Complete little-endian 32-bit items, unsigned. */
function i32Items(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const items: number[] = [];
  for (let offset = 0; offset + 4 <= bytes.byteLength; offset += 4) {
    items.push(view.getUint32(offset, true));
  }
  return items;
}

function hex8(value: number): string {
  return value.toString(16).padStart(8, "0");
}
