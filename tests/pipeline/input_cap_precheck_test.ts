/**
 * The first stage's input cap is checked before the chain's clock starts, without a worker,
 * when the module's bytes settle it (issue 12, item 7); otherwise the contract checks it in the
 * worker as before, in the spec's order. A closed pool proves which: the precheck answers
 * without one, the contract cannot.
 */
import assert from "node:assert/strict";
import { loadStages } from "../../src/host/mod.ts";
import { runPipeline } from "../../src/pipeline/mod.ts";
import { DEFAULT_LIMITS, WorkerPool } from "../../src/sandbox/mod.ts";
import { withTempDir } from "../support/temp_dir.ts";
import { wat } from "../sandbox/instrument/_wat.ts";

/** A run stage; `cap` is the input cap export's definition, `extra` more module fields. */
function module(cap: string, extra = ""): Uint8Array {
  return wat(`(module
    (memory (export "memory") 1)
    (global (export "input_ptr") i32 (i32.const 0))
    ${cap}
    (func (export "run") (param i32) (result i32) (local.get 0))
    ${extra})`);
}

async function runOn(wasm: Uint8Array, inputBytes: number, pool: WorkerPool): Promise<unknown> {
  return await withTempDir(async (dir) => {
    await Deno.writeFile(`${dir}/m.wasm`, wasm);
    const stages = await loadStages([`${dir}/m.wasm`], { limits: DEFAULT_LIMITS });
    try {
      await runPipeline({
        stages,
        input: new Uint8Array(inputBytes),
        limits: DEFAULT_LIMITS,
        pool,
      });
      return "ran";
    } catch (error) {
      return error instanceof Error ? error.message.replace(`${dir}/`, "") : error;
    }
  });
}

function closedPool(): WorkerPool {
  const pool = new WorkerPool({ size: 1 });
  pool.close();
  return pool;
}

Deno.test("a constant input cap is checked before any worker runs", async () => {
  const wasm = module(`(global (export "input_bytes_cap") i32 (i32.const 16))`);
  assert.equal(
    await runOn(wasm, 17, closedPool()),
    "Input is too large: stage 0 (m.wasm): 17 bytes, input_bytes_cap is 16",
  );
});

Deno.test("an input that fits goes on to the worker", async () => {
  const wasm = module(`(global (export "input_bytes_cap") i32 (i32.const 16))`);
  assert.equal(await runOn(wasm, 16, closedPool()), "worker pool is closed");
});

for (
  const [name, cap, extra] of [
    [
      "a cap read by calling a function",
      `(func (export "input_bytes_cap") (result i32) (i32.const 16))`,
      "",
    ],
    [
      "a start function, which runs first",
      `(global (export "input_bytes_cap") i32 (i32.const 16))`,
      "(start 1) (func)",
    ],
    [
      "a cap computed from another global",
      `(global $c i32 (i32.const 16)) (global (export "input_bytes_cap") i32 (global.get $c))`,
      "",
    ],
  ] as const
) {
  Deno.test(`${name} is left to the contract, in the worker`, async () => {
    assert.equal(await runOn(module(cap, extra), 17, closedPool()), "worker pool is closed");
    const pool = new WorkerPool({ size: 1 });
    try {
      assert.equal(
        await runOn(module(cap, extra), 17, pool),
        "Input is too large: stage 0 (m.wasm): 17 bytes, input_bytes_cap is 16",
      );
    } finally {
      pool.close();
    }
  });
}
