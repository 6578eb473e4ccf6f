/**
 * Differential fuzzing of the module rewriter on a fixed list of seeds (docs/reliability.md):
 * each random program computes the same result, memory and globals, and traps the same way,
 * before and after the rewrite, and its fuel verdict is exact and deterministic; the
 * deterministic rewrite computes what the program's canonical-NaN reference does. A failure
 * names the seed; `deno task fuzz --print <seed>` shows its program. `deno task fuzz` runs more.
 */
import assert from "node:assert/strict";
import { type FuzzResult, fuzzSeed } from "../../scripts/fuzz/fuzz_seed.ts";

/** The seeds CI runs: a few hundred programs, a few seconds. */
const CI_SEEDS = { first: 1, count: 300 };

let fuzzed: FuzzResult[] | undefined;

/** Every CI seed's result, computed once for both tests. */
function ciResults(): FuzzResult[] {
  return fuzzed ??= Array.from(
    { length: CI_SEEDS.count },
    (_, index) => fuzzSeed(CI_SEEDS.first + index),
  );
}

Deno.test(
  `instrumentModule() changes nothing random programs compute or how they trap (seeds ${CI_SEEDS.first}-${
    CI_SEEDS.first + CI_SEEDS.count - 1
  })`,
  () => {
    const failures = ciResults()
      .filter((result) => result.difference !== undefined)
      .map(({ program, difference }) => `seed ${program.seed}: ${difference}`);
    assert.deepEqual(failures, []);
  },
);

Deno.test("the fuzzed programs pass the rewriter's check points and trap in many ways", () => {
  // Guards the generator: programs that never loop, call or trap would prove nothing.
  const results = ciResults();
  const trapped = results.filter((result) => result.trapped).length;
  assert.ok(trapped >= CI_SEEDS.count / 10, `${trapped} programs trapped`);
  assert.ok(trapped <= CI_SEEDS.count / 2, `${trapped} programs trapped`);
  const meanFuel = results.reduce((sum, { fuelUsed }) => sum + fuelUsed, 0n) /
    BigInt(results.length);
  assert.ok(meanFuel >= 20n, `${meanFuel} check points per program on average`);
  const features = [
    /\(loop /,
    /br_table/,
    /call_indirect/,
    /i8x16\.shuffle/,
    /\(result \w+ \w+\)/,
    /f64\.div/,
  ];
  // Guards the deterministic comparison: some programs must observe NaN bits at all.
  const nanBits = results.filter((result) => result.nanBitsObserved).length;
  assert.ok(nanBits >= CI_SEEDS.count / 100, `${nanBits} programs observed NaN bits`);
  for (const feature of features) {
    const using = results.filter(({ program }) => feature.test(program.wat)).length;
    assert.ok(using >= CI_SEEDS.count / 20, `${using} programs match ${feature}`);
  }
});
