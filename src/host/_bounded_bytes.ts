/**
 * Collects a byte stream up to a cap without buffering past it, for response bodies (files go
 * through `bounded_read.ts`): the caller stops reading as soon as {@linkcode BoundedBytes.push} says no.
 *
 * @module
 */

/**
 * Chunks collected up to `maxBytes`.
 *
 * @example Refuse the chunk that passes the cap
 * ```ts
 * import assert from "node:assert/strict";
 * import { BoundedBytes } from "./_bounded_bytes.ts";
 * const collected = new BoundedBytes(4);
 * assert.equal(collected.push(new Uint8Array([1, 2, 3])), true);
 * assert.equal(collected.push(new Uint8Array([4, 5])), false);
 * assert.deepEqual(collected.bytes(), new Uint8Array([1, 2, 3]));
 * ```
 */
export class BoundedBytes {
  readonly #chunks: Uint8Array[] = [];
  #byteLength = 0;

  /** Accepts at most `maxBytes` in total. */
  constructor(readonly maxBytes: number) {}

  /** Bytes accepted so far. */
  get byteLength(): number {
    return this.#byteLength;
  }

  /** Keeps `chunk` and returns `true`, or returns `false` (keeping nothing) when it passes the cap. */
  push(chunk: Uint8Array): boolean {
    if (this.#byteLength + chunk.byteLength > this.maxBytes) return false;
    this.#chunks.push(chunk);
    this.#byteLength += chunk.byteLength;
    return true;
  }

  /** Every accepted byte, in order, in one buffer. */
  bytes(): Uint8Array {
    if (this.#chunks.length === 1) return this.#chunks[0]!;
    const bytes = new Uint8Array(this.#byteLength);
    let offset = 0;
    for (const chunk of this.#chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return bytes;
  }
}
