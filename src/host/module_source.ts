/**
 * Where module bytes come from. The loader (`load_stages.ts`) asks each source in turn whether
 * it can load a reference and knows no files or HTTP itself: `file_source.ts` reads local
 * paths, `https_source.ts` fetches URLs within bounds, `cache_source.ts` puts the
 * content-addressed cache in front of a remote source.
 *
 * @module
 */

import type { ModuleRef } from "./module_ref.ts";

/** What a source is asked to honour for one module. */
export interface ModuleLoadOptions {
  /** Refuse modules larger than this, as early as possible (before reading the rest). */
  readonly maxModuleBytes: number;
  /**
   * The SHA-256 the bytes must have (from the argument's pin or the lock file), when known. A
   * source may use it to find the bytes (the cache); the loader checks it either way.
   */
  readonly expectedDigest: string | undefined;
}

/** One way of getting module bytes. */
export interface ModuleSource {
  /** Whether this source handles `ref` (the first source that does is used). */
  canLoad(ref: ModuleRef): boolean;
  /**
   * Resolves to the module's bytes.
   *
   * @throws {QipError} kinds `io`, `capacity`, `remote`, naming the argument.
   */
  load(ref: ModuleRef, options: ModuleLoadOptions): Promise<Uint8Array>;
}
