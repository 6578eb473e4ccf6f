/**
 * Form modules (spec: abi.md §6) whose metadata lies: pointers and sizes outside memory,
 * negative sizes, invalid UTF-8, output beyond its cap, traps and exceptions. The form host
 * reads strings from the module at every prompt, so every one must be bounds-checked.
 *
 * @module
 */

import { type HostileModule, TIME_LIMIT, wat } from "./_hostile_module.ts";

/** The form exports, as WAT expressions; a well-behaved one-field form by default. */
interface FormExports {
  input_ptr: string;
  input_utf8_cap: string;
  run: string;
  output_ptr: string;
  output_utf8_cap: string;
  input_key_ptr: string;
  input_key_size: string;
  input_label_ptr: string;
  input_label_size: string;
  error_message_ptr: string;
  error_message_size: string;
}

/** Asks for `name` once; after the first `run` the key is empty and the output is `ok`. */
const WELL_BEHAVED: FormExports = {
  input_ptr: "(i32.const 1024)",
  input_utf8_cap: "(i32.const 64)",
  run: "(global.set $step (i32.const 1)) (i32.const 2)",
  output_ptr: "(i32.const 2048)",
  output_utf8_cap: "(i32.const 64)",
  input_key_ptr: "(i32.const 100)",
  input_key_size: "(select (i32.const 0) (i32.const 4) (global.get $step))",
  input_label_ptr: "(i32.const 200)",
  input_label_size: "(i32.const 4)",
  error_message_ptr: "(i32.const 300)",
  error_message_size: "(i32.const 0)",
};

/** Builds a form module from the well-behaved one with some exports replaced or left out. */
function formModule(
  changes: Partial<Record<keyof FormExports, string | undefined>>,
  options: { memory?: string; fields?: string } = {},
): Uint8Array {
  const { memory = "1", fields = "" } = options;
  const exports = { ...WELL_BEHAVED, ...changes };
  const functions = Object.entries(exports)
    .filter(([, body]) => body !== undefined)
    .map(([name, body]) =>
      name === "run"
        ? `(func (export "run") (param $n i32) (result i32) ${body})`
        : `(func (export "${name}") (result i32) ${body})`
    );
  return wat(`(module
    (memory (export "memory") ${memory})
    (global $step (mut i32) (i32.const 0))
    (data (i32.const 100) "name") (data (i32.const 200) "Name") (data (i32.const 2048) "ok")
    (data (i32.const 400) "\\ff\\fe")
    ${fields}
    ${functions.join("\n")})`);
}

export const FORM_MODULES: readonly HostileModule[] = [
  {
    name: "form-key-out-of-bounds",
    does: "a form whose field key lies across the end of memory",
    build: () => formModule({ input_key_ptr: "(i32.const 65534)" }),
    run: {
      command: "form",
      answers: [],
      stderr: "input_key_ptr/input_key_size exceed wasm memory bounds",
    },
  },
  {
    name: "form-label-size-negative",
    does: "a form whose label size is -1",
    build: () => formModule({ input_label_size: "(i32.const -1)" }),
    run: {
      command: "form",
      answers: [],
      stderr:
        "module returned invalid pointer/size for input_label_ptr/input_label_size: ptr=200 size=-1",
    },
  },
  {
    name: "form-label-invalid-utf8",
    does: "a form whose label is the bytes ff fe",
    build: () =>
      formModule({ input_label_ptr: "(i32.const 400)", input_label_size: "(i32.const 2)" }),
    run: {
      command: "form",
      answers: [],
      stderr: "input_label_ptr/input_label_size must be valid UTF-8",
    },
  },
  {
    name: "form-error-pointer-overflows",
    does: "a form whose error message is 2^31-1 bytes at 2^31-1: the end overflows a signed i32",
    build: () =>
      formModule({
        error_message_ptr: "(i32.const 0x7fffffff)",
        error_message_size: "(i32.const 0x7fffffff)",
      }),
    run: {
      command: "form",
      answers: [],
      stderr: "error_message_ptr/error_message_size exceed wasm memory bounds",
    },
  },
  {
    name: "form-input-cap-negative",
    does: "a form whose input cap is -5",
    build: () => formModule({ input_utf8_cap: "(i32.const -5)" }),
    run: {
      command: "form",
      answers: ["Ada"],
      stderr: "module returned invalid input memory values: ptr=1024 cap=-5",
    },
  },
  {
    name: "form-input-ptr-at-end",
    does: "a form whose input buffer starts at the last byte of memory",
    build: () => formModule({ input_ptr: "(i32.const 65535)" }),
    run: {
      command: "form",
      answers: ["Ada"],
      stderr: "failed to write form input to wasm memory",
    },
  },
  {
    name: "form-answer-over-cap",
    does: "a form that accepts two bytes, answered with three",
    build: () => formModule({ input_utf8_cap: "(i32.const 2)" }),
    run: {
      command: "form",
      answers: ["Ada"],
      stderr: "input value exceeds module input_utf8_cap (3 > 2)",
    },
  },
  {
    name: "form-output-over-cap",
    does: "a form whose `run` returns 10 with an output cap of 4",
    build: () =>
      formModule({
        run: "(global.set $step (i32.const 1)) (i32.const 10)",
        output_utf8_cap: "(i32.const 4)",
      }),
    run: {
      command: "form",
      answers: ["Ada"],
      stderr: "run output size exceeds output_utf8_cap (10 > 4)",
    },
  },
  {
    name: "form-output-out-of-bounds",
    does: "a form whose 10-byte output starts 6 bytes before the end of memory",
    build: () =>
      formModule({
        run: "(global.set $step (i32.const 1)) (i32.const 10)",
        output_ptr: "(i32.const 65530)",
      }),
    run: { command: "form", answers: ["Ada"], stderr: "output bytes exceed wasm memory bounds" },
  },
  {
    name: "form-output-negative",
    does: "a form whose `run` returns -1",
    build: () => formModule({ run: "(global.set $step (i32.const 1)) (i32.const -1)" }),
    run: { command: "form", answers: ["Ada"], stderr: "run returned negative output size: -1" },
  },
  {
    name: "form-output-invalid-utf8",
    does: "a form whose output is the bytes ff fe",
    build: () => formModule({ output_ptr: "(i32.const 400)" }),
    run: { command: "form", answers: ["Ada"], stderr: "module output is not valid UTF-8" },
  },
  {
    name: "form-run-traps",
    does: "a form whose `run` traps",
    build: () => formModule({ run: "(unreachable)" }),
    run: { command: "form", answers: ["Ada"], stderr: "run() failed: wasm error: unreachable" },
  },
  {
    name: "form-run-throws",
    does: "a form whose `run` throws a wasm exception that nothing catches",
    build: () => formModule({ run: "(throw $boom)" }, { fields: "(tag $boom)" }),
    run: {
      command: "form",
      answers: ["Ada"],
      stderr: "run() failed: wasm error: uncaught exception",
    },
  },
  {
    name: "form-key-ptr-traps",
    does: "a form whose `input_key_ptr` traps",
    build: () => formModule({ input_key_ptr: "(unreachable)" }),
    run: {
      command: "form",
      answers: [],
      stderr: "input_key_ptr() failed: wasm error: unreachable",
    },
  },
  {
    name: "form-missing-export",
    does: "a form without `error_message_size`",
    build: () => formModule({ error_message_size: undefined }),
    run: {
      command: "form",
      answers: [],
      stderr:
        "Wasm module must export error_message_size (a form module exports the functions input_ptr, input_utf8_cap, run, output_ptr, output_utf8_cap, input_key_ptr, input_key_size, input_label_ptr, input_label_size, error_message_ptr, error_message_size)",
    },
  },
  {
    name: "form-run-loops",
    does: "a form whose `run` loops forever once answered",
    build: () => formModule({ run: "(loop $spin (br $spin)) (i32.const 0)" }),
    run: { command: "form", answers: ["Ada"], stderr: `Error running run: ${TIME_LIMIT}` },
  },
  {
    name: "form-key-size-loops",
    does: "a form whose `input_key_size` loops forever at the first prompt",
    build: () => formModule({ input_key_size: "(loop $spin (br $spin)) (i32.const 0)" }),
    run: { command: "form", answers: [], stderr: `Error running input_key_size: ${TIME_LIMIT}` },
  },
  {
    name: "form-start-loops",
    does: "a form whose start function loops forever",
    build: () => formModule({}, { fields: "(func $spin (loop $again (br $again))) (start $spin)" }),
    run: {
      command: "form",
      answers: [],
      stderr: `Wasm module could not be instantiated: start function: ${TIME_LIMIT}`,
    },
  },
  {
    name: "form-shared-memory",
    does: "a form on a shared memory whose output lies past the end of it",
    build: () =>
      formModule({
        run: "(global.set $step (i32.const 1)) (i32.const 10)",
        output_ptr: "(i32.const 65530)",
      }, { memory: "1 1 shared" }),
    run: { command: "form", answers: ["Ada"], stderr: "output bytes exceed wasm memory bounds" },
  },
];
