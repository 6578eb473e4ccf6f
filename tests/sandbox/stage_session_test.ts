import assert from "node:assert/strict";
import type { FormPrompt } from "../../src/contracts/mod.ts";
import { loadStages } from "../../src/host/mod.ts";
import { type CompiledStage, DEFAULT_LIMITS, WorkerPool } from "../../src/sandbox/mod.ts";
import { REPO_ROOT } from "../support/run_qip.ts";

const encoder = new TextEncoder();

async function load(path: string): Promise<CompiledStage> {
  const [stage] = await loadStages([`${REPO_ROOT}/${path}`], { limits: DEFAULT_LIMITS });
  assert.ok(stage !== undefined);
  return stage;
}

function formSession(stage: CompiledStage) {
  return {
    module: stage.module,
    layout: stage.layout,
    contract: "form" as const,
    timeLimitMs: 100,
    fuel: undefined,
  };
}

Deno.test("WorkerPool.openSession() keeps one instance across calls (form-email-message.wasm)", async () => {
  const pool = new WorkerPool({ size: 1 });
  try {
    using session = await pool.openSession(
      formSession(await load("examples/form-email-message.wasm")),
    );
    assert.deepEqual(
      await session.call({ op: "prompt" }),
      {
        error: "",
        key: "first_name",
        label: "First name",
      } satisfies FormPrompt,
    );
    await session.call({ op: "answer", value: encoder.encode("Ada") });
    // The instance remembers the first answer: the form moved on.
    const second = await session.call({ op: "prompt" }) as FormPrompt;
    assert.equal(second.key, "email");
    await session.call({ op: "answer", value: encoder.encode("not-an-email") });
    assert.equal(
      (await session.call({ op: "prompt" }) as FormPrompt).error,
      "Email address is invalid.",
    );
    const size = await session.call({
      op: "answer",
      value: encoder.encode("ada@example.com"),
    }) as number;
    assert.equal((await session.call({ op: "prompt" }) as FormPrompt).key, "");
    const output = await session.call({ op: "output", size }) as string;
    assert.ok(
      output.startsWith('From: no-reply@example.com\nTo: "Ada" <ada@example.com>\n'),
      output,
    );
  } finally {
    pool.close();
  }
});

Deno.test("WorkerPool.openSession() refuses a module that is not a form (hello.wasm)", async () => {
  const pool = new WorkerPool({ size: 1 });
  try {
    await assert.rejects(pool.openSession(formSession(await load("examples/hello.wasm"))), {
      name: "QipError",
      message: "Wasm module must export input_ptr as a function", // forms take functions only
    });
  } finally {
    pool.close();
  }
});

Deno.test("StageSession.call() is interrupted by the session's signal, for good (form-runaway-run.wasm)", async () => {
  const pool = new WorkerPool({ size: 1 });
  try {
    const controller = new AbortController();
    using session = await pool.openSession(
      formSession(await load("fixtures/modules/form-runaway-run.wasm")),
      controller.signal,
    );
    assert.equal((await session.call({ op: "prompt" }) as FormPrompt).label, "Name");
    const answer = session.call({ op: "answer", value: encoder.encode("x") });
    setTimeout(() => controller.abort(), 50);
    // The form contract names the export that was running.
    await assert.rejects(answer, {
      message: "Error running run: Wasm module exceeded the execution time limit (100ms)",
    });
    // A call that would start after the interruption never reaches the module.
    await assert.rejects(session.call({ op: "prompt" }), {
      message: "Wasm module exceeded the execution time limit (100ms)",
    });
    // The worker is free again for other work.
    const hello = await load("examples/hello.wasm");
    const { output } = await pool.run({
      module: hello.module,
      layout: hello.layout,
      contract: "run",
      input: encoder.encode("again"),
      timeLimitMs: 100,
      fuel: undefined,
    });
    assert.equal(output.kind === "bytes" && new TextDecoder().decode(output.bytes), "Hello, again");
  } finally {
    pool.close();
  }
});

Deno.test("WorkerPool.openSession() places a session on the worker it is asked for", async () => {
  const pool = new WorkerPool({ size: 2 });
  try {
    const stage = await load("examples/form-email-message.wasm");
    using first = await pool.openSession({ ...formSession(stage), workerIndex: 1 });
    assert.equal((await first.call({ op: "prompt" }) as FormPrompt).key, "first_name");
    await assert.rejects(pool.openSession({ ...formSession(stage), workerIndex: 2 }), {
      name: "RangeError",
      message: "Cannot open a session on worker 2: the pool has 2",
    });
  } finally {
    pool.close();
  }
});

Deno.test("a form session's calls resolve to the types the form contract declares for them", async () => {
  using pool = new WorkerPool({ size: 1 });
  using session = await pool.openSession(
    formSession(await load("examples/form-email-message.wasm")),
  );
  const prompt: FormPrompt = await session.call({ op: "prompt" });
  assert.equal(prompt.key, "first_name");
  const ran: number = await session.call({ op: "answer", value: encoder.encode("Ada") });
  assert.equal(typeof ran, "number");
  // @ts-expect-error: the form contract has no such call, so the checker refuses it.
  await assert.rejects(session.call({ op: "tiles" }), /no session call tiles/);
});
