/**
 * A least-recently-used map within a byte budget: the one cache mechanism of the dev server,
 * behind served files ({@link ./content_cache.ts}) and recipe outputs ({@link ./output_memo.ts}).
 * Each entry is kept with the byte count its owner gives it.
 *
 * @module
 */

/** Options for {@linkcode ByteLru}. */
export interface ByteLruOptions {
  /** Bytes kept at most, over all entries. */
  readonly maxBytes: number;
  /** Larger entries are not kept at all. @default {maxBytes} */
  readonly maxEntryBytes?: number;
}

interface Entry<V> {
  readonly value: V;
  readonly byteCount: number;
}

/**
 * Keeps values by key, evicting the least recently used first when the byte budget is passed.
 * `get` counts as a use.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ByteLru } from "./_byte_lru.ts";
 * const lru = new ByteLru<string>({ maxBytes: 10 });
 * lru.set("a", "first", 4);
 * lru.set("b", "second", 4);
 * lru.get("a"); // "a" is now the most recently used
 * lru.set("c", "third", 4); // 12 bytes: "b" goes
 * assert.deepEqual([lru.get("a"), lru.get("b"), lru.get("c")], ["first", undefined, "third"]);
 * assert.equal(lru.byteCount, 8);
 * ```
 */
export class ByteLru<V> {
  /** Insertion order is use order: the first key is the least recently used. */
  readonly #entries = new Map<string, Entry<V>>();
  readonly #maxBytes: number;
  readonly #maxEntryBytes: number;
  #byteCount = 0;

  constructor(options: ByteLruOptions) {
    this.#maxBytes = options.maxBytes;
    this.#maxEntryBytes = Math.min(options.maxEntryBytes ?? options.maxBytes, options.maxBytes);
  }

  /** Bytes held now. */
  get byteCount(): number {
    return this.#byteCount;
  }

  /** Entries held now. */
  get size(): number {
    return this.#entries.size;
  }

  /** The value under `key`, now the most recently used; `undefined` if not kept. */
  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  /**
   * Keeps `value` under `key` (replacing what was there) as `byteCount` bytes, then evicts the
   * least recently used entries until the budget holds. Returns `false`, keeping nothing, for an
   * entry over `maxEntryBytes`.
   */
  set(key: string, value: V, byteCount: number): boolean {
    this.delete(key);
    if (byteCount > this.#maxEntryBytes) return false;
    this.#entries.set(key, { value, byteCount });
    this.#byteCount += byteCount;
    for (const [oldest] of this.#entries) {
      if (this.#byteCount <= this.#maxBytes) break;
      this.delete(oldest);
    }
    return true;
  }

  /** Drops the entry under `key`, if any. */
  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#entries.delete(key);
    this.#byteCount -= entry.byteCount;
  }

  /** Drops every entry for which `drop(value, key)` is true. */
  deleteWhere(drop: (value: V, key: string) => boolean): void {
    for (const [key, entry] of this.#entries) {
      if (drop(entry.value, key)) this.delete(key);
    }
  }
}
