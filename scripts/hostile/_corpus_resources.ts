/**
 * Resource bombs: memories, tables, data and element sections, functions and locals sized to
 * exhaust the host. Each must be refused before it allocates, or fail cleanly inside its own
 * limits.
 *
 * @module
 */

import { type HostileModule, runModule, STAGE } from "./_hostile_module.ts";
import {
  body,
  exportEntry,
  funcType,
  I32,
  I64,
  REF,
  REF_NULL,
  s32,
  section,
  u32,
  vec,
  wasmModule,
} from "../wasm_bytes.ts";

const POLICY = `Wasm module exceeds the memory limit: ${STAGE}`;
const INSTANTIATE = `Wasm module could not be instantiated: ${STAGE}`;
const COMPILE = `Wasm module could not be compiled: ${STAGE}`;
/**
 * For modules that do real work before they fail (growing, compiling thousands of functions):
 * the verdict must come from the policy, never from a busy machine's 100 ms.
 */
const PATIENT = ["--timeout-ms", "10000"];
/** Traps with `unreachable` when the value on the stack is -1 (a refused grow). */
const TRAP_IF_REFUSED = "(if (i32.eq (i32.const -1)) (then (unreachable)))";

export const RESOURCE_MODULES: readonly HostileModule[] = [
  {
    name: "memory-initial-over-policy",
    does: "declares 8192 initial pages (512 MiB), twice the default memory policy",
    build: () => runModule({ memory: "8192", run: "(i32.const 0)" }),
    run: {
      command: "run",
      stderr:
        `${POLICY}: memory 0 declares a minimum of 8192 pages (512 MiB), --max-memory allows 4096 pages (256 MiB)`,
    },
  },
  {
    name: "memory-initial-4gib",
    does: "declares the largest 32-bit memory, 65536 pages (4 GiB)",
    build: () => runModule({ memory: "65536", run: "(i32.const 0)" }),
    run: {
      command: "run",
      stderr:
        `${POLICY}: memory 0 declares a minimum of 65536 pages (4 GiB), --max-memory allows 4096 pages (256 MiB)`,
    },
  },
  {
    name: "memory-over-max-memory-flag",
    does: "declares 17 pages under `--max-memory 1MiB` (16 pages)",
    build: () => runModule({ memory: "17", run: "(i32.const 0)" }),
    run: {
      command: "run",
      flags: ["--max-memory", "1MiB"],
      stderr:
        `${POLICY}: memory 0 declares a minimum of 17 pages (1.1 MiB), --max-memory allows 16 pages (1 MiB)`,
    },
  },
  {
    name: "memory64-initial-huge",
    does: "declares a 64-bit memory of 2^32 pages (256 TiB)",
    build: () => runModule({ memory: "i64 4294967296", run: "(i32.const 0)" }),
    run: {
      command: "run",
      // V8 refuses it as written, and modules are validated before the policy is applied.
      stderr:
        `${COMPILE}: initial memory size (4294967296 pages) is larger than implementation limit (262144 pages) @+24`,
    },
  },
  {
    name: "memory-grow-loop",
    does: "grows its memory one page at a time and traps once a grow is refused",
    build: () =>
      runModule({
        run: `(loop $grow (br_if $grow (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
          (unreachable)`,
      }),
    run: {
      command: "run",
      flags: ["--max-memory", "16MiB", ...PATIENT],
      stderr: `wasm error: unreachable: ${STAGE}`,
    },
  },
  {
    name: "memory-grow-4gib-at-once",
    does: "asks for 65535 more pages in one `memory.grow` and traps when refused",
    build: () =>
      runModule({ run: `(memory.grow (i32.const 65535)) ${TRAP_IF_REFUSED} (i32.const 0)` }),
    run: { command: "run", flags: PATIENT, stderr: `wasm error: unreachable: ${STAGE}` },
  },
  {
    name: "memory-grow-past-declared-max",
    does: "declares a 4 GiB maximum, grows to 2 GiB at once and traps when refused",
    build: () =>
      runModule({
        memory: "1 65536",
        run: `(memory.grow (i32.const 32768)) ${TRAP_IF_REFUSED} (i32.const 0)`,
      }),
    run: { command: "run", flags: PATIENT, stderr: `wasm error: unreachable: ${STAGE}` },
  },
  {
    name: "many-memories-at-policy",
    does: "declares five more memories of 4096 pages each and fills them: 1.25 GiB in total",
    build: () =>
      runModule({
        fields: [1, 2, 3, 4, 5].map((index) => `(memory $m${index} 4096)`).join(" "),
        run: [1, 2, 3, 4, 5]
          .map((index) =>
            `(memory.fill $m${index} (i32.const 0) (i32.const 1) (i32.const 0x10000000))`
          )
          .join(" ") + " (i32.const 0)",
      }),
    run: {
      command: "run",
      stderr:
        `${POLICY}: memories 0 to 5 declare a minimum of 20481 pages (1.3 GiB) in total, --max-memory allows 4096 pages (256 MiB)`,
    },
  },
  {
    name: "many-memories-growing",
    does: "declares eight one-page memories and grows each of them as far as it can",
    build: () => {
      const indices = [1, 2, 3, 4, 5, 6, 7];
      return runModule({
        fields: indices.map((index) => `(memory $m${index} 1)`).join(" "),
        run: indices
          .map((index) => `(drop (memory.grow $m${index} (i32.const 4095)))`)
          .join(" ") + ` (memory.grow $m7 (i32.const 1)) ${TRAP_IF_REFUSED} (i32.const 0)`,
      });
    },
    run: { command: "run", flags: PATIENT, stderr: `wasm error: unreachable: ${STAGE}` },
  },
  {
    name: "shared-memory-without-max",
    does:
      "declares a shared memory with no maximum (invalid; must not become valid by the rewrite)",
    build: () =>
      wasmModule(
        section(1, vec([funcType([I32], [I32])])),
        section(3, vec([[0]])),
        section(5, vec([[0x02, 1]])),
        section(7, vec([exportEntry("run", 0, 0)])),
        section(10, vec([body([], [0x41, 0, 0x0b])])),
      ),
    run: {
      command: "run",
      stderr: `${COMPILE}: shared memory must have a maximum defined @+23`,
    },
  },
  {
    name: "memory32-over-4gib",
    does: "declares a 32-bit memory of 65537 pages, more than 32 bits can address",
    build: () =>
      wasmModule(
        section(1, vec([funcType([I32], [I32])])),
        section(3, vec([[0]])),
        section(5, vec([[0x00, ...u32(65537)]])),
        section(7, vec([exportEntry("run", 0, 0)])),
        section(10, vec([body([], [0x41, 0, 0x0b])])),
      ),
    run: {
      command: "run",
      stderr:
        `${COMPILE}: initial memory size (65537 pages) is larger than implementation limit (65536 pages) @+24`,
    },
  },
  {
    name: "table-initial-10m",
    does:
      "declares a table of 10 million funcref elements (V8's largest, about 750 MB per instance)",
    build: () => runModule({ fields: "(table 10000000 funcref)", run: "(i32.const 0)" }),
    run: {
      command: "run",
      stderr:
        `${POLICY}: table 0 declares a minimum of 10000000 elements, the limit is 1000000 elements`,
    },
  },
  {
    name: "table-grow-loop",
    does: "grows a table 100000 elements at a time and traps once a grow is refused",
    build: () =>
      runModule({
        fields: "(table $t 0 funcref)",
        run: `(loop $grow
            (br_if $grow (i32.ne (table.grow $t (ref.null func) (i32.const 100000)) (i32.const -1))))
          (unreachable)`,
      }),
    run: { command: "run", flags: PATIENT, stderr: `wasm error: unreachable: ${STAGE}` },
  },
  {
    name: "many-tables-growing",
    does: "declares eight tables and grows each by a million elements",
    build: () => {
      const indices = [0, 1, 2, 3, 4, 5, 6, 7];
      return runModule({
        fields: indices.map((index) => `(table $t${index} 0 externref)`).join(" "),
        run: indices
          .map((index) => `(drop (table.grow $t${index} (ref.null extern) (i32.const 1000000)))`)
          .join(" ") +
          ` (table.grow $t7 (ref.null extern) (i32.const 1)) ${TRAP_IF_REFUSED} (i32.const 0)`,
      });
    },
    run: { command: "run", flags: PATIENT, stderr: `wasm error: unreachable: ${STAGE}` },
  },
  {
    name: "many-tables-at-limit",
    does: "declares four tables of 400000 elements: each within the limit, not all together",
    build: () =>
      runModule({
        fields: [0, 1, 2, 3].map((index) => `(table $t${index} 400000 funcref)`).join(" "),
        run: "(i32.const 0)",
      }),
    run: {
      command: "run",
      stderr:
        `${POLICY}: tables 0 to 3 declare a minimum of 1600000 elements in total, the limit is 1000000 elements`,
    },
  },
  {
    name: "data-segment-out-of-bounds",
    does: "an active data segment at 65530 of 16 bytes, past the end of its one page",
    build: () =>
      runModule({ fields: `(data (i32.const 65530) "0123456789abcdef")`, run: "(i32.const 0)" }),
    run: {
      command: "run",
      stderr:
        `${INSTANTIATE}: wasm error: data segment 0 is out of bounds (offset 65530, length 16, memory size 65536)`,
    },
  },
  {
    name: "data-segment-128kib",
    does: "one 128 KiB data segment into a memory of one page",
    build: () =>
      runModule({
        fields: `(data (i32.const 0) "${"\\00".repeat(128 * 1024)}")`,
        run: "(i32.const 0)",
      }),
    run: {
      command: "run",
      stderr:
        `${INSTANTIATE}: wasm error: data segment 0 is out of bounds (offset 0, length 131072, memory size 65536)`,
    },
  },
  {
    name: "data-count-huge",
    does: "a data section that claims 2^32-1 segments and holds none",
    build: () =>
      wasmModule(
        section(1, vec([funcType([I32], [I32])])),
        section(3, vec([[0]])),
        section(5, vec([[0x00, 1]])),
        section(7, vec([exportEntry("run", 0, 0)])),
        section(10, vec([body([], [0x41, 0, 0x0b])])),
        section(11, u32(0xffffffff)),
      ),
    run: {
      command: "run",
      stderr: `${COMPILE}: data segments count of 4294967295 exceeds internal limit of 100000 @+44`,
    },
  },
  {
    name: "element-segment-out-of-bounds",
    does: "an active element segment of 20000 references into a table of 10",
    build: () =>
      runModule({
        fields: `(table 10 funcref) (func $f) (elem (i32.const 0) func ${"$f ".repeat(20000)})`,
        run: "(i32.const 0)",
      }),
    run: { command: "run", stderr: `${INSTANTIATE}: wasm error: invalid table access` },
  },
  {
    name: "too-many-locals",
    does: "a function declaring 50001 locals, above V8's limit",
    build: () =>
      wasmModule(
        section(1, vec([funcType([I32], [I32])])),
        section(3, vec([[0]])),
        section(7, vec([exportEntry("run", 0, 0)])),
        section(10, vec([body([[...u32(50001), I64]], [0x41, 0, 0x0b])])),
      ),
    run: {
      command: "run",
      stderr: `${COMPILE}: Compiling function #0 failed: local count too large @+34`,
    },
  },
  {
    name: "gc-heap-bomb",
    does:
      "would link 8 MB GC arrays into a list held by a global, forever: the engine's heap, not " +
      "linear memory, so struct and array types are refused before anything runs",
    build: () => {
      const GC = 0xfb;
      const arrayNewDefault = [0x41, ...s32(1_000_000), GC, 0x07, 0];
      return wasmModule(
        // $arr (array (mut i64)), $node (struct (ref $arr) (ref null $node)), (i32) -> i32
        section(
          1,
          vec([[0x5e, I64, 1], [0x5f, 2, REF, 0, 0, REF_NULL, 1, 0], funcType([I32], [I32])]),
        ),
        section(3, vec([[2]])),
        section(5, vec([[0x00, 1]])),
        section(
          6,
          vec([[REF_NULL, 1, 1, 0xd0, 1, 0x0b], [I32, 0, 0x41, 0, 0x0b], [I32, 0, 0x41, 16, 0x0b]]),
        ),
        section(
          7,
          vec([
            exportEntry("run", 0, 0),
            exportEntry("memory", 2, 0),
            exportEntry("input_ptr", 3, 1),
            exportEntry("input_utf8_cap", 3, 2),
          ]),
        ),
        // loop: head = struct.new $node (array.new_default $arr 1000000) head; br 0
        section(
          10,
          vec([body([], [
            0x03,
            0x40,
            ...arrayNewDefault,
            0x23,
            0,
            GC,
            0x00,
            1,
            0x24,
            0,
            0x0c,
            0,
            0x0b,
            0x41,
            0,
            0x0b,
          ])]),
        ),
      );
    },
    run: {
      command: "run",
      stderr: `${POLICY}: type 0 is an array type: GC heap objects are outside the memory ` +
        "limit and are refused",
    },
  },
  {
    name: "thousands-of-functions-trap",
    does: "20000 functions, each calling the next; the last one traps",
    build: () => {
      const count = 20000;
      const fields = Array.from(
        { length: count },
        (_, index) =>
          index === count - 1
            ? `(func $f${index} (unreachable))`
            : `(func $f${index} (call $f${index + 1}))`,
      ).join("\n");
      return runModule({ fields, run: "(call $f0) (i32.const 0)" });
    },
    run: { command: "run", flags: PATIENT, stderr: `wasm error: unreachable: ${STAGE}` },
  },
];
