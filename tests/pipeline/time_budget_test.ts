import assert from "node:assert/strict";
import { startTimeBudget } from "../../src/pipeline/time_budget.ts";
import { MAX_TIMER_DELAY_MS } from "../../src/sandbox/deadline.ts";
import { runQip } from "../support/run_qip.ts";

Deno.test("startTimeBudget() aborts once the time is spent", async () => {
  using budget = startTimeBudget(20);
  await new Promise((resolve) => budget.signal.addEventListener("abort", resolve));
  assert.equal(budget.signal.aborted, true);
});

Deno.test("startTimeBudget() does not abort at once for a budget past setTimeout's range", async () => {
  // setTimeout treats a delay above 2^31 - 1 ms as 0.
  using budget = startTimeBudget(MAX_TIMER_DELAY_MS + 1_000);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(budget.signal.aborted, false);
});

Deno.test("qip run with --timeout-ms past 2^31 - 1 runs the chain instead of timing out", async () => {
  const result = await runQip(["run", "--timeout-ms", "4000000000", "examples/hello.wasm"], {
    stdin: "World",
  });
  assert.equal(result.stderr, "");
  assert.equal(result.code, 0);
  assert.equal(result.stdoutText, "Hello, World\n");
});
