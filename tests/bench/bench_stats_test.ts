import assert from "node:assert/strict";
import { type BenchSample, summarizeSamples } from "../../src/bench/mod.ts";

function sample(totalNs: number, memoryBytes = 65_536): BenchSample {
  return { totalNs, instantiateNs: totalNs / 2, runNs: 1, memoryBytes };
}

Deno.test("summarizeSamples() rounds the mean half away from zero and uses the population stddev", () => {
  const stats = summarizeSamples([sample(1), sample(2)]);
  assert.deepEqual(stats.totalNs, { mean: 2, stddev: 1, min: 1, p95: 2, max: 2 });
  assert.equal(stats.instantiateNs.mean, 1); // 0.75 rounds to 1
});

Deno.test("summarizeSamples() takes p95 at ceil(0.95·n) − 1 (20 and 21 samples)", () => {
  const twenty = Array.from({ length: 20 }, (_, index) => sample(index + 1));
  assert.equal(summarizeSamples(twenty).totalNs.p95, 19);
  const twentyOne = Array.from({ length: 21 }, (_, index) => sample(21 - index));
  assert.equal(summarizeSamples(twentyOne).totalNs.p95, 20);
  assert.equal(summarizeSamples([sample(7)]).totalNs.p95, 7);
});

Deno.test("summarizeSamples() reports memory mean and peak", () => {
  const stats = summarizeSamples([sample(1, 65_536), sample(1, 131_072), sample(1, 131_072)]);
  assert.deepEqual(stats.memoryBytes, { mean: 109_227, peak: 131_072 });
});

Deno.test("summarizeSamples() refuses no samples", () => {
  assert.throws(() => summarizeSamples([]), RangeError);
});
