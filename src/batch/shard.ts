/**
 * `--shard K/N`: which inputs this process handles. The assignment hashes each input's path
 * relative to its root, so N processes given the same inputs split them with no coordinator,
 * and adding or removing one file moves only that file.
 *
 * @module
 */

import { QipError } from "../errors.ts";

/** This process's share: shard `index` (1 … `count`) of `count`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/**
 * Parses `K/N` with 1 ≤ K ≤ N.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseShard } from "./shard.ts";
 * assert.deepEqual(parseShard("2/3"), { index: 2, count: 3 });
 * ```
 * @throws {QipError} kind `usage`: `Invalid shard: "0/3" (expected K/N with 1 <= K <= N)`.
 */
export function parseShard(raw: string): Shard {
  const match = /^(\d{1,6})\/(\d{1,6})$/.exec(raw);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || index < 1 || count < 1 || index > count) {
    throw new QipError("usage", `Invalid shard: "${raw}" (expected K/N with 1 <= K <= N)`);
  }
  return { index, count };
}

/** Whether the input at relative path `rel` belongs to `shard` (FNV-1a of its UTF-8 bytes). */
export function inShard(rel: string, shard: Shard): boolean {
  if (shard.count === 1) return true;
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(rel)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shard.count === shard.index - 1;
}
