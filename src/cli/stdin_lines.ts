/**
 * Reads standard input one line at a time, for prompts (`qip form`): works the same on a
 * terminal, where each read returns what was typed, and on a pipe of scripted answers.
 *
 * @module
 */

import { QipError } from "../errors.ts";

const NEWLINE = 0x0a;

/** Something to read bytes from, like `Deno.stdin`. */
export interface ByteReader {
  read(buffer: Uint8Array): Promise<number | null>;
}

/** Splits a byte stream into lines, reading only as much as the next line needs. */
export class LineReader {
  readonly #source: ByteReader;
  #pending: Uint8Array = new Uint8Array(0);
  #ended = false;

  constructor(source: ByteReader) {
    this.#source = source;
  }

  /**
   * Resolves to the next line with its `\n`, or to the text before the end of input without
   * one, or to `undefined` when the input ended with nothing read.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { LineReader } from "./stdin_lines.ts";
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
   * @throws {QipError} kind `io`: `Error reading stdin: …`.
   */
  async readLine(): Promise<Uint8Array | undefined> {
    for (;;) {
      const end = this.#pending.indexOf(NEWLINE);
      if (end >= 0) return this.#take(end + 1);
      if (this.#ended) return this.#pending.byteLength === 0 ? undefined : this.#take(Infinity);
      await this.#fill();
    }
  }

  #take(byteCount: number): Uint8Array {
    const line = this.#pending.slice(0, byteCount);
    this.#pending = this.#pending.slice(line.byteLength);
    return line;
  }

  async #fill(): Promise<void> {
    const chunk = new Uint8Array(4096);
    let count: number | null;
    try {
      count = await this.#source.read(chunk);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new QipError("io", `Error reading stdin: ${reason}`, { cause: error });
    }
    if (count === null) {
      this.#ended = true;
      return;
    }
    const joined = new Uint8Array(this.#pending.byteLength + count);
    joined.set(this.#pending);
    joined.set(chunk.subarray(0, count), this.#pending.byteLength);
    this.#pending = joined;
  }
}
