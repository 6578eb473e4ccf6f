/**
 * The memory policy for engine heap: what could hold caught exceptions without bound (`exnref`
 * globals and tables, tags carrying an `exnref`, tags above the payload limit) is refused with
 * an exact error; what the stack bounds (`exnref` locals, legacy `catch`) and reference types
 * that hold no heap of their own are accepted and run.
 */

import assert from "node:assert/strict";
import { QipError } from "../../../src/errors.ts";
import { instrumentModule } from "../../../src/sandbox/instrument/instrument_module.ts";
import { wat } from "./_wat.ts";
import {
  ANYREF,
  body,
  exportEntry,
  EXTERNREF,
  FUNCREF,
  funcType,
  I32,
  REF,
  REF_NULL,
  section,
  vec,
  wasmModule,
} from "../../../scripts/wasm_bytes.ts";

const EXN = 0x69;
const NULLEXNREF = 0x74;
const I31REF = 0x6c;
const GC = 0xfb;

const HELD = "caught exceptions held there are outside the memory limit and are refused";

function assertRefused(text: string, detail: string): void {
  assertBytesRefused(wat(text), detail);
}

function assertBytesRefused(bytes: Uint8Array, detail: string): void {
  assert.throws(
    () => instrumentModule(bytes, { memoryLimitPages: 16, fuel: false }),
    (error: unknown) => {
      assert.ok(error instanceof QipError);
      assert.equal(error.kind, "memory_policy");
      assert.equal(error.specMessage, "Wasm module exceeds the memory limit");
      assert.equal(error.detail, detail);
      return true;
    },
  );
}

function instantiate(text: string): Record<string, (...args: number[]) => number> {
  const rewritten = instrumentModule(wat(text), { memoryLimitPages: 16, fuel: false });
  return new WebAssembly.Instance(new WebAssembly.Module(rewritten.bytes)).exports as Record<
    string,
    (...args: number[]) => number
  >;
}

Deno.test("instrumentModule() refuses an exnref global, named past the imported globals", () => {
  assertRefused(
    `(module (import "env" "g" (global i32)) (global i64 (i64.const 0))
      (global (mut exnref) (ref.null exn)))`,
    `global 2 has type exnref: ${HELD}`,
  );
});

Deno.test("instrumentModule() refuses (ref null exn) and (ref exn) globals, and imported exnref globals", () => {
  for (const prefix of [REF_NULL, REF]) {
    // wabt cannot write these forms: (global (mut (ref null exn)) (ref.null exn)).
    const bytes = wasmModule(section(6, vec([[prefix, EXN, 1, 0xd0, EXN, 0x0b]])));
    assertBytesRefused(bytes, `global 0 has type exnref: ${HELD}`);
  }
  assertRefused(`(module (import "env" "e" (global exnref)))`, `global 0 has type exnref: ${HELD}`);
});

Deno.test("instrumentModule() refuses an exnref table, defined or imported", () => {
  assertRefused(
    `(module (table 1 funcref) (table 10 exnref))`,
    `table 1 holds exnref: ${HELD}`,
  );
  assertRefused(`(module (import "env" "t" (table 1 exnref)))`, `table 0 holds exnref: ${HELD}`);
});

Deno.test("instrumentModule() refuses a tag whose exceptions carry an exnref (a chain)", () => {
  assertRefused(
    `(module (tag $ok) (tag $link (param exnref i32)))`,
    `tag 1 carries an exnref: ${HELD}`,
  );
});

Deno.test("instrumentModule() refuses a tag above 16 bytes, named past the imported tags", () => {
  assertRefused(
    `(module (import "env" "t" (tag (param i32))) (tag (param v128 i32)))`,
    "tag 1 carries 2 values (20 bytes), the limit is 16 bytes per exception",
  );
  assertRefused(
    `(module (import "env" "t" (tag (param ${"i32 ".repeat(5)}))))`,
    "tag 0 carries 5 values (20 bytes), the limit is 16 bytes per exception",
  );
});

Deno.test("instrumentModule() accepts tags of exactly 16 bytes, and exnref locals that rethrow", () => {
  const exports = instantiate(`(module
    (tag $v (param v128)) (tag $four (param i32 i32 i32 i32)) (tag $two (param i64 f64))
    (func $throw (param $x i32) (throw $four (local.get $x) (i32.const 2) (i32.const 3) (i32.const 4)))
    (func $held (param $x i32) (local $e exnref)
      (local.set $e
        (block $caught (result exnref)
          (try_table (catch_all_ref $caught) (call $throw (local.get $x)))
          (unreachable)))
      (throw_ref (local.get $e)))
    (func (export "f") (param $x i32) (result i32)
      (block $four_values (result i32 i32 i32 i32)
        (try_table (catch $four $four_values) (call $held (local.get $x)))
        (unreachable))
      (drop) (drop) (drop)))`);
  assert.equal(exports.f!(41), 41);
});

Deno.test("instrumentModule() accepts nullexnref, i31ref, anyref, externref and funcref globals", () => {
  const nullOf = (type: number) => [type, 1, 0xd0, type, 0x0b];
  // (global nullexnref) (global anyref) (global externref) (global funcref)
  // (global $i31 i31ref (ref.i31 (i32.const 7))); f() = (i31.get_s (global.get $i31))
  const bytes = wasmModule(
    section(1, vec([funcType([], [I32])])),
    section(3, vec([[0]])),
    section(
      6,
      vec([
        nullOf(NULLEXNREF),
        nullOf(ANYREF),
        nullOf(EXTERNREF),
        nullOf(FUNCREF),
        [I31REF, 0, 0x41, 7, GC, 0x1c, 0x0b],
      ]),
    ),
    section(7, vec([exportEntry("f", 0, 0)])),
    section(10, vec([body([], [0x23, 4, GC, 0x1d, 0x0b])])),
  );
  const rewritten = instrumentModule(bytes, { memoryLimitPages: 16, fuel: false });
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(rewritten.bytes));
  assert.equal((exports.f as () => number)(), 7);
});

Deno.test("instrumentModule() lets legacy catch blocks hold exceptions at the limit until the stack overflows", () => {
  const exports = instantiate(`(module
    (tag $boom (param v128))
    (func $throw (throw $boom (v128.const i64x2 0 0)))
    (func $hold (export "hold") (try (do (call $throw)) (catch_all (call $hold)))))`);
  assert.throws(() => exports.hold!(), RangeError);
});
