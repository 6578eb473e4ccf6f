/**
 * The DNS-rebinding guard: `qip dev` listens on 127.0.0.1 only, and answers only requests that
 * name a loopback host in `Host`. A web page on another site that points its own domain at
 * 127.0.0.1 still sends its domain in `Host`, so it cannot read the developer's pages.
 *
 * @module
 */

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Whether a `Host` header names this server: `localhost`, `127.0.0.1` or `[::1]` (any case)
 * with the server's port; the port may be left out only when it is 80.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isAllowedHost } from "./_host_guard.ts";
 * assert.equal(isAllowedHost("localhost:4000", 4000), true);
 * assert.equal(isAllowedHost("evil.example:4000", 4000), false);
 * assert.equal(isAllowedHost("127.0.0.1:4001", 4000), false);
 * ```
 */
export function isAllowedHost(host: string | null, port: number): boolean {
  if (host === null) return false;
  const match = /^(.*?)(?::([0-9]+))?$/.exec(host.toLowerCase());
  const name = match?.[1] ?? "";
  const hostPort = match?.[2] === undefined ? 80 : Number(match[2]);
  return LOOPBACK_NAMES.has(name) && hostPort === port;
}
