/**
 * Reads standard input one line at a time, for prompts (`qip form`): works the same on a
 * terminal, where each read returns what was typed, and on a pipe of scripted answers.
 *
 * @module
 */

import { errorText, QipError } from "../errors.ts";
import { formatByteSize } from "../format/mod.ts";

const NEWLINE = 0x0a;

/** Something to read bytes from, like `Deno.stdin`. */
export interface ByteReader {
  read(buffer: Uint8Array): Promise<number | null>;
}

/**
 * Longest line kept: no module can take a larger answer than the memory it may have (256 MiB by
 * default), and a line that never ends must not grow without bound.
 */
export const MAX_LINE_BYTES = 256 * 1024 * 1024;

/** Bytes asked for per read; the buffer doubles when a line outgrows it. */
const READ_BYTES = 4096;

/**
 * Splits a byte stream into lines, reading only as much as the next line needs. Each byte is
 * searched once and copied a bounded number of times, so a long line costs linear time.
 */
export class LineReader {
  readonly #source: ByteReader;
  readonly #maxLineBytes: number;
  #buffer = new Uint8Array(READ_BYTES);
  /** The unread bytes are `#buffer[#start, #end)`; `[#start, #scanned)` holds no newline. */
  #start = 0;
  #end = 0;
  #scanned = 0;
  #ended = false;

  constructor(source: ByteReader, maxLineBytes: number = MAX_LINE_BYTES) {
    this.#source = source;
    this.#maxLineBytes = maxLineBytes;
  }

  /**
   * Resolves to the next line with its `\n`, or to the text before the end of input without
   * one, or to `undefined` when the input ended with nothing read.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { LineReader } from "./_stdin_lines.ts";
   * const bytes = new TextEncoder().encode("a\nb");
   * let done = false;
   * const reader = new LineReader({
   *   read: (buffer) => {
   *     if (done) return Promise.resolve(null);
   *     done = true;
   *     buffer.set(bytes);
   *     return Promise.resolve(bytes.byteLength);
   *   },
   * });
   * assert.deepEqual(await reader.readLine(), new TextEncoder().encode("a\n"));
   * assert.deepEqual(await reader.readLine(), new TextEncoder().encode("b"));
   * assert.equal(await reader.readLine(), undefined);
   * ```
   * @throws {QipError} kind `io`: `Error reading stdin: …`; kind `capacity`: `Input is too
   *   large: a line of stdin is over the limit of 256 MiB`.
   */
  async readLine(): Promise<Uint8Array | undefined> {
    for (;;) {
      const found = this.#buffer.subarray(this.#scanned, this.#end).indexOf(NEWLINE);
      if (found >= 0) return this.#take(this.#scanned + found + 1);
      this.#scanned = this.#end;
      if (this.#ended) return this.#start === this.#end ? undefined : this.#take(this.#end);
      if (this.#end - this.#start > this.#maxLineBytes) {
        throw new QipError("capacity", "Input is too large", {
          detail: `a line of stdin is over the limit of ${formatByteSize(this.#maxLineBytes)}`,
        });
      }
      await this.#fill();
    }
  }

  #take(end: number): Uint8Array {
    const line = this.#buffer.slice(this.#start, end);
    this.#start = end;
    this.#scanned = end;
    return line;
  }

  /** Makes room for one more read (moving the pending bytes down, or doubling), then reads. */
  async #fill(): Promise<void> {
    if (this.#buffer.byteLength - this.#end < READ_BYTES) {
      const pending = this.#end - this.#start;
      const size = Math.max(this.#buffer.byteLength, 2 * pending + READ_BYTES);
      const target = size === this.#buffer.byteLength ? this.#buffer : new Uint8Array(size);
      target.set(this.#buffer.subarray(this.#start, this.#end));
      this.#buffer = target;
      this.#scanned -= this.#start;
      this.#end = pending;
      this.#start = 0;
    }
    let count: number | null;
    try {
      count = await this.#source.read(this.#buffer.subarray(this.#end, this.#end + READ_BYTES));
    } catch (error) {
      const reason = errorText(error);
      throw new QipError("io", `Error reading stdin: ${reason}`, { cause: error });
    }
    if (count === null) {
      this.#ended = true;
      return;
    }
    this.#end += count;
  }
}
