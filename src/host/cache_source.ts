/**
 * Puts the module cache in front of a remote source. A module whose digest is known (pinned,
 * or in the lock file) comes from the cache without the network; an unpinned URL is fetched
 * again every time, unless `offline`, when the digest it served last is used. What is fetched
 * is stored under its digest. A corrupted entry is detected by its digest and fetched again.
 *
 * @module
 */

import { sha256Hex } from "../format/sha256_hex.ts";
import type { ModuleCache } from "./module_cache.ts";
import { fetchFailed } from "./_module_errors.ts";
import type { ModuleLoadOptions, ModuleSource } from "./module_source.ts";
import type { ModuleRef } from "./module_ref.ts";

/** Options for {@linkcode cacheSource}. */
export interface CacheSourceOptions {
  readonly cache: ModuleCache;
  /** Never use the network: every module must be in the cache. @default {false} */
  readonly offline?: boolean;
  /** Receives a line when an entry was corrupted or the cache could not be written. */
  readonly log?: (line: string) => void;
}

/**
 * Wraps `remote` with the cache.
 *
 * @example A pinned module in the cache loads without the network
 * ```ts
 * import assert from "node:assert/strict";
 * import { sha256Hex } from "../format/sha256_hex.ts";
 * import { cacheSource } from "./cache_source.ts";
 * import { httpsSource } from "./https_source.ts";
 * import { ModuleCache } from "./module_cache.ts";
 * import { parseModuleRef } from "./module_ref.ts";
 * const dir = await Deno.makeTempDir();
 * const cache = new ModuleCache(dir);
 * const bytes = await Deno.readFile("examples/hello.wasm");
 * const digest = await sha256Hex(bytes);
 * await cache.store(bytes, digest);
 * const source = cacheSource(httpsSource(), { cache });
 * const ref = parseModuleRef(`https://example.com/hello.wasm#sha256=${digest}`);
 * const loaded = await source.load(ref, { maxModuleBytes: 1 << 20, expectedDigest: digest });
 * assert.deepEqual(loaded, bytes);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function cacheSource(remote: ModuleSource, options: CacheSourceOptions): ModuleSource {
  const { cache, offline = false, log } = options;

  async function cached(ref: ModuleRef, loadOptions: ModuleLoadOptions) {
    const digest = loadOptions.expectedDigest ??
      (offline ? await cache.lastDigestOf(ref.location) : undefined);
    if (digest === undefined) return undefined;
    const lookup = await cache.read(digest, loadOptions.maxModuleBytes);
    switch (lookup.kind) {
      case "hit":
        return lookup.bytes;
      case "miss":
        return undefined;
      case "corrupt":
        if (offline) {
          throw fetchFailed(
            ref.location,
            `the cached copy ${lookup.path} is corrupted (sha256 ${lookup.actualDigest}) and --offline is set`,
          );
        }
        log?.(`module cache entry ${lookup.path} is corrupted; fetching ${ref.location} again`);
        return undefined;
    }
  }

  async function store(ref: ModuleRef, bytes: Uint8Array, expectedDigest: string | undefined) {
    const digest = await sha256Hex(bytes);
    // Bytes that break their pin are refused by the loader; they never enter the cache.
    if (expectedDigest !== undefined && digest !== expectedDigest) return;
    try {
      await cache.store(bytes, digest);
      await cache.recordUrl(ref.location, digest);
    } catch (error) {
      // The module itself is fine: a cache that cannot be written only costs a fetch later.
      if (!(error instanceof Error)) throw error;
      log?.(`module cache ${cache.dir} not updated: ${error.message}`);
    }
  }

  return {
    canLoad: (ref) => remote.canLoad(ref),
    async load(ref, loadOptions) {
      const hit = await cached(ref, loadOptions);
      if (hit !== undefined) return hit;
      if (offline) {
        throw fetchFailed(
          ref.location,
          `not in the module cache ${cache.dir} and --offline is set`,
        );
      }
      const bytes = await remote.load(ref, loadOptions);
      await store(ref, bytes, loadOptions.expectedDigest);
      return bytes;
    },
  };
}
