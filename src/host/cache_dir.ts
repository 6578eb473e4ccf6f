/**
 * Where the module cache lives: `$QIP_CACHE_DIR`, else `$XDG_CACHE_HOME/qip`, else
 * `$HOME/.cache/qip`. These three are the only environment variables the host may read
 * (`--allow-env=` in scripts/runtime-flags.txt), and only when a module argument is remote or a
 * command uses the result cache (batch mode, `qip build`, `qip dev`).
 *
 * @module
 */

/** The environment variables {@linkcode resolveCacheDir} reads, in order. */
export const CACHE_ENV_NAMES = Object.freeze(["QIP_CACHE_DIR", "XDG_CACHE_HOME", "HOME"] as const);

/** One of {@linkcode CACHE_ENV_NAMES}. */
export type CacheEnvName = typeof CACHE_ENV_NAMES[number];

/**
 * Resolves the cache directory, or `undefined` when none of the variables is set (empty
 * values count as unset).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveCacheDir } from "./cache_dir.ts";
 * const env = { HOME: "/home/ada", XDG_CACHE_HOME: "" } as Record<string, string>;
 * assert.equal(resolveCacheDir((name) => env[name]), "/home/ada/.cache/qip");
 * ```
 */
export function resolveCacheDir(
  getEnv: (name: CacheEnvName) => string | undefined = (name) => Deno.env.get(name),
): string | undefined {
  const read = (name: CacheEnvName) => {
    const value = getEnv(name);
    return value === "" ? undefined : value;
  };
  const explicit = read("QIP_CACHE_DIR");
  if (explicit !== undefined) return explicit;
  const xdg = read("XDG_CACHE_HOME");
  if (xdg !== undefined) return `${xdg}/qip`;
  const home = read("HOME");
  return home === undefined ? undefined : `${home}/.cache/qip`;
}
