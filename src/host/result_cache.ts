/**
 * The result cache: finished outputs stored by their key (src/batch/result_key.ts) under
 * `<module cache dir>/results/`, one file per result, with a size bound and LRU eviction.
 *
 * Crash-safe by construction: an entry is written atomically (a whole file or none), a hit
 * refreshes the entry's modification time, and eviction deletes the least recently used files
 * until the total is under the bound. Only successes are ever stored.
 *
 * @module
 */

import { writeFileAtomic } from "./atomic_write.ts";

/** The bound when `--cache-max` is not given: 256 MiB. */
export const DEFAULT_RESULT_CACHE_BYTES = 256 * 1024 * 1024;

/** Eviction brings the total down to this share of the bound, so it does not run every time. */
const EVICT_TO = 0.9;

/** What the cache did during one command (for `-v` and tests). */
export interface ResultCacheStats {
  hits: number;
  misses: number;
  stored: number;
  evicted: number;
}

/**
 * Results on disk. Every method swallows file errors: a cache that cannot be read or written
 * is a cache that misses, never a failed run.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ResultCache } from "./result_cache.ts";
 * const dir = await Deno.makeTempDir();
 * const cache = new ResultCache(dir);
 * const key = "ab".repeat(32);
 * await cache.put(key, new Uint8Array([1, 2]));
 * assert.deepEqual(await cache.get(key), new Uint8Array([1, 2]));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export class ResultCache {
  /** The `results/` folder. */
  readonly dir: string;
  readonly maxBytes: number;
  readonly stats: ResultCacheStats = { hits: 0, misses: 0, stored: 0, evicted: 0 };
  /** Shard folders known to exist: one `mkdir` each per command, not one per result. */
  readonly #madeDirs = new Set<string>();

  /** `cacheDir` is the module cache directory (src/host/cache_dir.ts). */
  constructor(cacheDir: string, options: { readonly maxBytes?: number } = {}) {
    this.dir = `${cacheDir}/results`;
    this.maxBytes = options.maxBytes ?? DEFAULT_RESULT_CACHE_BYTES;
  }

  /** The stored result for `key`, or `undefined`; a hit makes the entry most recently used. */
  async get(key: string): Promise<Uint8Array | undefined> {
    const path = this.#path(key);
    try {
      const bytes = await Deno.readFile(path);
      this.stats.hits++;
      // Not awaited: freshness for LRU need not hold the caller up, and a lost touch only makes
      // the entry look older.
      const now = new Date();
      Deno.utime(path, now, now).catch(() => undefined);
      return bytes;
    } catch {
      this.stats.misses++;
      return undefined;
    }
  }

  /** Stores a successful result (atomically); results larger than the bound are not kept. */
  async put(key: string, bytes: Uint8Array): Promise<void> {
    if (bytes.byteLength > this.maxBytes) return;
    const path = this.#path(key);
    try {
      const dir = path.slice(0, path.lastIndexOf("/"));
      if (!this.#madeDirs.has(dir)) {
        await Deno.mkdir(dir, { recursive: true });
        this.#madeDirs.add(dir);
      }
      await writeFileAtomic(path, bytes);
      this.stats.stored++;
    } catch {
      // A read-only or full cache just misses next time.
    }
  }

  /**
   * Deletes least recently used entries until the total is at most 90% of the bound; does
   * nothing while the total is within the bound, or when this command stored nothing (so an
   * unchanged re-run does not pay for a scan). Call once a command has stored its results.
   */
  async evict(): Promise<void> {
    if (this.stats.stored === 0) return;
    const entries: { path: string; size: number; usedMs: number }[] = [];
    let total = 0;
    try {
      for await (const shard of Deno.readDir(this.dir)) {
        if (!shard.isDirectory) continue;
        for await (const entry of Deno.readDir(`${this.dir}/${shard.name}`)) {
          if (!entry.isFile) continue;
          const path = `${this.dir}/${shard.name}/${entry.name}`;
          const info = await Deno.stat(path).catch(() => undefined);
          if (info === undefined) continue;
          entries.push({ path, size: info.size, usedMs: info.mtime?.getTime() ?? 0 });
          total += info.size;
        }
      }
    } catch {
      return;
    }
    if (total <= this.maxBytes) return;
    entries.sort((a, b) => a.usedMs - b.usedMs);
    for (const entry of entries) {
      if (total <= this.maxBytes * EVICT_TO) break;
      try {
        await Deno.remove(entry.path);
        total -= entry.size;
        this.stats.evicted++;
      } catch {
        // Another qip removed it first.
      }
    }
  }

  /** `results/<first two hex digits>/<key>`: keeps directories small. */
  #path(key: string): string {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new RangeError(`not a result key: ${key}`);
    return `${this.dir}/${key.slice(0, 2)}/${key}`;
  }
}
