/**
 * Sets up module loading for a command: the sources (local files; remote URLs through the
 * cache), the lock file, and whether the network is needed at all, so that the command can
 * revoke `net` (and `env`) before anything else happens.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import { resolveCacheDir } from "./cache_dir.ts";
import { cacheSource } from "./cache_source.ts";
import { fileSource } from "./file_source.ts";
import { DEFAULT_FETCH_LIMITS, type FetchLimits, httpsSource } from "./https_source.ts";
import { LockFile } from "./lock_file.ts";
import { ModuleCache } from "./module_cache.ts";
import { isRemoteArgument } from "./module_ref.ts";
import type { ModuleSource } from "./module_source.ts";

/** How a command loads remote modules (the `--lock`, `--offline`, … flags). */
export interface RemoteOptions {
  /** Never use the network: remote modules come from the cache or fail. */
  readonly offline: boolean;
  /** Allow `http://127.0.0.1`, `http://[::1]` and `http://localhost` (local testing). */
  readonly allowHttpLocalhost: boolean;
  /** Time limits and redirects of each download. */
  readonly fetchLimits: FetchLimits;
  /** The lock file to check remote modules against and record them in. */
  readonly lockPath: string | undefined;
}

/** The defaults: online, https only, {@linkcode DEFAULT_FETCH_LIMITS}, no lock file. */
export const DEFAULT_REMOTE_OPTIONS: RemoteOptions = Object.freeze({
  offline: false,
  allowHttpLocalhost: false,
  fetchLimits: DEFAULT_FETCH_LIMITS,
  lockPath: undefined,
});

/** Local files and `https://` URLs with the default bounds, no cache: the library default. */
export const DEFAULT_MODULE_SOURCES: readonly ModuleSource[] = Object.freeze([
  fileSource,
  httpsSource(),
]);

/** What {@linkcode prepareModuleLoading} returns. */
export interface ModuleLoading {
  /** For `loadStages`'s `sources`. */
  readonly sources: readonly ModuleSource[];
  /** For `loadStages`'s `lock`; save it once every module is loaded. */
  readonly lock: LockFile | undefined;
  /** Whether loading may use the network; when not, revoke `net` at once. */
  readonly usesNetwork: boolean;
}

/**
 * Builds the sources for `modules`: reads the environment for the cache directory only when
 * an argument is remote, and reads the lock file.
 *
 * @example
 * ```ts ignore
 * // Not run as a doc test: it revokes permissions of the process the other tests run in.
 * const loading = await prepareModuleLoading(flags.modules, flags.remote, { log: log.line });
 * await revokePermissions(loading.usesNetwork ? ["env"] : ["env", "net"]);
 * const stages = await loadStages(flags.modules, { limits, sources: loading.sources, lock: loading.lock });
 * await loading.lock?.save();
 * ```
 * @throws {QipError} kind `usage` for `--offline` without a cache directory; lock file errors.
 */
export async function prepareModuleLoading(
  modules: readonly string[],
  options: RemoteOptions,
  extras: { readonly log?: (line: string) => void; readonly client?: Deno.HttpClient } = {},
): Promise<ModuleLoading> {
  const { offline, allowHttpLocalhost, fetchLimits, lockPath } = options;
  const lock = lockPath === undefined ? undefined : await LockFile.open(lockPath);
  if (!modules.some(isRemoteArgument)) return { sources: [fileSource], lock, usesNetwork: false };
  const remote = httpsSource({ fetchLimits, allowHttpLocalhost, client: extras.client });
  const cacheDir = resolveCacheDir();
  if (cacheDir === undefined) {
    if (offline) {
      throw new QipError(
        "usage",
        "Cannot use --offline without a module cache: set QIP_CACHE_DIR, XDG_CACHE_HOME or HOME",
      );
    }
    return { sources: [fileSource, remote], lock, usesNetwork: true };
  }
  const cache = new ModuleCache(cacheDir);
  return {
    sources: [fileSource, cacheSource(remote, { cache, offline, log: extras.log })],
    lock,
    usesNetwork: !offline,
  };
}
