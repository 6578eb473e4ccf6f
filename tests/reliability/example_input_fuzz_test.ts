/**
 * Random inputs into every module in examples/ (docs/reliability.md, "Random inputs into every
 * example"): run-mode modules get empty input, one byte, random sizes up to their cap, the cap,
 * cap + 1 and random UTF-8; tile modules get random BMPs through a tile block; form modules get
 * random answers. Traps and soft failures are fine; nothing may crash the host.
 * `deno task fuzz-inputs --examples N` runs N random inputs per module.
 */
import assert from "node:assert/strict";
import { checkExampleInputs } from "../../scripts/fuzz/check_example_inputs.ts";
import { WorkerPool } from "../../src/sandbox/mod.ts";
import { REPO_ROOT } from "../support/run_qip.ts";

/** Random inputs per module in CI, besides the fixed ones: about 940 inputs, ~5 s. */
const RANDOM_PER_MODULE = 6;

Deno.test("every example module survives random inputs without crashing the host (seed 1)", async () => {
  const pool = new WorkerPool({ size: 1 });
  try {
    const reports = await checkExampleInputs(REPO_ROOT, {
      pool,
      seed: 1,
      randomCount: RANDOM_PER_MODULE,
    });
    assert.deepEqual(reports.flatMap((report) => report.problems), []);
    const count = (kind: string) => reports.filter((report) => report.kind === kind).length;
    assert.ok(reports.length >= 70, `${reports.length} modules`);
    assert.ok(count("tile") >= 20 && count("form") >= 4, "tile and form modules are included");
    // Every run-mode module's cap was found, so cap and cap + 1 were both sent.
    const run = reports.filter((report) => report.kind !== "tile");
    assert.deepEqual(run.filter((report) => report.capBytes === undefined), []);
    // The inputs reach the modules' code: most of them run to an output.
    const inputs = reports.reduce((sum, report) => sum + report.inputs, 0);
    const succeeded = reports.reduce((sum, report) => sum + report.succeeded, 0);
    assert.ok(succeeded > inputs / 2, `${succeeded} of ${inputs} inputs ran to an output`);
  } finally {
    pool.close();
  }
});
