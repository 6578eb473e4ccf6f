/**
 * Hostile inputs, longer than CI runs them (docs/reliability.md): damaged images through
 * `qip image` and a `qip run` tile block, and random inputs into every example module.
 *
 * ```
 * deno task fuzz-inputs --images N [--seed S]     # N random mutants per image fixture
 * deno task fuzz-inputs --examples N [--seed S]   # N random inputs per example module
 * ```
 *
 * Prints every problem and a summary; exit code 1 when there was a problem.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { WorkerPool } from "../src/sandbox/mod.ts";
import { checkExampleInputs } from "./fuzz/check_example_inputs.ts";
import { fuzzImageInputs } from "./fuzz/check_image_inputs.ts";

const USAGE = "Usage: fuzz_inputs.ts (--images N | --examples N) [--seed S]";

/** Runs the command line; resolves to the exit code. */
export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      images: { type: "string" },
      examples: { type: "string" },
      seed: { type: "string", default: "1" },
    },
  });
  const seed = Number(values.seed);
  const count = Number(values.images ?? values.examples);
  if (
    (values.images === undefined) === (values.examples === undefined) ||
    !Number.isSafeInteger(count) || count < 0 || !Number.isSafeInteger(seed)
  ) {
    console.error(USAGE);
    return 1;
  }
  const root = new URL("../", import.meta.url).pathname.replace(/\/$/, "");
  const pool = new WorkerPool({ size: 1 });
  const started = performance.now();
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  try {
    if (values.images !== undefined) {
      const report = await fuzzImageInputs(root, { pool, seed, randomCount: count });
      for (const problem of report.problems) console.error(problem);
      for (const [line, times] of [...report.messages].sort()) console.log(`${times}\t${line}`);
      console.log(
        `${report.cases.image} inputs to qip image (${report.succeeded.image} decoded and ` +
          `filtered), ${report.cases.run} to qip run (${report.succeeded.run} filtered), ` +
          `seed ${seed}, in ${seconds()} s; largest RSS ` +
          `${(report.maxRssBytes / 2 ** 20).toFixed(0)} MiB; ${report.problems.length} problems`,
      );
      return report.problems.length === 0 ? 0 : 1;
    }
    const reports = await checkExampleInputs(root, { pool, seed, randomCount: count });
    let [inputs, succeeded, problems] = [0, 0, 0];
    for (const report of reports) {
      inputs += report.inputs;
      succeeded += report.succeeded;
      problems += report.problems.length;
      for (const problem of report.problems) console.error(`${report.module} ${problem}`);
      const errors = [...report.errors].map(([line, times]) => `${times}× ${line}`);
      console.log(
        `${report.module} (${report.kind}, cap ${report.capBytes ?? "-"}): ` +
          `${report.succeeded}/${report.inputs} ran${errors.length > 0 ? "; " : ""}` +
          errors.join("; "),
      );
    }
    console.log(
      `${reports.length} modules, ${inputs} inputs (${succeeded} ran to an output), ` +
        `seed ${seed}, in ${seconds()} s: ${problems} problems`,
    );
    return problems === 0 ? 0 : 1;
  } finally {
    pool.close();
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
