/**
 * Modules that lie to the host through the run contract: capacities beyond their memory,
 * pointers whose sum overflows 32 bits, negative sizes read as unsigned, more output than
 * they declared, exports of the wrong kind, exceptions thrown at the host. The host must check
 * every number before it reads or writes.
 *
 * @module
 */

import {
  DIGEST,
  globals,
  type HostileModule,
  PATH,
  runModule,
  STAGE,
  wat,
} from "./_hostile_module.ts";

export const CONTRACT_MODULES: readonly HostileModule[] = [
  {
    name: "input-cap-beyond-memory",
    does: "claims an input cap of 4 GiB - 1 (-1 as unsigned) with one page of memory",
    build: () =>
      runModule({ contract: globals({ input_ptr: 0, input_bytes_cap: -1 }), run: "(i32.const 0)" }),
    run: {
      command: "run",
      stdinBytes: 65537,
      stderr:
        `Could not write input: ${STAGE}: input_ptr 0 + 65537 bytes exceeds memory of 65536 bytes`,
    },
  },
  {
    name: "input-ptr-at-end",
    does: "puts `input_ptr` on the last byte of memory and accepts 16 bytes",
    build: () =>
      runModule({
        contract: globals({ input_ptr: 65535, input_utf8_cap: 16 }),
        run: "(i32.const 0)",
      }),
    run: {
      command: "run",
      stdinBytes: 2,
      stderr:
        `Could not write input: ${STAGE}: input_ptr 65535 + 2 bytes exceeds memory of 65536 bytes`,
    },
  },
  {
    name: "input-ptr-wraps",
    does: "`input_ptr` 0xffffffff: pointer + size wraps around 32 bits to a small address",
    build: () =>
      runModule({ contract: globals({ input_ptr: -1, input_utf8_cap: 16 }), run: "(i32.const 0)" }),
    run: {
      command: "run",
      stdinBytes: 2,
      stderr:
        `Could not write input: ${STAGE}: input_ptr 4294967295 + 2 bytes exceeds memory of 65536 bytes`,
    },
  },
  {
    name: "output-ptr-wraps",
    does: "`output_ptr` 0xfffffff0 and 32 bytes of output: the end wraps around 32 bits",
    build: () =>
      runModule({
        fields: globals({ output_ptr: -16, output_bytes_cap: 64 }),
        run: "(i32.const 32)",
      }),
    run: {
      command: "run",
      stderr:
        `Could not read output: ${STAGE}: output_ptr 4294967280 + 32 bytes exceeds memory of 65536 bytes`,
    },
  },
  {
    name: "output-size-negative",
    does: "`run` returns -1 with an output cap of -1: 4 GiB - 1 bytes as unsigned",
    build: () =>
      runModule({ fields: globals({ output_ptr: 0, output_utf8_cap: -1 }), run: "(i32.const -1)" }),
    run: {
      command: "run",
      stderr:
        `Could not read output: ${STAGE}: output_ptr 0 + 4294967295 bytes exceeds memory of 65536 bytes`,
    },
  },
  {
    name: "output-over-cap",
    does: "states an output cap of 4 and returns 5",
    build: () =>
      runModule({ fields: globals({ output_ptr: 0, output_utf8_cap: 4 }), run: "(i32.const 5)" }),
    run: {
      command: "run",
      stderr:
        `Module returned more bytes than its stated capacity: ${STAGE}: run returned 5, output_utf8_cap is 4`,
    },
  },
  {
    name: "output-i32-count-wraps",
    does: "returns 0x40000001 i32 items (4 bytes modulo 2^32) at the last two bytes of memory",
    build: () =>
      runModule({
        fields: globals({ output_ptr: 65534, output_i32_cap: 0x40000001 }),
        run: "(i32.const 0x40000001)",
      }),
    run: {
      command: "run",
      stderr:
        `Could not read output: ${STAGE}: output_ptr 65534 + 4 bytes exceeds memory of 65536 bytes`,
    },
  },
  {
    name: "input-ptr-traps",
    does: "the export function `input_ptr` traps",
    build: () =>
      runModule({
        contract: `(func (export "input_ptr") (result i32) (unreachable))
          (global (export "input_utf8_cap") i32 (i32.const 16))`,
        run: "(i32.const 0)",
      }),
    run: { command: "run", stderr: `input_ptr() call failed: wasm error: unreachable: ${STAGE}` },
  },
  {
    name: "input-cap-v128-global",
    does: "exports `input_utf8_cap` as a v128 global",
    build: () =>
      runModule({
        contract: `(global (export "input_ptr") i32 (i32.const 0))
          (global (export "input_utf8_cap") v128 (v128.const i32x4 16 0 0 0))`,
        run: "(i32.const 0)",
      }),
    run: {
      command: "run",
      stderr:
        `Wasm module export input_utf8_cap must be an i32 global: ${STAGE}: it is a v128 global`,
    },
  },
  {
    name: "output-ptr-returns-v128",
    does: "the export function `output_ptr` returns a v128, which JavaScript cannot receive",
    build: () =>
      runModule({
        fields: `(func (export "output_ptr") (result v128) (v128.const i64x2 0 0))
          (global (export "output_utf8_cap") i32 (i32.const 16))`,
        run: "(i32.const 0)",
      }),
    run: {
      command: "run",
      stderr:
        `output_ptr() call failed: wasm error: type incompatibility when transforming from/to JS: ${STAGE}`,
    },
  },
  {
    name: "run-takes-two-params",
    does: "`run` takes two parameters",
    build: () => runModuleWithRun("(param i32 i32) (result i32) (i32.const 0)"),
    run: { command: "run", stderr: `expected 2 params, but passed 1: ${STAGE}` },
  },
  {
    name: "run-is-a-global",
    does: "exports `run` as an i32 global instead of a function",
    build: () => runModuleWithRun(undefined),
    run: { command: "run", stderr: `Wasm module must export run: ${STAGE}` },
  },
  {
    name: "memory-is-a-table",
    does: "exports a table under the name `memory` and no memory",
    build: () =>
      runModuleWithRun(
        "(param i32) (result i32) (i32.const 0)",
        '(table (export "memory") 1 funcref)',
      ),
    run: { command: "run", stderr: `Wasm module must export memory: ${STAGE}` },
  },
  {
    name: "uncaught-exception-in-run",
    does: "`run` throws a wasm exception that nothing catches",
    build: () =>
      runModule({ fields: "(tag $boom (param i32))", run: "(throw $boom (i32.const 7))" }),
    run: { command: "run", stderr: `wasm error: uncaught exception: ${STAGE}` },
  },
  {
    name: "uncaught-exception-in-input-ptr",
    does: "the export function `input_ptr` throws a wasm exception",
    build: () =>
      runModule({
        contract: `(tag $boom) (func (export "input_ptr") (result i32) (throw $boom))
          (global (export "input_utf8_cap") i32 (i32.const 16))`,
        run: "(i32.const 0)",
      }),
    run: {
      command: "run",
      stderr: `input_ptr() call failed: wasm error: uncaught exception: ${STAGE}`,
    },
  },
  {
    name: "uncaught-exception-in-start",
    does: "the start function throws a wasm exception",
    build: () =>
      runModule({
        fields: "(tag $boom) (func $start (throw $boom)) (start $start)",
        run: "(i32.const 0)",
      }),
    run: {
      command: "run",
      stderr:
        `Wasm module could not be instantiated: ${STAGE}: start function: wasm error: uncaught exception`,
    },
  },
  {
    name: "wrong-pin",
    does: "a harmless module fetched with a `#sha256=` pin that does not match it",
    build: () => runModule({ run: "(i32.const 0)" }),
    run: {
      command: "get",
      pin: "0".repeat(64),
      stderr: `Module digest mismatch: ${PATH}: expected sha256 ${
        "0".repeat(64)
      } (#sha256= pin), got ${DIGEST}`,
    },
  },
];

/** A module with memory, input exports and `run` of the given signature (a global without one). */
function runModuleWithRun(signature: string | undefined, memory = `(memory (export "memory") 1)`) {
  const run = signature === undefined
    ? `(global (export "run") i32 (i32.const 0))`
    : `(func (export "run") ${signature})`;
  return wat(`(module ${memory} ${globals({ input_ptr: 0, input_utf8_cap: 16 })} ${run})`);
}
