/**
 * ETags (dev-server.md §6.2): a function of the source bytes, the recipe modules and the form
 * modules a page uses, never of the mode, the path or the Content-Type.
 *
 * @module
 */

import { sha256 } from "./_sha256.ts";

/**
 * The quoted hex SHA-256 of the source when no chain and no form module shaped the response;
 * otherwise the SHA-256 of the raw digests concatenated: source, chain modules in order, form
 * modules by name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildDevEtag } from "./_dev_etag.ts";
 * const source = new Uint8Array(32);
 * assert.equal(buildDevEtag(source, [], []), `"${"00".repeat(32)}"`);
 * ```
 */
export function buildDevEtag(
  sourceDigest: Uint8Array,
  chainDigests: readonly Uint8Array[],
  formDigests: readonly Uint8Array[],
): string {
  if (chainDigests.length === 0 && formDigests.length === 0) return `"${sourceDigest.toHex()}"`;
  return `"${sha256(sourceDigest, ...chainDigests, ...formDigests).toHex()}"`;
}
