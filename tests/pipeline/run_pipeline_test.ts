import assert from "node:assert/strict";
import { loadStages } from "../../src/host/mod.ts";
import { assertImageStagesContiguous, runPipeline } from "../../src/pipeline/mod.ts";
import { DEFAULT_LIMITS, WorkerPool } from "../../src/sandbox/mod.ts";
import { REPO_ROOT } from "../support/run_qip.ts";

const M = `${REPO_ROOT}/fixtures/modules`;

Deno.test("runPipeline() feeds each stage's output to the next and leaves the input intact", async () => {
  const pool = new WorkerPool({ size: 1 });
  try {
    const stages = await loadStages([`${M}/echo-globals.wasm`, `${M}/upper-functions.wasm`], {
      limits: DEFAULT_LIMITS,
    });
    const input = new TextEncoder().encode("chain me");
    const { output } = await runPipeline({ stages, input, limits: DEFAULT_LIMITS, pool });
    assert.equal(output.kind, "bytes");
    assert.equal(output.kind === "bytes" && new TextDecoder().decode(output.bytes), "CHAIN ME");
    assert.equal(new TextDecoder().decode(input), "chain me");
  } finally {
    pool.close();
  }
});

Deno.test("runPipeline() reports scalar stages as they finish and logs output digests", async () => {
  const pool = new WorkerPool({ size: 1 });
  try {
    const stages = await loadStages([`${M}/scalar-length.wasm`, `${M}/echo-globals.wasm`], {
      limits: DEFAULT_LIMITS,
    });
    const events: string[] = [];
    await runPipeline({
      stages,
      input: new TextEncoder().encode("hello"),
      limits: DEFAULT_LIMITS,
      pool,
      log: (line) => events.push(line),
      onScalar: (ran, stage) => void events.push(`Ran: ${ran} in stage ${stage.index}`),
    });
    // The echo stage's output is empty, so it logs no digest.
    assert.deepEqual(events, ["Ran: 5 in stage 0"]);
  } finally {
    pool.close();
  }
});

Deno.test("runPipeline() carries fuel across the chain and reports what is left", async () => {
  const pool = new WorkerPool({ size: 1 });
  try {
    const limits = { ...DEFAULT_LIMITS, fuel: 10_000n };
    const stages = await loadStages([`${M}/count-loop.wasm`, `${M}/count-loop.wasm`], { limits });
    const { fuelLeft } = await runPipeline({
      stages,
      input: new TextEncoder().encode("x"),
      limits,
      pool,
      onScalar: () => {},
    });
    // Stage 0 spends 1002 check points on one byte; stage 1 gets empty input: 1 + 1 = 2.
    assert.equal(fuelLeft, 10_000n - 1002n - 2n);
  } finally {
    pool.close();
  }
});

Deno.test("assertImageStagesContiguous() names the first tile stage after a gap (module 2)", () => {
  const tile = { isTileStage: true };
  const run = { isTileStage: false };
  assertImageStagesContiguous([run, tile, tile, run]);
  assert.throws(() => assertImageStagesContiguous([tile, run, tile]), {
    message: "Image stages must be contiguous to compose (module 2)",
  });
});
