/**
 * Rewriter escapes (issue 12: 1, 2): modules that are invalid as written but would become
 * valid once the rewriter appends the cancel memory, the fuel global or a chunking helper, and
 * then own them; and straight-line bulk work with no loop and no call, which had no check
 * point. The first kind must be refused as written; the second must stop at the limit.
 *
 * @module
 */

import { section, vec } from "../wasm_bytes.ts";
import {
  type HostileModule,
  runModule,
  STAGE,
  TIME_LIMIT_IN_STAGE,
  wat,
} from "./_hostile_module.ts";

const COMPILE = `Wasm module could not be compiled: ${STAGE}`;
/** For modules refused before they run: the verdict must not depend on a busy machine. */
const PATIENT = ["--timeout-ms", "10000"];
/** Any bulk operation, so that the rewrite adds a chunking helper at function index 1. */
const ONE_FILL = "(memory.fill (i32.const 0) (i32.const 0) (i32.const 1))";
const MIB_256 = 256 * 1024 * 1024;

/** A refused module: run with a patient limit, it fails with V8's reason for the original. */
function refused(name: string, does: string, build: () => Uint8Array, reason: string) {
  return {
    name,
    does,
    build,
    run: { command: "run", flags: PATIENT, stderr: `${COMPILE}: ${reason}` },
  } satisfies HostileModule;
}

export const REWRITER_ESCAPE_MODULES: readonly HostileModule[] = [
  refused(
    "escape-store-into-cancel-memory",
    "loops storing 0 into memory 1, its own memory count: the index of the added cancel flag",
    () =>
      runModule({
        run: "(loop $l (i32.store 1 (i32.const 0) (i32.const 0)) (br $l)) (i32.const 0)",
      }),
    "Compiling function #0 failed: memory index 1 exceeds number of declared memories (1) @+99",
  ),
  refused(
    "escape-store-without-memory",
    "stores into memory 0 without declaring any: memory 0 would be the cancel memory",
    () =>
      wat(`(module
        (global (export "input_ptr") i32 (i32.const 0))
        (global (export "input_utf8_cap") i32 (i32.const 0))
        (func (export "run") (param i32) (result i32)
          (i32.store (i32.const 0) (i32.const 0)) (i32.const 0)))`),
    "Compiling function #0 failed: memory index 0 exceeds number of declared memories (0) @+81",
  ),
  refused(
    "escape-atomic-store-into-cancel-memory",
    "an `i32.atomic.store` into memory 1, the cancel flag's memory",
    () => runModule({ run: "(i32.atomic.store 1 (i32.const 0) (i32.const 0)) (i32.const 0)" }),
    "Compiling function #0 failed: memory index 1 exceeds number of declared memories (1) @+98",
  ),
  refused(
    "escape-copy-into-cancel-memory",
    "`memory.copy 1 0` over the cancel flag's memory",
    () =>
      runModule({
        run: "(memory.copy 1 0 (i32.const 0) (i32.const 0) (i32.const 4)) (i32.const 0)",
      }),
    "Compiling function #0 failed: memory index 1 exceeds number of declared memories (1) @+101",
  ),
  refused(
    "escape-copy-from-cancel-memory",
    "`memory.copy 0 1`: reads the cancel flag's memory",
    () =>
      runModule({
        run: "(memory.copy 0 1 (i32.const 0) (i32.const 0) (i32.const 4)) (i32.const 0)",
      }),
    "Compiling function #0 failed: memory index 1 exceeds number of declared memories (1) @+100",
  ),
  refused(
    "escape-grow-cancel-memory",
    "`memory.grow 1` and `memory.size 1` on the cancel flag's memory",
    () =>
      runModule({
        run: "(drop (memory.grow 1 (i32.const 1))) (memory.size 1)",
      }),
    "Compiling function #0 failed: memory index 1 exceeds number of declared memories (1) @+95",
  ),
  refused(
    "escape-data-segment-into-cancel-memory",
    "an active data segment that writes into memory 1 at instantiation",
    // wabt drops an out-of-range memory index from a data segment: the section is appended
    // by hand (flags 2, memory 1, offset `i32.const 0`, one byte 0x01).
    () => {
      const module = runModule({ run: "(i32.const 0)" });
      const data = section(11, vec([[0x02, 1, 0x41, 0, 0x0b, 1, 1]]));
      return Uint8Array.from([...module, ...data]);
    },
    "invalid memory index 1 for data section (having 1 memory) @+98",
  ),
  refused(
    "escape-export-cancel-memory",
    "exports memory 1 under its own name",
    () => runModule({ fields: `(export "flag" (memory 1))`, run: "(i32.const 0)" }),
    "invalid exported memory index 1 (having 1 memory) @+87",
  ),
  {
    name: "escape-set-fuel-global",
    does: "under `--fuel 1000`, sets global 2 (its own global count: the fuel counter) to a " +
      "huge value at every iteration",
    build: () =>
      runModule({
        run: "(loop $l (global.set 2 (i64.const 0x7fffffffffffffff)) (br $l)) (i32.const 0)",
      }),
    run: {
      command: "run",
      flags: ["--fuel", "1000", ...PATIENT],
      stderr: `${COMPILE}: Compiling function #0 failed: Invalid global index: 2 @+106`,
    },
  },
  refused(
    "escape-export-fuel-global",
    "exports global 2, the index the fuel counter would get",
    () => runModule({ fields: `(export "fuel" (global 2))`, run: "(i32.const 0)" }),
    "global index 2 out of bounds (2 entries) @+87",
  ),
  refused(
    "escape-fuel-global-in-data-offset",
    "a data segment offset read from global 2 (`global.get` in a constant expression)",
    () => runModule({ fields: `(data (offset (global.get 2)) "\\01")`, run: "(i32.const 0)" }),
    "Invalid global index: 2 @+100",
  ),
  refused(
    "escape-call-chunking-helper",
    "calls function 1, its own function count: the chunking helper its `memory.fill` adds",
    () => runModule({ run: `${ONE_FILL} (call 1) (i32.const 0)` }),
    "Compiling function #0 failed: function index #1 is out of bounds @+102",
  ),
  refused(
    "escape-start-chunking-helper",
    "names function 1 (the chunking helper) as its start function",
    () => runModule({ fields: "(start 1)", run: `${ONE_FILL} (i32.const 0)` }),
    "function index 1 out of bounds (1 entry) @+89",
  ),
  refused(
    "escape-table-chunking-helper",
    "puts function 1 (the chunking helper) in its table and calls it indirectly",
    () =>
      runModule({
        fields: "(type $v (func)) (table 1 funcref) (elem (i32.const 0) 1)",
        run: `${ONE_FILL} (call_indirect (type $v) (i32.const 0)) (i32.const 0)`,
      }),
    "function index 1 out of bounds (1 entry) @+104",
  ),
  {
    name: "straight-line-fills-256mib",
    does: "100 `memory.fill`s over its whole 256 MiB memory: no loop, no call (about 2 s)",
    build: () =>
      runModule({
        memory: "4096",
        run: `${
          `(memory.fill (i32.const 0) (i32.const 1) (i32.const ${MIB_256}))`.repeat(100)
        } (i32.const 0)`,
      }),
    run: { command: "run", stderr: TIME_LIMIT_IN_STAGE, runaway: true },
  },
  {
    name: "straight-line-copies-256mib",
    does: "100 overlapping `memory.copy`s of 256 MiB: no loop, no call",
    build: () =>
      runModule({
        memory: "4096",
        run: `${
          `(memory.copy (i32.const 1) (i32.const 0) (i32.const ${MIB_256 - 1}))`.repeat(100)
        } (i32.const 0)`,
      }),
    run: { command: "run", stderr: TIME_LIMIT_IN_STAGE, runaway: true },
  },
  {
    name: "one-fill-of-1gib",
    does: "one `memory.fill` of a fresh 1 GiB memory (`--max-memory 1GiB`): one instruction, " +
      "about 600 ms",
    build: () =>
      runModule({
        memory: "16384",
        run: "(memory.fill (i32.const 0) (i32.const 1) (i32.const 0x40000000)) (i32.const 0)",
      }),
    run: {
      command: "run",
      flags: ["--max-memory", "1GiB"],
      stderr: TIME_LIMIT_IN_STAGE,
      runaway: true,
    },
  },
  {
    name: "straight-line-table-fills",
    does: "1000 `table.fill`s of a 1,000,000-element table: no loop, no call",
    build: () =>
      runModule({
        fields: "(table $t 1000000 funcref)",
        run: `${
          "(table.fill $t (i32.const 0) (ref.null func) (i32.const 1000000))".repeat(1000)
        } (i32.const 0)`,
      }),
    run: { command: "run", stderr: TIME_LIMIT_IN_STAGE, runaway: true },
  },
  {
    name: "straight-line-fills-out-of-fuel",
    does: "100 `memory.fill`s of 256 MiB under `--fuel 1000`: each 1 MiB chunk costs fuel",
    build: () =>
      runModule({
        memory: "4096",
        run: `${
          `(memory.fill (i32.const 0) (i32.const 1) (i32.const ${MIB_256}))`.repeat(100)
        } (i32.const 0)`,
      }),
    run: {
      command: "run",
      flags: ["--fuel", "1000", "--timeout-ms", "60000"],
      stderr: `Wasm module exceeded the fuel limit (1000): ${STAGE}`,
    },
  },
];
