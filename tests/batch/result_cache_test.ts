/** The result cache on disk: round trips, the size bound, LRU eviction, and a broken cache. */
import assert from "node:assert/strict";
import { ResultCache } from "../../src/host/result_cache.ts";
import { resultKeyer } from "../../src/batch/result_key.ts";
import { withTempDir } from "../support/temp_dir.ts";

const key = (n: number) => n.toString(16).padStart(64, "0");

Deno.test("result cache: stores, answers, and evicts the least recently used first", async () => {
  await withTempDir(async (dir) => {
    const cache = new ResultCache(dir, { maxBytes: 1000 });
    for (let n = 0; n < 4; n++) await cache.put(key(n), new Uint8Array(300).fill(n));
    // Entry 0 was used last (its time is refreshed by the hit); 1 is now the oldest.
    const times = [10, 20, 30, 40].map((seconds) => new Date(seconds * 1000));
    for (let n = 0; n < 4; n++) {
      await Deno.utime(`${dir}/results/00/${key(n)}`, times[n]!, times[n]!);
    }
    const later = new Date(50_000);
    await Deno.utime(`${dir}/results/00/${key(0)}`, later, later);
    await cache.evict();
    // 1,200 bytes > 1,000: the oldest go until the total is at most 900.
    assert.equal(cache.stats.evicted, 1);
    const fresh = new ResultCache(dir, { maxBytes: 1000 });
    assert.deepEqual(await fresh.get(key(0)), new Uint8Array(300).fill(0));
    assert.equal(await fresh.get(key(1)), undefined);
    assert.deepEqual(await fresh.get(key(2)), new Uint8Array(300).fill(2));
    assert.deepEqual(await fresh.get(key(3)), new Uint8Array(300).fill(3));
    assert.deepEqual(fresh.stats, { hits: 3, misses: 1, stored: 0, evicted: 0 });
  });
});

Deno.test("result cache: a result larger than the bound is not kept", async () => {
  await withTempDir(async (dir) => {
    const cache = new ResultCache(dir, { maxBytes: 10 });
    await cache.put(key(1), new Uint8Array(11));
    assert.equal(await cache.get(key(1)), undefined);
    assert.equal(cache.stats.stored, 0);
  });
});

Deno.test("result cache: an unwritable cache misses instead of failing", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/results`, "a file where the folder should be");
    const cache = new ResultCache(dir);
    await cache.put(key(1), new Uint8Array([1]));
    assert.equal(await cache.get(key(1)), undefined);
    await cache.evict();
  });
});

Deno.test("result keys change with every module digest, setting and input byte", async () => {
  const input = new TextEncoder().encode("input");
  const base = { command: "run", moduleDigests: ["a", "b"], settings: { timeLimitMs: 100 } };
  const keys = await Promise.all([
    resultKeyer(base)(input),
    resultKeyer({ ...base, moduleDigests: ["b", "a"] })(input),
    resultKeyer({ ...base, settings: { timeLimitMs: 101 } })(input),
    resultKeyer({ ...base, command: "image" })(input),
    resultKeyer(base)(new TextEncoder().encode("inpuT")),
  ]);
  assert.equal(new Set(keys).size, keys.length);
  // Settings are keyed in a fixed order, whatever order they are written in.
  assert.equal(
    await resultKeyer({ ...base, settings: { a: 1, b: 2 } })(input),
    await resultKeyer({ ...base, settings: { b: 2, a: 1 } })(input),
  );
});
