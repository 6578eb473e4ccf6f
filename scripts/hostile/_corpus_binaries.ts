/**
 * Modules that ask for what qip never gives (every kind of import) and bytes that are not a
 * module at all (malformed and truncated binaries). Each must be refused with the engine's or
 * the rewriter's reason, and never crash the host.
 *
 * @module
 */

import { type HostileModule, runModule, STAGE, wat } from "./_hostile_module.ts";
import {
  body,
  exportEntry,
  funcType,
  I32,
  name,
  section,
  u32,
  vec,
  wasmModule,
} from "../wasm_bytes.ts";

const INSTANTIATE = `Wasm module could not be instantiated: ${STAGE}`;
const COMPILE = `Wasm module could not be compiled: ${STAGE}`;
const NO_IMPORTS = "qip provides no imports";

/** A small valid run module, to cut and corrupt. */
function validRunModule(): Uint8Array {
  return runModule({ run: "(local.get $n)" });
}

/** A run module whose only function body is `code` (which must end with `end`). */
function moduleWithBody(code: readonly number[]): Uint8Array {
  return wasmModule(
    section(1, vec([funcType([I32], [I32])])),
    section(3, vec([[0]])),
    section(5, vec([[0x00, 1]])),
    section(7, vec([exportEntry("run", 0, 0), exportEntry("memory", 2, 0)])),
    section(10, vec([body([], code)])),
  );
}

export const BINARY_MODULES: readonly HostileModule[] = [
  {
    name: "import-function",
    does: "imports a host function `env.log`",
    build: () =>
      runModule({ imports: `(import "env" "log" (func (param i32)))`, run: "(i32.const 0)" }),
    run: {
      command: "run",
      stderr: `${INSTANTIATE}: module imports "env" "log" (function); ${NO_IMPORTS}`,
    },
  },
  {
    name: "import-table",
    does: "imports a table `env.table`",
    build: () =>
      runModule({ imports: `(import "env" "table" (table 1 funcref))`, run: "(i32.const 0)" }),
    run: {
      command: "run",
      stderr: `${INSTANTIATE}: module imports "env" "table" (table); ${NO_IMPORTS}`,
    },
  },
  {
    name: "import-memory",
    does: "imports its memory `env.memory` and exports it as `memory`",
    build: () =>
      wat(`(module (import "env" "memory" (memory 1)) (export "memory" (memory 0))
        (global (export "input_ptr") i32 (i32.const 0))
        (global (export "input_utf8_cap") i32 (i32.const 16))
        (func (export "run") (param i32) (result i32) (i32.const 0)))`),
    run: {
      command: "run",
      stderr: `${INSTANTIATE}: module imports "env" "memory" (memory); ${NO_IMPORTS}`,
    },
  },
  {
    name: "import-global",
    does: "imports an i32 global `env.seed`",
    build: () => runModule({ imports: `(import "env" "seed" (global i32))`, run: "(i32.const 0)" }),
    run: {
      command: "run",
      stderr: `${INSTANTIATE}: module imports "env" "seed" (global); ${NO_IMPORTS}`,
    },
  },
  {
    name: "import-tag",
    does: "imports an exception tag `env.panic`",
    build: () => runModule({ imports: `(import "env" "panic" (tag))`, run: "(i32.const 0)" }),
    run: {
      command: "run",
      stderr: `${INSTANTIATE}: module imports "env" "panic" (tag); ${NO_IMPORTS}`,
    },
  },
  {
    name: "import-wasi-many",
    does: "imports three WASI functions, like a module built for a WASI runtime",
    build: () =>
      runModule({
        imports:
          `(import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))
          (import "wasi_snapshot_preview1" "random_get" (func (param i32 i32) (result i32)))`,
        run: "(i32.const 0)",
      }),
    run: {
      command: "run",
      stderr:
        `${INSTANTIATE}: module imports "wasi_snapshot_preview1" "fd_write" (function) and 2 more; ${NO_IMPORTS}`,
    },
  },
  {
    name: "empty-file",
    does: "zero bytes",
    build: () => new Uint8Array(0),
    run: { command: "run", stderr: `${COMPILE}: BufferSource argument is empty` },
  },
  {
    name: "magic-only",
    does: "the magic word without a version",
    build: () => new Uint8Array([0x00, 0x61, 0x73, 0x6d]),
    run: { command: "run", stderr: `${COMPILE}: expected 4 bytes, fell off end @+4` },
  },
  {
    name: "wrong-version",
    does: "the magic word and version 2",
    build: () => new Uint8Array([0x00, 0x61, 0x73, 0x6d, 2, 0, 0, 0]),
    run: {
      command: "run",
      stderr: `${COMPILE}: expected version 01 00 00 00, found 02 00 00 00 @+4`,
    },
  },
  {
    name: "truncated-half",
    does: "a valid run module cut in half",
    build: () => {
      const bytes = validRunModule();
      return bytes.slice(0, bytes.length >> 1);
    },
    run: {
      command: "run",
      stderr:
        `${COMPILE}: section (code 7, "Export") extends past end of the module (length 45, remaining bytes 5) @+40`,
    },
  },
  {
    name: "truncated-last-byte",
    does: "a valid run module without its last byte (the final `end`)",
    build: () => validRunModule().slice(0, -1),
    run: {
      command: "run",
      stderr:
        `${COMPILE}: section (code 10, "Code") extends past end of the module (length 6, remaining bytes 5) @+87`,
    },
  },
  {
    name: "section-size-overflow",
    does: "a type section whose size claims 2^32-1 bytes",
    build: () => wasmModule([1, ...u32(0xffffffff), 0]),
    run: {
      command: "run",
      stderr:
        `${COMPILE}: section (code 1, "Type") extends past end of the module (length 4294967295, remaining bytes 1) @+8`,
    },
  },
  {
    name: "leb128-too-long",
    does: "a section size written as a six-byte LEB128",
    build: () => wasmModule([1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]),
    run: {
      command: "run",
      stderr: `${COMPILE}: length overflow while decoding section length @+13`,
    },
  },
  {
    name: "unknown-section-id",
    does: "a section with id 99",
    build: () => wasmModule(section(99, [1, 2, 3])),
    run: { command: "run", stderr: `${COMPILE}: unknown section code #0x63 @+10` },
  },
  {
    name: "unknown-opcode",
    does: "a function body with the unassigned opcode 0xff",
    build: () => moduleWithBody([0xff, 0x0b]),
    run: {
      command: "run",
      stderr: `${COMPILE}: Compiling function #0 failed: Invalid opcode 0xff @+48`,
    },
  },
  {
    name: "body-without-end",
    does: "a function body whose last instruction is not `end`",
    build: () => moduleWithBody([0x41, 0x00]),
    run: {
      command: "run",
      stderr:
        `${COMPILE}: Compiling function #0 failed: function body must end with "end" opcode @+50`,
    },
  },
  {
    name: "duplicate-export",
    does: "exports two functions under the name `run`",
    build: () =>
      wasmModule(
        section(1, vec([funcType([I32], [I32])])),
        section(3, vec([[0]])),
        section(7, vec([exportEntry("run", 0, 0), exportEntry("run", 0, 0)])),
        section(10, vec([body([], [0x41, 0, 0x0b])])),
      ),
    run: {
      command: "run",
      stderr: `${COMPILE}: Duplicate export name 'run' for function 0 and function 0 @+30`,
    },
  },
  {
    name: "function-count-mismatch",
    does: "declares two functions and gives one body",
    build: () =>
      wasmModule(
        section(1, vec([funcType([I32], [I32])])),
        section(3, vec([[0], [0]])),
        section(10, vec([body([], [0x41, 0, 0x0b])])),
      ),
    run: { command: "run", stderr: `${COMPILE}: function body count 1 mismatch (2 expected) @+23` },
  },
  {
    name: "invalid-utf8-name",
    does: "an export name that is not UTF-8",
    build: () =>
      wasmModule(
        section(1, vec([funcType([I32], [I32])])),
        section(3, vec([[0]])),
        section(7, [1, ...u32(2), 0xc3, 0x28, 0, 0]),
        section(10, vec([body([], [0x41, 0, 0x0b])])),
      ),
    run: { command: "run", stderr: `${COMPILE}: field name: no valid UTF-8 string @+24` },
  },
  {
    name: "custom-section-truncated-name",
    does: "a custom section whose name runs past the section",
    build: () => wasmModule(section(0, [...u32(200), ...name("x").slice(1)])),
    run: { command: "run", stderr: `${COMPILE}: expected 200 bytes, fell off end @+12` },
  },
];
