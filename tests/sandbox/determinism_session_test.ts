/**
 * Deterministic mode in a real worker session: a call that hits the call depth limit fails with
 * qip's message, and the same instance's next call starts from depth 0 again.
 */
import assert from "node:assert/strict";
import { compileStage, WorkerPool } from "../../src/sandbox/mod.ts";
import { wat } from "./instrument/_wat.ts";

/** A form module whose `run` recurses `size × 10,000` frames deep. */
const DEEP_FORM = wat(`(module
  (memory (export "memory") 1)
  (func (export "input_ptr") (result i32) (i32.const 0))
  (func (export "input_utf8_cap") (result i32) (i32.const 64))
  (func (export "output_ptr") (result i32) (i32.const 1024))
  (func (export "output_utf8_cap") (result i32) (i32.const 64))
  (func (export "input_key_ptr") (result i32) (i32.const 0))
  (func (export "input_key_size") (result i32) (i32.const 0))
  (func (export "input_label_ptr") (result i32) (i32.const 0))
  (func (export "input_label_size") (result i32) (i32.const 0))
  (func (export "error_message_ptr") (result i32) (i32.const 0))
  (func (export "error_message_size") (result i32) (i32.const 0))
  (func $down (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n)) (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $down (i32.sub (local.get $n) (i32.const 1)))))))
  (func (export "run") (param $size i32) (result i32)
    (call $down (i32.mul (local.get $size) (i32.const 10000)))))`);

Deno.test("a session call past the call depth limit fails, and the next call starts from 0", async () => {
  const stage = await compileStage(DEEP_FORM, { source: "deep-form.wasm", digest: "" }, {
    memoryLimitPages: 16,
    fuel: false,
    deterministic: true,
  });
  const pool = new WorkerPool({ size: 1 });
  try {
    using session = await pool.openSession({
      module: stage.module,
      layout: stage.layout,
      contract: "form",
      timeLimitMs: 5000,
      fuel: undefined,
    });
    for (let round = 0; round < 3; round++) {
      await assert.rejects(
        session.call({ op: "answer", value: new TextEncoder().encode("x") }),
        { message: /^Wasm module exceeded the call depth limit \(10000 frame units\)/ },
      );
      // Without the reset, the depth left by the trap would stop this call at its entry.
      assert.equal(await session.call({ op: "runEmpty" }), 0);
    }
  } finally {
    pool.close();
  }
});
