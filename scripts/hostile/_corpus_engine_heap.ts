/**
 * Engine heap bombs: caught exceptions held where no page or element limit counts them
 * (`exnref` globals, tables and chains through tag payloads, legacy `catch` blocks), and their
 * bounded neighbours, which must end in a stack overflow instead of gigabytes. See
 * docs/security-model.md for the argument per reference type.
 *
 * @module
 */

import { type HostileModule, runModule, STAGE } from "./_hostile_module.ts";

const POLICY = `Wasm module exceeds the memory limit: ${STAGE}`;
const HELD = "caught exceptions held there are outside the memory limit and are refused";
/** The bounded neighbours do real work until the stack overflows: never a busy machine's 100 ms. */
const PATIENT = ["--timeout-ms", "10000"];

/** `count` zero `v128` values, for a tag payload. */
function v128Zeros(count: number): string {
  return "(v128.const i64x2 0 0) ".repeat(count);
}

export const ENGINE_HEAP_MODULES: readonly HostileModule[] = [
  {
    name: "exnref-chain-in-global",
    does: "keeps every caught exception, each carrying the previous one and 999 v128 values, " +
      "in a mutable exnref global, forever (gigabytes of engine heap, then V8's fatal OOM)",
    build: () =>
      runModule({
        fields: `(tag $link (param exnref) (param ${"v128 ".repeat(999)}))
          (global $head (mut exnref) (ref.null exn))`,
        run: `(loop $grow
            (global.set $head
              (block $caught (result exnref)
                (try_table (catch_all_ref $caught)
                  (throw $link (global.get $head) ${v128Zeros(999)}))
                (unreachable)))
            (br $grow))
          (i32.const 0)`,
      }),
    run: { command: "run", stderr: `${POLICY}: tag 0 carries an exnref: ${HELD}` },
  },
  {
    name: "exnref-chain-in-local",
    does: "the same chain with a one-i32 payload, held in a local instead of a global",
    build: () =>
      runModule({
        fields: "(tag $link (param exnref i32))",
        run: `(local $head exnref)
          (loop $grow
            (local.set $head
              (block $caught (result exnref)
                (try_table (catch_all_ref $caught) (throw $link (local.get $head) (i32.const 1)))
                (unreachable)))
            (br $grow))
          (i32.const 0)`,
      }),
    run: { command: "run", stderr: `${POLICY}: tag 0 carries an exnref: ${HELD}` },
  },
  {
    name: "exnref-globals",
    does: "holds a caught exception in each of 1000 exnref globals",
    build: () =>
      runModule({
        fields: `(tag $boom (param v128))
          ${"(global (mut exnref) (ref.null exn))\n".repeat(1000)}`,
        run: `(global.set 2
            (block $caught (result exnref)
              (try_table (catch_all_ref $caught) (throw $boom ${v128Zeros(1)}))
              (unreachable)))
          (i32.const 0)`,
      }),
    run: { command: "run", stderr: `${POLICY}: global 2 has type exnref: ${HELD}` },
  },
  {
    name: "exnref-table",
    does: "fills a table of 1000000 exnref elements with caught exceptions",
    build: () =>
      runModule({
        fields: `(tag $boom (param v128)) (table $held 1000000 exnref)`,
        run: `(local $at i32)
          (loop $fill
            (table.set $held (local.get $at)
              (block $caught (result exnref)
                (try_table (catch_all_ref $caught) (throw $boom ${v128Zeros(1)}))
                (unreachable)))
            (local.set $at (i32.add (local.get $at) (i32.const 1)))
            (br_if $fill (i32.lt_u (local.get $at) (i32.const 1000000))))
          (i32.const 0)`,
      }),
    run: { command: "run", stderr: `${POLICY}: table 0 holds exnref: ${HELD}` },
  },
  {
    name: "legacy-catch-recursion-16kb-payload",
    does: "recurses inside legacy catch_all blocks, each holding a caught exception of 1000 " +
      "v128 values (2.6 GB at 1 MB of stack)",
    build: () =>
      runModule({
        fields: `(tag $big (param ${"v128 ".repeat(1000)}))
          (func $throw (throw $big ${v128Zeros(1000)}))
          (func $hold (try (do (call $throw)) (catch_all (call $hold))))`,
        run: "(call $hold) (i32.const 0)",
      }),
    run: {
      command: "run",
      stderr: `${POLICY}: tag 0 carries 1000 values (16000 bytes), the limit is 16 bytes per ` +
        "exception",
    },
  },
  {
    name: "tag-payload-over-limit",
    does: "declares a tag of one v128 and one i32: 20 bytes, 4 over the tag payload limit",
    build: () => runModule({ fields: "(tag $boom (param v128 i32))", run: "(i32.const 0)" }),
    run: {
      command: "run",
      stderr: `${POLICY}: tag 0 carries 2 values (20 bytes), the limit is 16 bytes per exception`,
    },
  },
  {
    name: "legacy-catch-recursion-at-limit",
    does: "recurses inside legacy catch_all blocks holding exceptions of one v128 (the limit) " +
      "until the stack overflows",
    build: () =>
      runModule({
        fields: `(tag $boom (param v128))
          (func $throw (throw $boom ${v128Zeros(1)}))
          (func $hold (try (do (call $throw)) (catch_all (call $hold))))`,
        run: "(call $hold) (i32.const 0)",
      }),
    run: { command: "run", flags: PATIENT, stderr: `wasm error: stack overflow: ${STAGE}` },
  },
  {
    name: "exnref-local-recursion-at-limit",
    does: "recurses with a caught exception of one v128 (the limit) in an exnref local per " +
      "frame until the stack overflows",
    build: () =>
      runModule({
        fields: `(tag $boom (param v128))
          (func $hold (local $held exnref)
            (local.set $held
              (block $caught (result exnref)
                (try_table (catch_all_ref $caught) (throw $boom ${v128Zeros(1)}))
                (unreachable)))
            (call $hold)
            (throw_ref (local.get $held)))`,
        run: "(call $hold) (i32.const 0)",
      }),
    run: { command: "run", flags: PATIENT, stderr: `wasm error: stack overflow: ${STAGE}` },
  },
];
