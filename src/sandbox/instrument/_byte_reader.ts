/**
 * A cursor over one section of a module, for the (cold) section-level parsing. The hot
 * instruction decoder works on positions directly (see `_skip_instruction.ts`).
 *
 * @module
 */

import type { QipError } from "../../errors.ts";
import { cannotInstrument, hexByte } from "./_errors.ts";
import { MAX_LEB_BYTES_32, readU32, readU64, skipLeb128 } from "./_leb128.ts";

const UTF8 = new TextDecoder();

/**
 * Reads bytes from `pos` up to `end`, naming `what` it reads in errors.
 *
 * @example Read a name and an index
 * ```ts
 * import assert from "node:assert/strict";
 * import { ByteReader } from "./_byte_reader.ts";
 * const reader = new ByteReader(new Uint8Array([1, 0x66, 0x80, 0x01]), 0, 4, "section 7 (export)");
 * assert.equal(reader.name(), "f");
 * assert.equal(reader.u32(), 128);
 * reader.expectEnd();
 * ```
 */
export class ByteReader {
  /** The whole module. */
  readonly bytes: Uint8Array;
  /** The next byte to read. */
  pos: number;
  /** One past the last byte this reader may read. */
  readonly end: number;
  /** What is being read, for error details, like `section 2 (import)`. */
  readonly what: string;

  constructor(bytes: Uint8Array, pos: number, end: number, what: string) {
    this.bytes = bytes;
    this.pos = pos;
    this.end = end;
    this.what = what;
  }

  /** Reads one byte. */
  u8(): number {
    if (this.pos >= this.end) throw this.truncated();
    return this.bytes[this.pos++]!;
  }

  /** Returns the next byte without moving. */
  peek(): number {
    if (this.pos >= this.end) throw this.truncated();
    return this.bytes[this.pos]!;
  }

  /** Reads an unsigned 32-bit LEB128 integer. */
  u32(): number {
    const value = readU32(this.bytes, this.pos, this.end);
    this.pos = skipLeb128(this.bytes, this.pos, this.end, MAX_LEB_BYTES_32);
    return value;
  }

  /** Reads an unsigned 64-bit LEB128 integer. */
  u64(): bigint {
    const value = readU64(this.bytes, this.pos, this.end);
    this.pos = skipLeb128(this.bytes, this.pos, this.end, 10);
    return value;
  }

  /** Skips `byteCount` bytes. */
  skip(byteCount: number): void {
    if (byteCount > this.end - this.pos) throw this.truncated();
    this.pos += byteCount;
  }

  /** Reads a name: a u32 byte count, then that many UTF-8 bytes. */
  name(): string {
    const byteCount = this.u32();
    const start = this.pos;
    this.skip(byteCount);
    return UTF8.decode(this.bytes.subarray(start, this.pos));
  }

  /** Throws unless every byte up to `end` was read. */
  expectEnd(): void {
    if (this.pos !== this.end) {
      throw cannotInstrument(
        `${this.what} has ${this.end - this.pos} unexpected bytes at byte ${this.pos}`,
      );
    }
  }

  /** The error for a byte that is not one of the allowed values at this place. */
  unexpected(kind: string, value: number, at: number): QipError {
    return cannotInstrument(`unknown ${kind} ${hexByte(value)} in ${this.what} at byte ${at}`);
  }

  /** The error for reading past `end`. */
  truncated(): QipError {
    return cannotInstrument(`${this.what} is truncated at byte ${this.end}`);
  }
}
