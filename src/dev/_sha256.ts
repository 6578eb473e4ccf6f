/**
 * Synchronous SHA-256 for the request path. Web Crypto's `digest` hands every call to another
 * thread (~20–70 µs each for a page, twice per request); `node:crypto` hashes a page in a few
 * microseconds on the calling thread. Loading it costs ~100 ms once, at server start, which is
 * why `qip run` keeps Web Crypto.
 *
 * @module
 */

import { createHash } from "node:crypto";

/**
 * The raw 32-byte SHA-256 of the concatenation of `parts`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sha256 } from "./_sha256.ts";
 * assert.equal(
 *   sha256(new TextEncoder().encode("abc")).toHex(),
 *   "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
 * );
 * ```
 */
export function sha256(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}
