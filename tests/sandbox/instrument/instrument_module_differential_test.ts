/**
 * Differential tests: each module, built from WAT (or by hand where wabt cannot), computes
 * the same results before and after instrumentation, and the rewrite validates in V8.
 */

import assert from "node:assert/strict";
import { instrumentModule } from "../../../src/sandbox/instrument/instrument_module.ts";
import { assertSameResults, call } from "./_differential.ts";
import { gcModule, typedFunctionReferencesModule } from "./_gc_modules.ts";
import { watFixture } from "./_wat.ts";

Deno.test("instrumentModule() keeps MVP results (mvp.wat)", () => {
  const results = assertSameResults(watFixture("mvp.wat"), (exports) => [
    call(exports, "apply", 0, 7, 5),
    call(exports, "apply", 1, 7, 5),
    call(exports, "apply", 2, 7, 5),
    call(exports, "fib", 20),
    call(exports, "sum_bytes", 16, 8),
    call(exports, "counter"),
    [0, 1, 2, 3, 9].map((n) => call(exports, "classify", n)),
    call(exports, "floats", 10),
    call(exports, "bits", 0x123456789abcdefn),
    call(exports, "store_load", 0x1ff),
    call(exports, "grow"),
    call(exports, "nested", 30),
    call(exports, "select", 0),
  ]);
  assert.equal((results as unknown[])[3], 6765);
  assert.equal((results as unknown[])[4], 36n);
});

Deno.test("instrumentModule() keeps sign-extension and saturating results (numeric_extensions.wat)", () => {
  assertSameResults(watFixture("numeric_extensions.wat"), (exports) => [
    [0x80, 0x7fff, 0xffff8000, 12345].map((x) => call(exports, "extend", x)),
    [1e20, -1e20, NaN, 3.7, -3.7].map((x) => call(exports, "saturate", x)),
  ]);
});

Deno.test("instrumentModule() keeps bulk memory and table results (bulk_memory.wat)", () => {
  const results = assertSameResults(watFixture("bulk_memory.wat"), (exports) => [
    call(exports, "memory"),
    call(exports, "table"),
  ]);
  assert.deepEqual(results, ["o".charCodeAt(0) + 7, 1 + 3 + 6]);
});

Deno.test("instrumentModule() keeps SIMD and relaxed SIMD results (simd.wat)", () => {
  assertSameResults(
    watFixture("simd.wat"),
    (exports) => [
      call(exports, "lanes"),
      call(exports, "arith"),
      call(exports, "wide"),
      call(exports, "splat_loads"),
      call(exports, "relaxed"),
    ],
    {},
    { deterministic: false },
  ); // deterministic mode refuses relaxed SIMD
});

Deno.test("instrumentModule() keeps atomic results on a shared memory (atomics.wat)", () => {
  const results = assertSameResults(watFixture("atomics.wat"), (exports) => [
    call(exports, "atomics"),
  ]);
  assert.deepEqual(results, [BigInt(42 + 5 + 1001 + 200)]);
});

Deno.test("instrumentModule() keeps reference type results (reference_types.wat)", () => {
  const thing = { name: "thing" };
  assertSameResults(watFixture("reference_types.wat"), (exports) => [
    call(exports, "keep", thing),
    call(exports, "pick", 1, thing, null) === thing,
    call(exports, "pick", 0, thing, null),
  ]);
});

Deno.test("instrumentModule() keeps multi-value results, including loops with parameters (multi_value.wat)", () => {
  const results = assertSameResults(watFixture("multi_value.wat"), (exports) => [
    call(exports, "divmod", 17, 5),
    call(exports, "swap_sum", 10),
    call(exports, "loop_params", 10),
    call(exports, "loop_pair", 10),
  ]);
  assert.deepEqual((results as unknown[]).slice(0, 3), [[3, 2], 10 + 3 + 3 + 2, 55]);
});

Deno.test("instrumentModule() keeps tail calls constant in stack depth (tail_calls.wat)", () => {
  const results = assertSameResults(watFixture("tail_calls.wat"), (exports) => [
    call(exports, "count", 1_000_000n),
  ]);
  assert.deepEqual(results, [1_500_000n]);
});

Deno.test("instrumentModule() keeps legacy exception handling results (exceptions_legacy.wat)", () => {
  const results = assertSameResults(watFixture("exceptions_legacy.wat"), (exports) => [
    [5, 11, -1].map((x) => call(exports, "legacy", x)),
    call(exports, "loop_in_try", 5),
    call(exports, "loop_in_try", 50),
  ]);
  assert.deepEqual(results, [[1, 1011, -1], 5, 11]);
});

Deno.test("instrumentModule() keeps try_table and exnref results (exceptions.wat)", () => {
  const results = assertSameResults(watFixture("exceptions.wat"), (exports) => [
    [5, 11, -1].map((x) => call(exports, "modern", x)),
  ]);
  // 11: catch_ref gives 511, then rethrow_all rethrows boom(11), which `modern` catches.
  assert.deepEqual(results, [[3, 11, -7]]);
});

Deno.test("instrumentModule() keeps multi-memory results (multi_memory.wat)", () => {
  const results = assertSameResults(watFixture("multi_memory.wat"), (exports) => [
    call(exports, "copy_between", 0x01020304),
  ]);
  assert.deepEqual(results, [0x01020304 + 9 + 2 + 2]);
});

Deno.test("instrumentModule() keeps memory64 results (memory64.wat)", () => {
  const results = assertSameResults(watFixture("memory64.wat"), (exports) => [
    call(exports, "wide_addresses", 77n),
  ]);
  assert.deepEqual(results, [77n + 1n + 1n]);
});

Deno.test("instrumentModule() keeps extended constant expressions (extended_const.wat)", () => {
  const results = assertSameResults(watFixture("extended_const.wat"), (exports) => [
    call(exports, "consts"),
  ]);
  assert.deepEqual(results, [112n + 42n + 7n]);
});

Deno.test("instrumentModule() refuses struct and array types: their heap is outside the memory policy", () => {
  const bytes = gcModule();
  assert.ok(WebAssembly.validate(bytes), "V8 runs the module as it is");
  assert.throws(() => instrumentModule(bytes, { memoryLimitPages: 16, fuel: false }), {
    specMessage: "Wasm module exceeds the memory limit",
    detail: "type 0 is a struct type: GC heap objects are outside the memory limit and are refused",
  });
});

Deno.test("instrumentModule() keeps typed function reference results (call_ref, br_on_null)", () => {
  const results = assertSameResults(typedFunctionReferencesModule(), (exports) => [
    call(exports, "run", 10),
  ]);
  assert.deepEqual(results, [59]);
});
