/**
 * The flags of remote module loading, shared by the commands that take module arguments (`run`,
 * `get`, `image`, `bench`, `form`; `qip dev` loads modules from its directories only):
 * `--lock <file>`, `--offline`, `--allow-http-localhost`, `--connect-timeout-ms N`,
 * `--fetch-timeout-ms N`.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import { DEFAULT_REMOTE_OPTIONS, type RemoteOptions } from "../host/mod.ts";
import { REMOTE_FLAGS } from "./_command_flags.ts";
import { booleanFlag, integerFlag, type ParsedFlags, stringFlag } from "./_flags.ts";

/** Add these to a command's flag definitions (the table is in _command_flags.ts). */
export { REMOTE_FLAGS };

/** The longest timer JavaScript can set, in milliseconds (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Reads the remote flags, falling back to {@linkcode DEFAULT_REMOTE_OPTIONS}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseFlags } from "./_flags.ts";
 * import { parseRemoteFlags, REMOTE_FLAGS } from "./_remote_flags.ts";
 * const flags = parseFlags(["--offline", "--lock", "qip.lock", "m.wasm"], REMOTE_FLAGS, "Usage: x");
 * assert.equal(parseRemoteFlags(flags, "Usage: x").lockPath, "qip.lock");
 * ```
 * @throws {QipError} kind `usage`: `Invalid connect-timeout-ms: 0`, or the flag parser's errors.
 */
export function parseRemoteFlags(flags: ParsedFlags, usage: string): RemoteOptions {
  const defaults = DEFAULT_REMOTE_OPTIONS.fetchLimits;
  const lockPath = stringFlag(flags, "lock");
  return {
    offline: booleanFlag(flags, "offline"),
    allowHttpLocalhost: booleanFlag(flags, "allow-http-localhost"),
    lockPath: lockPath === "" ? undefined : lockPath,
    fetchLimits: {
      ...defaults,
      connectTimeoutMs: timeoutMs(flags, "connect-timeout-ms", usage) ?? defaults.connectTimeoutMs,
      fetchTimeoutMs: timeoutMs(flags, "fetch-timeout-ms", usage) ?? defaults.fetchTimeoutMs,
    },
  };
}

function timeoutMs(flags: ParsedFlags, name: string, usage: string): number | undefined {
  const value = integerFlag(flags, name, `--${name}`, usage);
  if (value === undefined) return undefined;
  if (value <= 0n || value > BigInt(MAX_TIMER_MS)) {
    throw new QipError("usage", `Invalid ${name}: ${value}`, {
      detail: `expected 1 to ${MAX_TIMER_MS} milliseconds`,
    });
  }
  return Number(value);
}
