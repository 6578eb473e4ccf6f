/**
 * How `qip run` writes a chain's final output (spec: cli.md §3.5, §3.4), in bounded chunks: an
 * output of any size (60 M i32 items is 540 MB of hex lines) is formatted a piece at a time,
 * never into one string or one buffer.
 *
 * @module
 */

import type { StageOutput } from "../contracts/mod.ts";

/** Largest chunk the formatters produce, in bytes (or UTF-16 units for verbose text). */
export const OUTPUT_CHUNK_BYTES = 65_536;

const NEWLINE = new Uint8Array([0x0a]);
/** ASCII `%02x` of every byte value, two bytes per value. */
const HEX_PAIRS = new Uint8Array(512).map((_, index) =>
  "0123456789abcdef".charCodeAt(index % 2 === 0 ? (index >> 5) & 0xf : (index >> 1) & 0xf)
);

/**
 * The bytes `qip run` writes to stdout, in chunks of at most `chunkBytes`: UTF-8 output plus one
 * `\n`; raw bytes as they are; i32 items as `%08x` lines; a scalar stage adds only the `\n` of a
 * zero `output_utf8_cap`. Byte outputs are yielded as views of the output, not copies.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runOutputChunks } from "./run_output.ts";
 * const bytes = new Uint8Array([0xc2, 0x41, 0x24, 0x35, 1, 0, 0, 0]);
 * const chunks = [...runOutputChunks({ kind: "bytes", encoding: "i32", bytes }, 9)];
 * assert.deepEqual(chunks.map((chunk) => new TextDecoder().decode(chunk)), [
 *   "352441c2\n",
 *   "00000001\n",
 * ]);
 * ```
 */
export function* runOutputChunks(
  output: StageOutput,
  chunkBytes: number = OUTPUT_CHUNK_BYTES,
): Generator<Uint8Array> {
  if (output.kind === "scalar") {
    if (output.encoding === "utf8") yield NEWLINE;
    return;
  }
  switch (output.encoding) {
    case "raw":
      yield* byteChunks(output.bytes, chunkBytes);
      return;
    case "utf8":
      yield* byteChunks(output.bytes, chunkBytes);
      yield NEWLINE;
      return;
    case "i32":
      yield* hexLineChunks(output.bytes, chunkBytes);
      return;
  }
}

/**
 * The whole of {@linkcode runOutputChunks} in one buffer, for callers whose output is already
 * bounded (a dev response body, a test).
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
  const chunks = [...runOutputChunks(output)];
  if (chunks.length === 1) return chunks[0]!;
  const joined = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return joined;
}

/**
 * The verbose text for a final i32 output, in chunks of about `chunkChars` characters: the raw
 * bytes as a Go byte slice on one line, then `u32: N` for each item, every line ending in `\n`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { describeI32Output } from "./run_output.ts";
 * const text = [...describeI32Output(new Uint8Array([194, 65, 36, 53]))].join("");
 * assert.equal(text, "[194 65 36 53]\nu32: 891568578\n");
 * ```
 */
export function* describeI32Output(
  bytes: Uint8Array,
  chunkChars: number = OUTPUT_CHUNK_BYTES,
): Generator<string> {
  let pending = "[";
  for (let index = 0; index < bytes.byteLength; index++) {
    pending += index === 0 ? `${bytes[index]}` : ` ${bytes[index]}`;
    if (pending.length >= chunkChars) {
      yield pending;
      pending = "";
    }
  }
  pending += "]\n";
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let offset = 0; offset + 4 <= bytes.byteLength; offset += 4) {
    pending += `u32: ${view.getUint32(offset, true)}\n`;
    if (pending.length >= chunkChars) {
      yield pending;
      pending = "";
    }
  }
  if (pending !== "") yield pending;
}

function* byteChunks(bytes: Uint8Array, chunkBytes: number): Generator<Uint8Array> {
  if (bytes.byteLength === 0) return;
  for (let offset = 0; offset < bytes.byteLength; offset += chunkBytes) {
    yield bytes.subarray(offset, offset + chunkBytes);
  }
}

/** `%08x\n` per complete little-endian item, written straight into fresh chunk buffers. */
function* hexLineChunks(bytes: Uint8Array, chunkBytes: number): Generator<Uint8Array> {
  const itemsPerChunk = Math.max(1, Math.floor(chunkBytes / 9));
  const itemCount = Math.floor(bytes.byteLength / 4);
  for (let first = 0; first < itemCount; first += itemsPerChunk) {
    const count = Math.min(itemsPerChunk, itemCount - first);
    const chunk = new Uint8Array(count * 9);
    let to = 0;
    for (let from = first * 4, end = (first + count) * 4; from < end; from += 4) {
      // Little-endian item: the most significant byte is last.
      for (let byte = 3; byte >= 0; byte--) {
        const pair = bytes[from + byte]! * 2;
        chunk[to++] = HEX_PAIRS[pair]!;
        chunk[to++] = HEX_PAIRS[pair + 1]!;
      }
      chunk[to++] = 0x0a;
    }
    yield chunk;
  }
}
