import assert from "node:assert/strict";
import { CodecPool } from "../../src/image/codec_pool.ts";
import { startTimeBudget } from "../../src/pipeline/mod.ts";
import { WorkerPool } from "../../src/sandbox/mod.ts";
import { REPO_ROOT, TOOLING_CONFIG } from "../support/run_qip.ts";
import { compile, fillChainBytes, quickBytes, runJob } from "./_unstoppable_modules.ts";

const TIME_LIMIT = "Wasm module exceeded the execution time limit (100ms)";

/** A worker script that throws while loading, as a missing asset or a bad install would. */
const THROWS_ON_LOAD = `data:text/javascript,${encodeURIComponent('throw new Error("boom");')}`;
/** A worker script that never finishes loading. */
const NEVER_LOADS = `data:text/javascript,${encodeURIComponent("await new Promise(() => {});")}`;

/** Settles `promise` or fails the test after `ms`: proves "stops instead of hanging". */
async function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

Deno.test("after read is revoked, a module no check point stops is followed by a job that runs fine", async () => {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--config",
      TOOLING_CONFIG,
      "--no-prompt",
      "--unstable-worker-options",
      "--allow-read",
      "tests/sandbox/_revoked_pool_child.ts",
      "150",
    ],
    cwd: REPO_ROOT,
    env: { NO_COLOR: "1" },
  }).output();
  const errors = new TextDecoder().decode(stderr);
  assert.equal(code, 0, errors);
  assert.doesNotMatch(errors, /Requires read access/);
  const outcome = JSON.parse(new TextDecoder().decode(stdout));
  assert.equal(outcome.first, TIME_LIMIT);
  assert.equal(outcome.second, "ran 1");
  // Whether the module was still running at the grace's end depends on the machine; either
  // way no stuck worker is left once it returned.
  assert.ok(outcome.stuckAfterFirst === 0 || outcome.stuckAfterFirst === 1);
  assert.equal(outcome.stuckAtEnd, 0);
});

Deno.test("a stage worker whose script fails to load fails every request with one line, at once", async () => {
  const pool = new WorkerPool({ size: 1, scriptUrl: THROWS_ON_LOAD });
  try {
    const quick = await compile(quickBytes(), "quick");
    await assert.rejects(
      within(10_000, pool.ready()),
      /^Error: stage worker failed to start: .*boom/,
    );
    // Later requests get a fresh worker, which fails the same way: never a wait.
    for (let attempt = 0; attempt < 2; attempt++) {
      await assert.rejects(
        within(10_000, pool.run(runJob(quick))),
        (error: Error) =>
          /^stage worker failed to start: .*boom/.test(error.message) &&
          !error.message.includes("\n"),
      );
    }
  } finally {
    pool.close();
  }
});

Deno.test("a stage worker that never finishes loading is given up after the start timeout", async () => {
  const pool = new WorkerPool({ size: 1, scriptUrl: NEVER_LOADS, startTimeoutMs: 300 });
  try {
    await assert.rejects(
      within(10_000, pool.ready()),
      /stage worker failed to start: it did not load its script within 300 ms/,
    );
  } finally {
    pool.close();
  }
});

Deno.test("a codec worker whose script fails to load fails decoding with one line, and again", async () => {
  using codecs = new CodecPool({ size: 1, scriptUrl: THROWS_ON_LOAD });
  for (let attempt = 0; attempt < 2; attempt++) {
    await assert.rejects(
      within(10_000, codecs.decode(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))),
      (error: Error) =>
        error.name === "QipError" &&
        /^Error decoding image file: codec worker failed: .*boom/.test(error.message) &&
        !error.message.includes("\n"),
    );
  }
});

Deno.test("a result that arrives after the chain's deadline is the time-limit error", async () => {
  const pool = new WorkerPool({ size: 1 });
  try {
    const quick = await compile(quickBytes(), "quick");
    await pool.ready();
    using budget = startTimeBudget(100);
    const job = pool.run(runJob(quick), budget.signal);
    // Keep the host busy past the deadline: the reply and the budget's timer are both due when
    // it looks again, in an order the event loop picks.
    const busyUntil = performance.now() + 300;
    while (performance.now() < busyUntil) { /* the host is busy */ }
    await assert.rejects(job, { name: "QipError", message: TIME_LIMIT });
  } finally {
    pool.close();
  }
});

Deno.test("a module running past its deadline in straight-line code does not succeed", async () => {
  // Long enough to outlast a 100 ms limit, short enough to end within the grace period.
  const pool = new WorkerPool({ size: 1, interruptGraceMs: 60_000 });
  try {
    const slow = await compile(fillChainBytes(40), "fill-chain");
    await pool.ready();
    using budget = startTimeBudget(100);
    await assert.rejects(within(60_000, pool.run(runJob(slow), budget.signal)), {
      name: "QipError",
      message: TIME_LIMIT,
    });
    assert.equal(pool.stuckWorkers, 0);
  } finally {
    pool.close();
  }
});

Deno.test("while as many workers as allowed are stuck, new requests are refused with one line", async () => {
  const pool = new WorkerPool({ size: 1, interruptGraceMs: 50, maxStuckWorkers: 1 });
  try {
    const unstoppable = await compile(fillChainBytes(150), "fill-chain");
    const quick = await compile(quickBytes(), "quick");
    await pool.ready();
    await assert.rejects(pool.run(runJob(unstoppable), AbortSignal.timeout(100)), {
      message: TIME_LIMIT,
    });
    if (pool.stuckWorkers === 1) {
      await assert.rejects(pool.run(runJob(quick)), {
        name: "QipError",
        message:
          "Cannot run the module: 1 workers are still running modules that ignored their time limit",
      });
    }
    // Once the module returns, its worker answers, is terminated, and work is taken again.
    await within(
      60_000,
      (async () => {
        while (pool.stuckWorkers > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      })(),
    );
    const { output } = await pool.run(runJob(quick));
    assert.equal(output.kind === "scalar" && output.ran, 1);
  } finally {
    pool.close();
  }
});

Deno.test("a worker collects right after dropping each large instance, and not after small ones", async () => {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--config",
      TOOLING_CONFIG,
      "--no-prompt",
      "--unstable-worker-options",
      "--allow-read",
      "--v8-flags=--expose-gc",
      "tests/sandbox/_collection_child.ts",
    ],
    cwd: REPO_ROOT,
    env: { NO_COLOR: "1" },
  }).output();
  assert.equal(code, 0, new TextDecoder().decode(stderr));
  // Each large job's collection has run by the time the next request is answered.
  const { afterLarge, afterSmall } = JSON.parse(new TextDecoder().decode(stdout));
  assert.ok(afterLarge === 2 || afterLarge === 3, `${afterLarge} collections after 3 large jobs`);
  assert.equal(afterSmall, 3);
});

Deno.test("without gc exposed, workers run no collections (and nothing fails)", async () => {
  const pool = new WorkerPool({ size: 1 });
  try {
    const large = await compile(fillChainBytes(1), "fill-once");
    await pool.run(runJob(large));
    await pool.run(runJob(await compile(quickBytes(), "quick")));
    assert.equal(pool.fullCollections, 0);
  } finally {
    pool.close();
  }
});

Deno.test("a codec worker that never answers fails decoding after its answer timeout", async () => {
  const silent = `data:text/javascript,${encodeURIComponent("self.onmessage = () => {};")}`;
  using codecs = new CodecPool({ size: 1, scriptUrl: silent, answerTimeoutMs: 300 });
  await assert.rejects(within(10_000, codecs.decode(new Uint8Array(8))), {
    name: "QipError",
    message: "Error decoding image file: codec worker did not answer within 300 ms",
  });
});
