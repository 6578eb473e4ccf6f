/**
 * Run by worker_lifecycle_test.ts in its own process, with qip's runtime flags: revoking read
 * would otherwise revoke it for every test. Prints one JSON line of what happened.
 *
 * @module
 */

import { WorkerPool } from "../../src/sandbox/mod.ts";
import { compile, fillChainBytes, quickBytes, runJob } from "./_unstoppable_modules.ts";

const fills = Number(Deno.args[0] ?? "40");
const unstoppable = await compile(fillChainBytes(fills), "fill-chain");
const quick = await compile(quickBytes(), "quick");
const pool = new WorkerPool({ size: 1, interruptGraceMs: 200 });
await pool.ready();
await Deno.permissions.revoke({ name: "read" });

const outcome: Record<string, unknown> = {};
try {
  await pool.run(runJob(unstoppable), AbortSignal.timeout(100));
  outcome.first = "succeeded";
} catch (error) {
  outcome.first = error instanceof Error ? error.message : String(error);
}
outcome.stuckAfterFirst = pool.stuckWorkers;
try {
  const { output } = await pool.run(runJob(quick));
  outcome.second = output.kind === "scalar" ? `ran ${output.ran}` : output.kind;
} catch (error) {
  outcome.second = error instanceof Error ? error.message : String(error);
}
// The stuck worker is terminated once its module returns and it answers.
const waitStartedMs = performance.now();
while (pool.stuckWorkers > 0 && performance.now() - waitStartedMs < 60_000) {
  await new Promise((resolve) => setTimeout(resolve, 50));
}
outcome.stuckAtEnd = pool.stuckWorkers;
pool.close();
console.log(JSON.stringify(outcome));
