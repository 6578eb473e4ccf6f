/**
 * Deterministic mode, one test per nondeterminism class: NaN bits (one module per way a NaN's
 * bits can escape, each producing a non-canonical NaN without the mode), relaxed SIMD, and the
 * call depth (the same depth every time, tail calls, branches out of the function, exceptions).
 */

import assert from "node:assert/strict";
import {
  DEFAULT_MAX_CALL_DEPTH,
  instrumentModule,
} from "../../../src/sandbox/instrument/instrument_module.ts";
import { wat } from "./_wat.ts";

const CANONICAL_F32 = 0x7fc00000;
const CANONICAL_F64 = 0x7ff8000000000000n;
/** A quiet f32 NaN with a payload: engines propagate it through arithmetic. */
const F32_PAYLOAD = "0x7fc12345";
/** A signalling f32 NaN with a payload (quieted by arithmetic, payload kept). */
const F32_SIGNALLING = "0x7f812345";
const F64_PAYLOAD = "0x7ffa345678000000";

type Exports = Record<string, CallableFunction | WebAssembly.Global | WebAssembly.Memory>;

function instantiate(bytes: Uint8Array, deterministic: boolean, maxCallDepth?: number) {
  const rewritten = instrumentModule(bytes, {
    memoryLimitPages: 16,
    fuel: false,
    deterministic,
    maxCallDepth,
  });
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(rewritten.bytes));
  return { exports: exports as Exports, rewritten };
}

/**
 * Each export returns the bits of a NaN some float instruction produced, escaping one way:
 * reinterpret, store, global, function result, lane extract, v128 store, copysign, a chain.
 */
const NAN_ESCAPES = wat(`(module
  (memory (export "memory") 1)
  (global $g (mut f32) (f32.const 0))
  (func $payload32 (result f32) (f32.reinterpret_i32 (i32.const ${F32_PAYLOAD})))
  (func $signalling32 (result f32) (f32.reinterpret_i32 (i32.const ${F32_SIGNALLING})))
  (func $payload64 (result f64) (f64.reinterpret_i64 (i64.const ${F64_PAYLOAD})))
  (func $sum (result f32) (f32.add (call $payload32) (f32.const 1)))
  (func (export "reinterpret_add") (result i32) (i32.reinterpret_f32 (call $sum)))
  (func (export "reinterpret_signalling") (result i32)
    (i32.reinterpret_f32 (f32.mul (call $signalling32) (f32.const 2))))
  (func (export "store_f64") (result i64)
    (f64.store (i32.const 64) (f64.div (call $payload64) (f64.const 3)))
    (i64.load (i32.const 64)))
  (func (export "global") (result i32)
    (global.set $g (f32.sub (call $payload32) (f32.const 1)))
    (i32.reinterpret_f32 (global.get $g)))
  (func (export "result") (result i32) (i32.reinterpret_f32 (call $sum)))
  (func (export "min") (result i32)
    (i32.reinterpret_f32 (f32.min (call $payload32) (f32.const 1))))
  (func (export "max64") (result i64)
    (i64.reinterpret_f64 (f64.max (f64.const 1) (call $payload64))))
  (func (export "ceil") (result i32) (i32.reinterpret_f32 (f32.ceil (call $payload32))))
  (func (export "demote") (result i32) (i32.reinterpret_f32 (f32.demote_f64 (call $payload64))))
  (func (export "promote") (result i64)
    (i64.reinterpret_f64 (f64.promote_f32 (call $payload32))))
  (func (export "copysign") (result i32)
    (i32.reinterpret_f32 (f32.copysign (f32.add (call $payload32) (f32.const 1)) (f32.const 1))))
  (func (export "chain") (result i32)
    (i32.reinterpret_f32
      (f32.sqrt (f32.mul (f32.add (call $payload32) (f32.const 1)) (f32.const 2)))))
  (func (export "lane_f32x4") (result i32)
    (i32.reinterpret_f32 (f32x4.extract_lane 2
      (f32x4.add (f32x4.splat (call $payload32)) (f32x4.splat (f32.const 1))))))
  (func (export "store_f32x4") (result i32)
    (v128.store (i32.const 128)
      (f32x4.mul (f32x4.splat (call $payload32)) (f32x4.splat (f32.const 1))))
    (i32.load (i32.const 132)))
  (func (export "lane_f64x2") (result i64)
    (i64.reinterpret_f64 (f64x2.extract_lane 1
      (f64x2.sub (f64x2.splat (call $payload64)) (f64x2.splat (f64.const 1))))))
  (func (export "bitselect_f64x2") (result i64)
    (i64x2.extract_lane 0 (v128.bitselect
      (f64x2.min (f64x2.splat (call $payload64)) (f64x2.splat (f64.const 1)))
      (v128.const i64x2 0 0)
      (v128.const i64x2 -1 -1))))
  (func (export "promote_f32x4") (result i64)
    (i64x2.extract_lane 0 (f64x2.promote_low_f32x4 (f32x4.splat (call $payload32)))))
  (func (export "demote_f64x2") (result i32)
    (i32x4.extract_lane 1 (f32x4.demote_f64x2_zero (f64x2.splat (call $payload64)))))
)`);

const F32_ESCAPES = [
  "reinterpret_add",
  "reinterpret_signalling",
  "global",
  "result",
  "min",
  "ceil",
  "demote",
  "copysign",
  "chain",
  "lane_f32x4",
  "store_f32x4",
  "demote_f64x2",
];
const F64_ESCAPES = [
  "store_f64",
  "max64",
  "promote",
  "lane_f64x2",
  "bitselect_f64x2",
  "promote_f32x4",
];

Deno.test("deterministic mode: every way a NaN's bits escape gives the canonical NaN", () => {
  const plain = instantiate(NAN_ESCAPES, false).exports;
  const deterministic = instantiate(NAN_ESCAPES, true).exports;
  for (const name of F32_ESCAPES) {
    const without = (plain[name] as () => number)() >>> 0;
    const withMode = (deterministic[name] as () => number)() >>> 0;
    // Without the mode the payload survives: the test module would catch a missed path.
    assert.notEqual(without, CANONICAL_F32, `${name} without the mode: ${without.toString(16)}`);
    assert.equal(withMode, CANONICAL_F32, `${name}: ${withMode.toString(16)}`);
  }
  for (const name of F64_ESCAPES) {
    const without = BigInt.asUintN(64, (plain[name] as () => bigint)());
    const withMode = BigInt.asUintN(64, (deterministic[name] as () => bigint)());
    assert.notEqual(without, CANONICAL_F64, `${name} without the mode: ${without.toString(16)}`);
    assert.equal(withMode, CANONICAL_F64, `${name}: ${withMode.toString(16)}`);
  }
});

Deno.test("deterministic mode: a NaN the engine makes up (sqrt(-1), 0/0, inf-inf) is canonical", () => {
  const bytes = wat(`(module
    (func (export "sqrt") (result i32) (i32.reinterpret_f32 (f32.sqrt (f32.const -1))))
    (func (export "div") (param f64) (result i64) (i64.reinterpret_f64 (f64.div (local.get 0) (local.get 0))))
    (func (export "sub") (param f32) (result i32) (i32.reinterpret_f32 (f32.sub (local.get 0) (local.get 0)))))`);
  const { exports } = instantiate(bytes, true);
  assert.equal((exports.sqrt as () => number)() >>> 0, CANONICAL_F32);
  assert.equal(BigInt.asUintN(64, (exports.div as (x: number) => bigint)(0)), CANONICAL_F64);
  assert.equal((exports.sub as (x: number) => number)(Infinity) >>> 0, CANONICAL_F32);
});

Deno.test("deterministic mode: numbers and bit operations on NaNs are left as they are", () => {
  const bytes = wat(`(module
    (func (export "add") (param f32 f32) (result f32) (f32.add (local.get 0) (local.get 1)))
    (func (export "neg") (result i32)
      (i32.reinterpret_f32 (f32.neg (f32.reinterpret_i32 (i32.const ${F32_PAYLOAD})))))
    (func (export "load") (result i32)
      (i32.reinterpret_f32 (f32.reinterpret_i32 (i32.const ${F32_SIGNALLING})))))`);
  const { exports } = instantiate(bytes, true);
  assert.equal((exports.add as (a: number, b: number) => number)(0.1, -0), Math.fround(0.1));
  assert.ok(Object.is((exports.add as (a: number, b: number) => number)(-0, -0), -0));
  // Sign-bit operations and moves are exact by the spec: the same bits on every machine.
  assert.equal((exports.neg as () => number)() >>> 0, 0xffc12345);
  assert.equal((exports.load as () => number)() >>> 0, 0x7f812345);
});

Deno.test("deterministic mode refuses relaxed SIMD, naming the instruction and the function", () => {
  const bytes = wat(`(module
    (func (param v128) (result v128) (local.get 0))
    (func (export "madd") (param v128 v128 v128) (result v128)
      (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2))))`);
  instrumentModule(bytes, { memoryLimitPages: 16, fuel: false }); // accepted without the mode
  assert.throws(
    () => instrumentModule(bytes, { memoryLimitPages: 16, fuel: false, deterministic: true }),
    {
      message: "Wasm module could not be compiled: cannot instrument: deterministic mode " +
        "refuses relaxed SIMD: f32x4.relaxed_madd in function 1",
    },
  );
});

/** `down(n)` recurses n times below itself: n + 1 frames of two units (a param, a local). */
const RECURSION = wat(`(module
  (tag $thrown)
  (func $down (export "down") (param $n i32) (result i32) (local $unused i32)
    (if (result i32) (i32.eqz (local.get $n)) (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $down (i32.sub (local.get $n) (i32.const 1)))))))
  (func $tail (export "tail") (param $n i32) (result i32)
    (if (i32.eqz (local.get $n)) (then (return (i32.const 7))))
    (return_call $tail (i32.sub (local.get $n) (i32.const 1))))
  (func $out (export "out") (param $n i32) (result i32)
    (drop (br_if 0 (i32.const 5) (i32.eqz (local.get $n))))
    (call $out (i32.sub (local.get $n) (i32.const 1))))
  (func $throw_at (param $n i32)
    (if (i32.eqz (local.get $n)) (then (throw $thrown)))
    (call $throw_at (i32.sub (local.get $n) (i32.const 1))))
  (func (export "catch_deep") (param $times i32) (param $n i32) (result i32)
    (loop $again
      (block $caught (try_table (catch $thrown $caught) (call $throw_at (local.get $n))))
      (br_if $again (local.tee $times (i32.sub (local.get $times) (i32.const 1)))))
    (call $down (i32.const 10))))`);

function depthOf(exports: Exports, rewritten: { depthGlobalExport: string | undefined }) {
  return (exports[rewritten.depthGlobalExport!] as WebAssembly.Global).value as number;
}

Deno.test("deterministic mode: recursion stops at the same depth every time", () => {
  const { exports, rewritten } = instantiate(RECURSION, true, 100);
  const down = exports.down as (n: number) => number;
  // 50 frames of 2 units fill the 100 units: down(49) is 50 frames, down(50) one too many.
  for (let round = 0; round < 3; round++) {
    assert.equal(down(49), 49);
    assert.equal(depthOf(exports, rewritten), 0);
    assert.throws(() => down(50), WebAssembly.RuntimeError);
    assert.equal(depthOf(exports, rewritten), 102, "a trap leaves the depth above the limit");
    (exports[rewritten.depthGlobalExport!] as WebAssembly.Global).value = 0; // as the host does
  }
});

Deno.test("deterministic mode: the default limit is reached before V8's stack limit", () => {
  const { exports, rewritten } = instantiate(RECURSION, true);
  assert.equal(rewritten.maxCallDepth, DEFAULT_MAX_CALL_DEPTH);
  const down = exports.down as (n: number) => number;
  assert.equal(down(DEFAULT_MAX_CALL_DEPTH / 2 - 1), DEFAULT_MAX_CALL_DEPTH / 2 - 1);
  assert.throws(() => down(DEFAULT_MAX_CALL_DEPTH / 2), WebAssembly.RuntimeError);
  assert.ok(depthOf(exports, rewritten) > DEFAULT_MAX_CALL_DEPTH, "the counted limit trapped");
});

Deno.test("deterministic mode: tail calls and branches out of a function keep the depth", () => {
  const { exports, rewritten } = instantiate(RECURSION, true, 100);
  assert.equal((exports.tail as (n: number) => number)(100_000), 7);
  assert.equal(depthOf(exports, rewritten), 0);
  assert.equal((exports.out as (n: number) => number)(40), 5);
  assert.equal(depthOf(exports, rewritten), 0);
});

Deno.test("deterministic mode: a caught exception gives back the depth of the frames it unwound", () => {
  const { exports, rewritten } = instantiate(RECURSION, true, 100);
  // 1000 throws from 41 frames (82 units) deep: without the reset the depth would pass 100 on
  // the second.
  assert.equal((exports.catch_deep as (times: number, n: number) => number)(1000, 40), 10);
  assert.equal(depthOf(exports, rewritten), 0);
});

Deno.test("without deterministic mode the rewrite adds no depth global", () => {
  const { rewritten } = instantiate(RECURSION, false);
  assert.equal(rewritten.depthGlobalExport, undefined);
  assert.equal(rewritten.maxCallDepth, undefined);
});
