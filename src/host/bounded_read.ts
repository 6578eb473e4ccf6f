/**
 * The one way qip reads a file or stdin: in linear time, and never more than a stated bound.
 * A regular file over the bound is refused from its size before a byte is read; a stream
 * (stdin, a growing file, a device) is read until EOF or one byte past the bound, then left.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import { formatByteSize } from "../format/mod.ts";

/** Anything with `read` into a buffer: an open file, stdin, or a synchronous wrapper of one. */
export interface ByteReader {
  read(buffer: Uint8Array): Promise<number | null> | number | null;
}

/** What {@linkcode readUpTo} got. */
export interface BoundedRead {
  /** Every byte when `complete`; otherwise only a prefix (possibly empty): do not use them. */
  readonly bytes: Uint8Array;
  /** `false` when the source holds more than the bound; reading stopped there. */
  readonly complete: boolean;
}

/** Bytes read at first when the size is unknown; later buffers double up to the next constant. */
const FIRST_BUFFER_BYTES = 64 * 1024;
const LARGEST_BUFFER_BYTES = 16 * 1024 * 1024;

/**
 * Reads `source` to EOF, or until it has shown more than `maxBytes`. Buffers are filled before
 * the next is made and joined once, so time and memory stay linear in what was read (a pipe
 * yields 64 KiB at a time: allocating a large buffer per read was quadratic).
 *
 * @param sizeHint the expected size (a regular file's), read into one buffer when it is right.
 *
 * @example Stop one byte past the bound
 * ```ts
 * import assert from "node:assert/strict";
 * import { readUpTo } from "./bounded_read.ts";
 * const bytes = new Uint8Array(10);
 * let offset = 0;
 * const source = {
 *   read(buffer: Uint8Array) {
 *     if (offset === bytes.length) return null;
 *     const count = Math.min(3, buffer.length, bytes.length - offset);
 *     offset += count;
 *     return count;
 *   },
 * };
 * assert.equal((await readUpTo(source, 4)).complete, false);
 * assert.equal(offset, 5);
 * ```
 */
export async function readUpTo(
  source: ByteReader,
  maxBytes: number,
  sizeHint?: number,
): Promise<BoundedRead> {
  const limit = maxBytes + 1;
  const chunks: Uint8Array[] = [];
  let total = 0;
  // A right size hint fills this buffer exactly and EOF follows: the result owns its buffer.
  let buffer = new Uint8Array(
    Math.min(limit, sizeHint === undefined ? FIRST_BUFFER_BYTES : Math.max(1, sizeHint)),
  );
  let filled = 0;
  for (;;) {
    if (filled === buffer.byteLength) {
      chunks.push(buffer);
      total += filled;
      filled = 0;
      if (total >= limit) return { bytes: new Uint8Array(0), complete: false };
      const next = Math.min(LARGEST_BUFFER_BYTES, Math.max(FIRST_BUFFER_BYTES, total));
      buffer = new Uint8Array(Math.min(next, limit - total));
    }
    const pending = source.read(buffer.subarray(filled));
    const count = typeof pending === "number" || pending === null ? pending : await pending;
    if (count === null) break;
    filled += count;
  }
  if (filled > 0) chunks.push(buffer.subarray(0, filled));
  total += filled;
  if (chunks.length === 1) return { bytes: chunks[0]!, complete: true };
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { bytes, complete: true };
}

/**
 * A file or stream over its bound, in the words every bounded read uses:
 * `<What> is too large: <path> is 70 MiB, the limit is 64 MiB` (`is over the limit of …` when
 * the size is not known), plus how to raise the limit when a flag does.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tooLarge } from "./bounded_read.ts";
 * assert.equal(
 *   tooLarge("Lock file", "qip.lock", 2 * 1024 * 1024, 1024 * 1024).message,
 *   "Lock file is too large: qip.lock is 2 MiB, the limit is 1 MiB",
 * );
 * ```
 */
export function tooLarge(
  what: string,
  location: string,
  byteLength: number | undefined,
  maxBytes: number,
  raiseWith?: string,
): QipError {
  let limit = formatByteSize(maxBytes);
  let size = byteLength === undefined ? "" : formatByteSize(byteLength);
  // Just over the limit rounds to the limit: say it in bytes then.
  if (size === limit) [size, limit] = [`${byteLength} bytes`, `${maxBytes} bytes`];
  const detail = byteLength === undefined
    ? `${location} is over the limit of ${limit}`
    : `${location} is ${size}, the limit is ${limit}`;
  return new QipError("capacity", `${what} is too large`, {
    detail: raiseWith === undefined ? detail : `${detail} (${raiseWith})`,
  });
}

/** What a bounded file is called in its error, and how its limit is raised (if it can be). */
export interface FileBound {
  /** The file's role, capitalised: `Lock file`, `Wasm module`, `Content file`. */
  readonly what: string;
  readonly maxBytes: number;
  /** How a user raises the limit, e.g. `raise it with --max-memory`. */
  readonly raiseWith?: string;
}

/**
 * Reads the file at `path` whole, refusing it over `bound.maxBytes` before reading when its size
 * shows it, or as soon as the read passes the bound.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readFileBounded } from "./bounded_read.ts";
 * const path = await Deno.makeTempFile();
 * await Deno.writeTextFile(path, "hello");
 * assert.equal((await readFileBounded(path, { what: "Test file", maxBytes: 5 })).length, 5);
 * await assert.rejects(readFileBounded(path, { what: "Test file", maxBytes: 4 }), {
 *   message: `Test file is too large: ${path} is 5 B, the limit is 4 B`,
 * });
 * await Deno.remove(path);
 * ```
 * @throws {QipError} kind `capacity` ({@linkcode tooLarge}); the OS error as it is (callers
 *   word it), `Deno.errors.IsADirectory` for a directory.
 */
export async function readFileBounded(path: string, bound: FileBound): Promise<Uint8Array> {
  const file = await Deno.open(path, { read: true });
  try {
    return await readOpenFileBounded(file, await file.stat(), path, bound);
  } finally {
    file.close();
  }
}

/**
 * {@linkcode readFileBounded} for a file the caller has opened and checked already.
 *
 * @throws {QipError} kind `capacity`; OS errors as they are.
 */
export async function readOpenFileBounded(
  file: ByteReader,
  info: Deno.FileInfo,
  path: string,
  bound: FileBound,
): Promise<Uint8Array> {
  if (info.isDirectory) throw new Deno.errors.IsADirectory("is a directory");
  const { what, maxBytes, raiseWith } = bound;
  if (info.isFile && info.size > maxBytes) {
    throw tooLarge(what, path, info.size, maxBytes, raiseWith);
  }
  const read = await readUpTo(file, maxBytes, info.isFile ? info.size : undefined);
  if (!read.complete) throw tooLarge(what, path, undefined, maxBytes, raiseWith);
  return read.bytes;
}
