/**
 * Runaway code: loops and recursion that never end on their own, wherever a module can put
 * them. Each must stop at the time limit (or the fuel limit) and give its core back.
 *
 * @module
 */

import {
  type HostileModule,
  runModule,
  STAGE,
  TIME_LIMIT,
  TIME_LIMIT_IN_STAGE,
} from "./_hostile_module.ts";

const INSTANTIATE = `Wasm module could not be instantiated: ${STAGE}`;
const COMPILE = `Wasm module could not be compiled: ${STAGE}`;
const SPIN = "(loop $spin (br $spin))";
/** For modules that fail by themselves: the verdict must not depend on a busy machine's 100 ms. */
const PATIENT = ["--timeout-ms", "10000"];

export const RUNAWAY_MODULES: readonly HostileModule[] = [
  {
    name: "loop-in-run",
    does: "spins in a tight `loop` inside `run`",
    build: () => runModule({ run: `${SPIN} (i32.const 0)` }),
    run: { command: "run", stdinBytes: 1, stderr: TIME_LIMIT_IN_STAGE, runaway: true },
  },
  {
    name: "loop-in-start-section",
    does: "spins in the function named by the start section, before any export is read",
    build: () =>
      runModule({ fields: `(func $start ${SPIN}) (start $start)`, run: "(i32.const 0)" }),
    run: {
      command: "run",
      stderr: `${INSTANTIATE}: start function: ${TIME_LIMIT}`,
      runaway: true,
    },
  },
  {
    name: "loop-in-start-export",
    does: "spins in an exported `_start`, which the host calls at instantiation",
    build: () => runModule({ fields: `(func (export "_start") ${SPIN})`, run: "(i32.const 0)" }),
    run: { command: "run", stderr: `${INSTANTIATE}: _start: ${TIME_LIMIT}`, runaway: true },
  },
  {
    name: "loop-in-nested-call",
    does: "`run` calls a, a calls b, b calls c, and c spins",
    build: () =>
      runModule({
        fields: `(func $c ${SPIN}) (func $b (call $c)) (func $a (call $b))`,
        run: "(call $a) (i32.const 0)",
      }),
    run: { command: "run", stderr: TIME_LIMIT_IN_STAGE, runaway: true },
  },
  {
    name: "mutual-tail-recursion",
    does: "two functions tail-call each other forever: no loop, and the stack never grows",
    build: () =>
      runModule({
        fields: `(func $even (param i32) (result i32) (return_call $odd (local.get 0)))
          (func $odd (param i32) (result i32) (return_call $even (local.get 0)))`,
        run: "(call $even (local.get $n))",
      }),
    run: { command: "run", stderr: TIME_LIMIT_IN_STAGE, runaway: true },
  },
  {
    name: "mutual-wide-recursion",
    does: "f(n) = g(n-1) + g(n-1), g(n) = f(n-1) + f(n-1) from n = 64: shallow, but 2^64 calls",
    build: () =>
      runModule({
        fields: `(func $f (param i32) (result i32)
            (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1))
              (else (i32.add (call $g (i32.sub (local.get 0) (i32.const 1)))
                             (call $g (i32.sub (local.get 0) (i32.const 1)))))))
          (func $g (param i32) (result i32)
            (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1))
              (else (i32.add (call $f (i32.sub (local.get 0) (i32.const 1)))
                             (call $f (i32.sub (local.get 0) (i32.const 1)))))))`,
        run: "(call $f (i32.const 64))",
      }),
    run: { command: "run", stderr: TIME_LIMIT_IN_STAGE, runaway: true },
  },
  {
    name: "tail-call-indirect-loop",
    does: "a function calls itself through its table with `return_call_indirect`, forever",
    build: () =>
      runModule({
        fields: `(type $t (func (result i32)))
          (table 1 funcref) (elem (i32.const 0) $self)
          (func $self (type $t) (return_call_indirect (type $t) (i32.const 0)))`,
        run: "(call $self)",
      }),
    run: { command: "run", stderr: TIME_LIMIT_IN_STAGE, runaway: true },
  },
  {
    name: "loop-in-input-ptr",
    does: "the export function `input_ptr` spins; the limit replaces the `input_ptr()` prefix",
    build: () =>
      runModule({
        contract: `(func (export "input_ptr") (result i32) ${SPIN} (i32.const 0))
          (global (export "input_utf8_cap") i32 (i32.const 16))`,
        run: "(i32.const 0)",
      }),
    run: { command: "run", stderr: TIME_LIMIT_IN_STAGE, runaway: true },
  },
  {
    name: "loop-in-output-cap",
    does: "the export function `output_utf8_cap` spins, after `input_ptr` and the input cap",
    build: () =>
      runModule({
        fields: `(global (export "output_ptr") i32 (i32.const 0))
          (func (export "output_utf8_cap") (result i32) ${SPIN} (i32.const 0))`,
        run: "(i32.const 0)",
      }),
    run: { command: "run", stderr: TIME_LIMIT_IN_STAGE, runaway: true },
  },
  {
    name: "br-table-state-machine",
    does: "a state machine whose `br_table` dispatch jumps back to its loop header forever",
    build: () =>
      runModule({
        run: `(local $state i32)
          (loop $next
            (block $c (block $b (block $a
              (br_table $a $b $c (local.get $state)))
              (local.set $state (i32.const 1)) (br $next))
              (local.set $state (i32.const 2)) (br $next))
            (local.set $state (i32.const 0)) (br $next))
          (i32.const 0)`,
      }),
    run: { command: "run", stderr: TIME_LIMIT_IN_STAGE, runaway: true },
  },
  {
    name: "loop-throw-catch",
    does: "throws an exception and catches it in a loop, forever",
    build: () =>
      runModule({
        fields: "(tag $again)",
        run: `(loop $spin
            (block $caught (try_table (catch $again $caught) (throw $again)))
            (br $spin))
          (i32.const 0)`,
      }),
    run: { command: "run", stderr: TIME_LIMIT_IN_STAGE, runaway: true },
  },
  {
    name: "simd-loop",
    does: "spins doing SIMD arithmetic on a v128 local",
    build: () =>
      runModule({
        run: `(local $v v128)
          (loop $spin
            (local.set $v (i32x4.add (local.get $v) (v128.const i32x4 1 2 3 4)))
            (br_if $spin (i32.ne (i32x4.extract_lane 0 (local.get $v)) (i32.const -1))))
          (i32.const 0)`,
      }),
    run: { command: "run", stderr: TIME_LIMIT_IN_STAGE, runaway: true },
  },
  {
    name: "loop-after-memory-grow",
    does: "grows its memory until refused, then spins",
    build: () =>
      runModule({
        run: `(loop $grow (br_if $grow (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
          ${SPIN} (i32.const 0)`,
      }),
    run: {
      command: "run",
      flags: ["--max-memory", "4MiB"],
      stderr: TIME_LIMIT_IN_STAGE,
      runaway: true,
    },
  },
  {
    name: "loop-in-start-nested",
    does: "the start function calls a function that spins in a nested loop",
    build: () =>
      runModule({
        fields: `(func $inner (loop $outer (loop $deeper (br $deeper))))
          (func $start (call $inner)) (start $start)`,
        run: "(i32.const 0)",
      }),
    run: {
      command: "run",
      stderr: `${INSTANTIATE}: start function: ${TIME_LIMIT}`,
      runaway: true,
    },
  },
  {
    name: "chain-of-5000-functions",
    does: "5000 functions, each calling the next; the last one spins",
    build: () => {
      const count = 5000;
      const fields = Array.from(
        { length: count },
        (_, index) =>
          index === count - 1
            ? `(func $f${index} ${SPIN})`
            : `(func $f${index} (call $f${index + 1}))`,
      ).join("\n");
      return runModule({ fields, run: "(call $f0) (i32.const 0)" });
    },
    run: { command: "run", stderr: TIME_LIMIT_IN_STAGE, runaway: true },
  },
  {
    name: "atomic-wait-forever",
    does:
      "blocks in `memory.atomic.wait32` with no timeout on its shared memory (no check point runs)",
    build: () =>
      runModule({
        memory: "1 1 shared",
        run:
          "(drop (memory.atomic.wait32 (i32.const 64) (i32.const 0) (i64.const -1))) (i32.const 0)",
      }),
    run: {
      command: "run",
      stderr:
        `${COMPILE}: cannot instrument: memory.atomic.wait32 at byte 100 cannot be preempted ` +
        "(nothing can wake a qip module's wait)",
    },
  },
  {
    name: "atomic-wait64-in-start",
    does: "blocks in `memory.atomic.wait64` for an hour in its start function",
    build: () =>
      runModule({
        memory: "1 1 shared",
        fields: `(func $start
          (drop (memory.atomic.wait64 (i32.const 64) (i64.const 0) (i64.const 3600000000000))))
          (start $start)`,
        run: "(i32.const 0)",
      }),
    run: {
      command: "run",
      stderr:
        `${COMPILE}: cannot instrument: memory.atomic.wait64 at byte 113 cannot be preempted ` +
        "(nothing can wake a qip module's wait)",
    },
  },
  {
    name: "loop-out-of-fuel",
    does: "spins in `run` under `--fuel 1000`: the verdict is the fuel limit, on every machine",
    build: () => runModule({ run: `${SPIN} (i32.const 0)` }),
    run: {
      command: "run",
      flags: ["--fuel", "1000", "--timeout-ms", "60000"],
      stderr: `Wasm module exceeded the fuel limit (1000): ${STAGE}`,
    },
  },
  {
    name: "deep-recursion",
    does: "f(n) = f(n + 1) + 1 with no base case: the stack overflows",
    build: () =>
      runModule({
        fields: `(func $f (param i32) (result i32)
          (i32.add (call $f (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))`,
        run: "(call $f (i32.const 0))",
      }),
    run: { command: "run", flags: PATIENT, stderr: `wasm error: stack overflow: ${STAGE}` },
  },
  {
    name: "deep-recursion-wide-frames",
    does: "unbounded recursion through a function with 1000 live i64 locals per frame",
    build: () =>
      runModule({
        fields: `(func $f (param i64) (result i64) (local ${"i64 ".repeat(1000)})
          (local.set 1000 (local.get 0))
          (i64.add (call $f (i64.add (local.get 1000) (i64.const 1))) (local.get 999)))`,
        run: "(i32.wrap_i64 (call $f (i64.const 0)))",
      }),
    run: { command: "run", flags: PATIENT, stderr: `wasm error: stack overflow: ${STAGE}` },
  },
  {
    name: "deep-mutual-recursion-indirect",
    does: "two functions call each other through the table without a base case",
    build: () =>
      runModule({
        fields: `(type $t (func (param i32) (result i32)))
          (table 2 funcref) (elem (i32.const 0) $ping $pong)
          (func $ping (type $t) (i32.add (call_indirect (type $t) (local.get 0) (i32.const 1)) (i32.const 1)))
          (func $pong (type $t) (i32.add (call_indirect (type $t) (local.get 0) (i32.const 0)) (i32.const 1)))`,
        run: "(call $ping (local.get $n))",
      }),
    run: { command: "run", flags: PATIENT, stderr: `wasm error: stack overflow: ${STAGE}` },
  },
  {
    name: "deep-recursion-in-start",
    does: "the start function recurses without end",
    build: () =>
      runModule({
        fields: `(func $down (call $down)) (start $down)`,
        run: "(i32.const 0)",
      }),
    run: {
      command: "run",
      flags: PATIENT,
      stderr: `${INSTANTIATE}: start function: wasm error: stack overflow`,
    },
  },
];
