/**
 * Differential fuzzing of the module rewriter (`src/sandbox/instrument/`): generates random
 * valid programs from seeds and checks that rewriting them for preemption and fuel changes
 * nothing they compute or how they trap, and that fuel verdicts are deterministic. See
 * docs/reliability.md.
 *
 * ```
 * deno task fuzz [--seeds N] [--from S]   # N programs from seed S (defaults: 2000 from 1)
 * deno task fuzz --print S                # the program of seed S, as WAT
 * ```
 *
 * Prints each failing seed with what differed; exit code 1 when any seed failed.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { generateProgram } from "./fuzz/_program_generator.ts";
import { fuzzSeed } from "./fuzz/fuzz_seed.ts";

/** Runs the command line; resolves to the exit code. */
export function main(args: string[]): number {
  const { values } = parseArgs({
    args,
    options: {
      seeds: { type: "string", default: "2000" },
      from: { type: "string", default: "1" },
      print: { type: "string" },
    },
  });
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
  let [failures, traps, fuel] = [0, 0, 0n];
  for (let seed = first; seed < first + count; seed++) {
    const result = fuzzSeed(seed);
    if (result.trapped) traps++;
    fuel += result.fuelUsed;
    if (result.difference !== undefined) {
      failures++;
      console.error(`seed ${seed}: ${result.difference}`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${count} programs (seeds ${first}-${first + count - 1}) in ${seconds.toFixed(1)} s: ` +
      `${failures} differ, ${traps} trap, ${fuel / BigInt(count)} check points each on average`,
  );
  return failures === 0 ? 0 : 1;
}

if (import.meta.main) Deno.exit(main(Deno.args));
