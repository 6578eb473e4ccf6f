/**
 * Differential fuzzing of the module rewriter (`src/sandbox/instrument/`): generates random
 * valid programs from seeds and checks that rewriting them for preemption and fuel changes
 * nothing they compute or how they trap, and that fuel verdicts are deterministic. See
 * docs/reliability.md.
 *
 * ```
 * deno task fuzz [--seeds N] [--from S]   # N programs from seed S (defaults: 2000 from 1)
 * deno task fuzz --print S                # the program of seed S, as WAT
 * deno task fuzz --mutations N            # N byte-flipped mutants of every example and
 *                                         # hostile module through the compile path
 * ```
 *
 * Prints each failing seed with what differed; exit code 1 when any seed failed.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { generateProgram } from "./fuzz/_program_generator.ts";
import { checkMutations } from "./fuzz/check_mutations.ts";
import { fuzzSeed } from "./fuzz/fuzz_seed.ts";

/** Runs the command line; resolves to the exit code. */
export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      seeds: { type: "string", default: "2000" },
      from: { type: "string", default: "1" },
      print: { type: "string" },
      mutations: { type: "string" },
    },
  });
  if (values.mutations !== undefined) {
    return await mutations(Number(values.mutations), Number(values.from));
  }
  if (values.print !== undefined) {
    console.log(generateProgram(Number(values.print)).wat);
    return 0;
  }
  const [count, first] = [Number(values.seeds), Number(values.from)];
  if (!Number.isSafeInteger(count) || count < 1 || !Number.isSafeInteger(first)) {
    console.error("Usage: fuzz_rewriter.ts [--seeds N] [--from S] [--print S]");
    return 1;
  }
  const started = performance.now();
  let [failures, traps, fuel, nanBits] = [0, 0, 0n, 0];
  for (let seed = first; seed < first + count; seed++) {
    const result = fuzzSeed(seed);
    if (result.trapped) traps++;
    if (result.nanBitsObserved) nanBits++;
    fuel += result.fuelUsed;
    if (result.difference !== undefined) {
      failures++;
      console.error(`seed ${seed}: ${result.difference}`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${count} programs (seeds ${first}-${first + count - 1}) in ${seconds.toFixed(1)} s: ` +
      `${failures} differ, ${traps} trap, ${fuel / BigInt(count)} check points each on average, ` +
      `${nanBits} observe NaN bits`,
  );
  return failures === 0 ? 0 : 1;
}

/** Compiles `perModule` mutants of every example and hostile module; exit code 1 on a problem. */
async function mutations(perModule: number, seed: number): Promise<number> {
  const root = new URL("../", import.meta.url).pathname;
  const paths = ["examples", "fixtures/hostile"].flatMap((dir) =>
    [...Deno.readDirSync(`${root}${dir}`)]
      .filter((entry) => entry.name.endsWith(".wasm"))
      .map((entry) => `${root}${dir}/${entry.name}`)
      .sort()
  );
  const started = performance.now();
  const { mutants, problems } = await checkMutations(paths, { seed, perModule });
  for (const problem of problems) console.error(problem);
  console.log(
    `${mutants} mutants (seed ${seed}) in ${
      ((performance.now() - started) / 1000).toFixed(1)
    } s: ` +
      `${problems.length} problems`,
  );
  return problems.length === 0 ? 0 : 1;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
