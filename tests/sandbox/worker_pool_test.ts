import assert from "node:assert/strict";
import process from "node:process";
import { loadStages } from "../../src/host/mod.ts";
import { type CompiledStage, DEFAULT_LIMITS, WorkerPool } from "../../src/sandbox/mod.ts";
import { REPO_ROOT } from "../support/run_qip.ts";

const TIME_LIMIT = "Wasm module exceeded the execution time limit (100ms)";
const encoder = new TextEncoder();

async function load(path: string): Promise<CompiledStage> {
  const [stage] = await loadStages([`${REPO_ROOT}/${path}`], { limits: DEFAULT_LIMITS });
  assert.ok(stage !== undefined);
  return stage;
}

function runRequest(stage: CompiledStage, input: string) {
  return {
    module: stage.module,
    layout: stage.layout,
    contract: "run" as const,
    input: encoder.encode(input),
    timeLimitMs: 100,
    fuel: undefined,
  };
}

function cpuMsDuring(windowMs: number): Promise<number> {
  const before = process.cpuUsage();
  return new Promise((resolve) =>
    setTimeout(() => {
      const used = process.cpuUsage(before);
      resolve((used.user + used.system) / 1000);
    }, windowMs)
  );
}

Deno.test("WorkerPool.run() stops a spinning module and its thread goes idle (infinite-loop.wasm)", async () => {
  const pool = new WorkerPool({ size: 1 });
  try {
    const spinner = await load("examples/infinite-loop.wasm");
    await assert.rejects(pool.run(runRequest(spinner, "x"), AbortSignal.timeout(100)), {
      name: "QipError",
      message: TIME_LIMIT,
    });
    // A worker still spinning would burn a whole core: ~500 ms of CPU in this window.
    const cpuMs = await cpuMsDuring(500);
    assert.ok(
      cpuMs < 150,
      `the process used ${cpuMs.toFixed(0)} ms of CPU in the 500 ms after the timeout`,
    );
    // The same worker is reusable at once.
    const hello = await load("examples/hello.wasm");
    const { output } = await pool.run(runRequest(hello, "again"));
    assert.equal(output.kind, "bytes");
    assert.equal(output.kind === "bytes" && new TextDecoder().decode(output.bytes), "Hello, again");
  } finally {
    pool.close();
  }
});

Deno.test("WorkerPool.run() stops a runaway start function before instantiation completes", async () => {
  const pool = new WorkerPool({ size: 1 });
  try {
    const stage = await load("fixtures/modules/runaway-start-section.wasm");
    await assert.rejects(pool.run(runRequest(stage, ""), AbortSignal.timeout(100)), {
      name: "QipError",
      message: `Wasm module could not be instantiated: start function: ${TIME_LIMIT}`,
    });
    const cpuMs = await cpuMsDuring(500);
    assert.ok(cpuMs < 150, `the process used ${cpuMs.toFixed(0)} ms of CPU after the timeout`);
  } finally {
    pool.close();
  }
});

Deno.test("WorkerPool.run() never starts a job whose signal has already aborted", async () => {
  const pool = new WorkerPool({ size: 1 });
  try {
    const hello = await load("examples/hello.wasm");
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(pool.run(runRequest(hello, "x"), controller.signal), {
      message: TIME_LIMIT,
    });
  } finally {
    pool.close();
  }
});

Deno.test("WorkerPool.run() queues jobs beyond its size and runs them all", async () => {
  const pool = new WorkerPool({ size: 2 });
  try {
    const hello = await load("examples/hello.wasm");
    const names = ["a", "b", "c", "d", "e"];
    const outputs = await Promise.all(names.map((name) => pool.run(runRequest(hello, name))));
    assert.deepEqual(
      outputs.map(({ output }) =>
        output.kind === "bytes" ? new TextDecoder().decode(output.bytes) : ""
      ),
      names.map((name) => `Hello, ${name}`),
    );
  } finally {
    pool.close();
  }
});

Deno.test("WorkerPool refuses a size below one", () => {
  assert.throws(() => new WorkerPool({ size: 0 }), {
    name: "RangeError",
    message: "Cannot create a worker pool of 0 workers: size must be >= 1",
  });
});

Deno.test("WorkerPool is disposable: leaving a `using` scope closes its workers", async () => {
  const stage =
    (await loadStages([`${REPO_ROOT}/examples/hello.wasm`], { limits: DEFAULT_LIMITS }))[0]!;
  let escaped: WorkerPool;
  {
    using pool = new WorkerPool({ size: 1 });
    escaped = pool;
    await pool.ready();
  }
  const job = {
    module: stage.module,
    layout: stage.layout,
    contract: "run",
    timeLimitMs: 100,
  } as const;
  await assert.rejects(
    escaped.run({ ...job, input: new Uint8Array(0), fuel: undefined }),
    /worker pool is closed/,
  );
});
