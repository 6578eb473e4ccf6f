/**
 * The content-addressed module cache. A module is stored under the SHA-256 of its bytes, so
 * an entry can always be checked against its name; a second index remembers which digest a
 * URL served last, for `--offline` runs of unpinned URLs.
 *
 * ```text
 * <cache dir>/modules/<sha256 of the bytes>.wasm   the module, exactly as fetched
 * <cache dir>/urls/<sha256 of the URL>.txt         "<sha256 of the bytes>  <URL>\n"
 * ```
 *
 * Every file is written atomically, so a crash leaves an old entry or none, never a part.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import { sha256Hex } from "../format/mod.ts";
import { writeFileAtomic } from "./atomic_write.ts";
import { readFileBounded } from "./bounded_read.ts";
import { readModuleFile } from "./file_source.ts";

/** What the cache holds for a digest. */
export type CacheLookup =
  | { readonly kind: "hit"; readonly bytes: Uint8Array }
  | { readonly kind: "miss" }
  /** The entry's bytes do not have the digest in its name (a disk error, a hand edit). */
  | { readonly kind: "corrupt"; readonly path: string; readonly actualDigest: string };

const encoder = new TextEncoder();
const DIGEST = /^[0-9a-f]{64}$/;

/** Largest URL index entry read (a digest, two spaces and a URL); a larger one is unknown. */
export const MAX_URL_ENTRY_BYTES = 64 * 1024;

/**
 * A module cache rooted at `dir`.
 *
 * @example Store and find a module
 * ```ts
 * import assert from "node:assert/strict";
 * import { ModuleCache } from "./module_cache.ts";
 * import { sha256Hex } from "../format/sha256_hex.ts";
 * const dir = await Deno.makeTempDir();
 * const cache = new ModuleCache(dir);
 * const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
 * const digest = await sha256Hex(bytes);
 * await cache.store(bytes, digest);
 * assert.deepEqual(await cache.read(digest, 1024), { kind: "hit", bytes });
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export class ModuleCache {
  /** The cache's root directory. */
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** Where the module with `digest` is stored. */
  modulePath(digest: string): string {
    return `${this.dir}/modules/${digest}.wasm`;
  }

  /**
   * Reads the module with `digest` and checks its bytes against it. An entry that cannot be
   * read, or is over `maxModuleBytes`, is a miss.
   */
  async read(digest: string, maxModuleBytes: number): Promise<CacheLookup> {
    const path = this.modulePath(digest);
    let bytes: Uint8Array;
    try {
      bytes = await readModuleFile(path, maxModuleBytes);
    } catch (error) {
      if (error instanceof QipError) return { kind: "miss" };
      throw error;
    }
    const actualDigest = await sha256Hex(bytes);
    return actualDigest === digest
      ? { kind: "hit", bytes }
      : { kind: "corrupt", path, actualDigest };
  }

  /**
   * Stores a module under its digest, replacing any (corrupted) entry.
   *
   * @throws {Error} file errors, for the caller to report.
   */
  async store(bytes: Uint8Array, digest: string): Promise<void> {
    await Deno.mkdir(`${this.dir}/modules`, { recursive: true });
    await writeFileAtomic(this.modulePath(digest), bytes);
  }

  /** The digest `url` served when it was last fetched, if it is known. */
  async lastDigestOf(url: string): Promise<string | undefined> {
    let text: string;
    try {
      const path = await this.#urlPath(url);
      text = new TextDecoder().decode(
        await readFileBounded(path, { what: "Cache entry", maxBytes: MAX_URL_ENTRY_BYTES }),
      );
    } catch (error) {
      // An unreadable or oversized index is an unknown URL, as an unreadable module is a miss.
      if (
        error instanceof QipError || error instanceof Deno.errors.NotFound ||
        error instanceof Deno.errors.PermissionDenied
      ) {
        return undefined;
      }
      throw error;
    }
    const [digest, recordedUrl] = text.trimEnd().split("  ");
    return digest !== undefined && DIGEST.test(digest) && recordedUrl === url ? digest : undefined;
  }

  /**
   * Remembers that `url` served the module with `digest`.
   *
   * @throws {Error} file errors, for the caller to report.
   */
  async recordUrl(url: string, digest: string): Promise<void> {
    await Deno.mkdir(`${this.dir}/urls`, { recursive: true });
    await writeFileAtomic(await this.#urlPath(url), encoder.encode(`${digest}  ${url}\n`));
  }

  async #urlPath(url: string): Promise<string> {
    return `${this.dir}/urls/${await sha256Hex(encoder.encode(url))}.txt`;
  }
}
