/**
 * A growable byte buffer for building the (small) sections the instrumenter rewrites.
 *
 * @module
 */

import { u32Leb128Size, writeU32Leb128 } from "./_leb128.ts";

const UTF8 = new TextEncoder();

/**
 * Appends bytes, LEB128 integers and names, growing as needed.
 *
 * @example A name and an index
 * ```ts
 * import assert from "node:assert/strict";
 * import { ByteWriter } from "./_byte_writer.ts";
 * const writer = new ByteWriter(4);
 * writer.name("f");
 * writer.u32(128);
 * assert.deepEqual([...writer.toBytes()], [1, 0x66, 0x80, 0x01]);
 * ```
 */
export class ByteWriter {
  #bytes: Uint8Array;
  #length = 0;

  constructor(initialCapacity: number) {
    this.#bytes = new Uint8Array(Math.max(16, initialCapacity));
  }

  /** Appends one byte. */
  u8(value: number): void {
    this.#reserve(1);
    this.#bytes[this.#length++] = value;
  }

  /** Appends an unsigned LEB128 integer. */
  u32(value: number): void {
    this.#reserve(u32Leb128Size(value));
    this.#length = writeU32Leb128(this.#bytes, this.#length, value);
  }

  /** Appends bytes as they are. */
  bytes(bytes: ArrayLike<number>): void {
    this.#reserve(bytes.length);
    this.#bytes.set(bytes, this.#length);
    this.#length += bytes.length;
  }

  /** Appends a name: its UTF-8 byte count, then the bytes. */
  name(text: string): void {
    const encoded = UTF8.encode(text);
    this.u32(encoded.length);
    this.bytes(encoded);
  }

  /** Returns the bytes written so far (a view, not a copy). */
  toBytes(): Uint8Array {
    return this.#bytes.subarray(0, this.#length);
  }

  #reserve(byteCount: number): void {
    const needed = this.#length + byteCount;
    if (needed <= this.#bytes.length) return;
    const grown = new Uint8Array(Math.max(needed, this.#bytes.length * 2));
    grown.set(this.#bytes.subarray(0, this.#length));
    this.#bytes = grown;
  }
}
