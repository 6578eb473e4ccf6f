/**
 * `ByteLru`, the one byte-budget cache of the dev server (served files and recipe outputs):
 * eviction order, the budget, entries too large to keep, replacement and selective dropping.
 */

import assert from "node:assert/strict";
import { ByteLru } from "../../src/dev/_byte_lru.ts";

function keys(lru: ByteLru<number>, candidates: readonly string[]): string[] {
  return candidates.filter((key) => lru.get(key) !== undefined);
}

Deno.test("ByteLru evicts the least recently used first, and get() counts as a use", () => {
  const lru = new ByteLru<number>({ maxBytes: 30 });
  lru.set("a", 1, 10);
  lru.set("b", 2, 10);
  lru.set("c", 3, 10);
  assert.equal(lru.get("a"), 1); // order now b, c, a
  lru.set("d", 4, 15); // 45 bytes: b and c go, 25 left
  assert.equal(lru.byteCount, 25);
  assert.deepEqual(keys(lru, ["a", "b", "c", "d"]), ["a", "d"]);
});

Deno.test("ByteLru keeps nothing over maxEntryBytes, and drops the old value under that key", () => {
  const lru = new ByteLru<number>({ maxBytes: 100, maxEntryBytes: 25 });
  assert.equal(lru.set("a", 1, 25), true);
  assert.equal(lru.set("big", 2, 26), false);
  assert.equal(lru.set("a", 3, 26), false);
  assert.deepEqual([lru.size, lru.byteCount, lru.get("a"), lru.get("big")], [
    0,
    0,
    undefined,
    undefined,
  ]);
});

Deno.test("ByteLru.set() replaces a key's value and its byte count", () => {
  const lru = new ByteLru<number>({ maxBytes: 100 });
  lru.set("a", 1, 40);
  lru.set("a", 2, 30);
  assert.deepEqual([lru.size, lru.byteCount, lru.get("a")], [1, 30, 2]);
  lru.delete("a");
  lru.delete("a");
  assert.deepEqual([lru.size, lru.byteCount], [0, 0]);
});

Deno.test("ByteLru.deleteWhere() drops exactly the matching entries and their bytes", () => {
  const lru = new ByteLru<number>({ maxBytes: 100 });
  for (const [index, key] of ["a", "b", "c", "d"].entries()) lru.set(key, index, index + 1);
  lru.deleteWhere((value, key) => value % 2 === 0 || key === "d");
  assert.deepEqual(keys(lru, ["a", "b", "c", "d"]), ["b"]);
  assert.equal(lru.byteCount, 2);
});
