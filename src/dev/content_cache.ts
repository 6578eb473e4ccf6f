/**
 * Served files, read fresh but not re-read needlessly. The spec reads a file on every request
 * so that edits show up at once (dev-server.md §2.2); opening, checking, reading and hashing a
 * file is most of a static request's cost. A file's bytes and digest are kept (within a byte
 * budget) once the file has not changed for a second, and reused while one `lstat` of its path
 * shows the same file with the same stamp (device, inode, size, modification and change times).
 *
 * Why the second: file times come from a coarse clock, so a file written twice within one tick
 * can keep its stamp. A file last changed over a second before it was kept cannot: any later
 * write gives it a later change time. Changes show up on the next request, as in the original.
 *
 * The bytes were read through {@linkcode readContentFile}'s checks (a regular file inside the
 * content root); a kept entry is only served while the path still leads to that very inode,
 * unchanged, so a swapped symlink or file is read and checked again, never answered from here.
 *
 * @module
 */

import { ByteLru } from "./_byte_lru.ts";
import { readContentFile } from "./content_file.ts";
import { sha256 } from "./sha256.ts";

/** A served file's bytes and their raw SHA-256. */
export type ContentBytes =
  | { readonly kind: "bytes"; readonly bytes: Uint8Array; readonly digest: Uint8Array }
  /** The path now leads outside the content root or to a non-regular file. */
  | { readonly kind: "escaped" };

/** Options for {@linkcode ContentCache}. */
export interface ContentCacheOptions {
  /** Bytes kept at most. @default {32 MiB} */
  readonly maxBytes?: number;
  /** Larger files are read on every request. @default {1 MiB} */
  readonly maxFileBytes?: number;
  /** The clock deciding whether a file has settled. @default {Date.now} */
  readonly nowMs?: () => number;
}

interface Entry {
  readonly stamp: string;
  readonly content: ContentBytes & { kind: "bytes" };
}

/** How long a file must be unchanged before its bytes are kept. */
const SETTLE_MS = 1000;

/**
 * Reads served files, keeping settled ones (least recently used first out).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ContentCache } from "./content_cache.ts";
 * const site = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${site}/index.html`, "<p>hi</p>");
 * const cache = new ContentCache();
 * const path = `${site}/index.html`;
 * const read = await cache.read(path, await Deno.realPath(path));
 * assert.equal(read.kind === "bytes" && new TextDecoder().decode(read.bytes), "<p>hi</p>");
 * assert.equal(cache.size, 0); // just written: kept only once unchanged for a second
 * await Deno.remove(site, { recursive: true });
 * ```
 */
export class ContentCache {
  readonly #entries: ByteLru<Entry>;
  readonly #nowMs: () => number;

  constructor(options: ContentCacheOptions = {}) {
    this.#entries = new ByteLru({
      maxBytes: options.maxBytes ?? 32 * 1024 * 1024,
      maxEntryBytes: options.maxFileBytes ?? 1024 * 1024,
    });
    this.#nowMs = options.nowMs ?? Date.now;
  }

  /** Files kept now. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * The bytes and digest of the file at `fullPath`, which must be the regular file at
   * `expectedRealPath`.
   *
   * @throws {QipError} kind `io`: `open <path>: no such file or directory` and other read errors.
   */
  async read(fullPath: string, expectedRealPath: string): Promise<ContentBytes> {
    const kept = this.#entries.get(fullPath);
    if (kept !== undefined) {
      if (stampOf(lstatOrUndefined(fullPath)) === kept.stamp) return kept.content;
      this.#entries.delete(fullPath);
    }
    const read = await readContentFile(fullPath, expectedRealPath);
    if (read.kind === "escaped") return read;
    const content = { kind: "bytes", bytes: read.bytes, digest: sha256(read.bytes) } as const;
    const { info } = read;
    const changedMs = Math.max(
      info.mtime?.getTime() ?? Infinity,
      info.ctime?.getTime() ?? Infinity,
    );
    const settled = changedMs < this.#nowMs() - SETTLE_MS;
    if (settled && read.bytes.byteLength === info.size) {
      this.#entries.set(fullPath, { stamp: stampOf(info)!, content }, info.size);
    }
    return content;
  }
}

function lstatOrUndefined(path: string): Deno.FileInfo | undefined {
  try {
    return Deno.lstatSync(path);
  } catch {
    return undefined; // gone or unreadable: read it again, which reports why
  }
}

/** The identity and version of a regular file; `undefined` for anything else. */
function stampOf(info: Deno.FileInfo | undefined): string | undefined {
  if (info === undefined || !info.isFile) return undefined;
  return `${info.dev} ${info.ino} ${info.size} ${info.mtime?.getTime()} ${info.ctime?.getTime()}`;
}
