/**
 * Chunked bulk operations: `memory.fill`, `memory.copy`, `table.fill` and `table.copy` become
 * calls to helpers that work in CHUNK_BYTES (CHUNK_ELEMENTS) chunks with a check point between
 * chunks. They must write exactly what the
 * instruction writes (overlapping copies in both directions, lengths of many chunks) and trap
 * exactly when and how it traps (out of bounds, offsets that wrap), writing nothing before.
 */

import assert from "node:assert/strict";
import { CHUNK_BYTES, CHUNK_ELEMENTS } from "../../../src/sandbox/instrument/_bulk_helpers.ts";
import { instrumentModule } from "../../../src/sandbox/instrument/instrument_module.ts";
import {
  body,
  exportEntry,
  funcType,
  I32,
  section,
  u32,
  vec,
  wasmModule,
} from "../../../scripts/wasm_bytes.ts";
import { wat } from "./_wat.ts";

/** 64 pages (4 MiB: four chunks) in memory 0, 1 page in memory 1; `seed` fills both. */
const BULK = wat(`(module
  (memory (export "memory") 64)
  (memory (export "small") 1)
  (func (export "seed")
    (local $i i32)
    (loop $next
      (i32.store8 (local.get $i) (i32.mul (local.get $i) (i32.const 31)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 4194304))))
    (memory.fill 1 (i32.const 0) (i32.const 9) (i32.const 65536)))
  (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy_in") (param i32 i32 i32)
    (memory.copy 0 1 (local.get 0) (local.get 1) (local.get 2))))`);

type Call = readonly [name: string, args: readonly number[]];

const MIB = 1 << 20;
const CALLS: readonly Call[] = [
  ["fill", [0, 0xab, 4 * MIB]],
  ["fill", [12345, 7, 2 * MIB + 17]],
  ["fill", [4 * MIB - 1, 1, 1]],
  ["fill", [4 * MIB, 1, 0]],
  ["fill", [4 * MIB - 1, 1, 2]], // one past the end: traps, writes nothing
  ["fill", [16, 1, -1]], // wraps: traps
  ["fill", [4 * MIB + 1, 1, 0]], // offset past the end: traps
  ["copy", [100, 0, 3 * MIB]], // overlapping, destination above: backwards
  ["copy", [0, 100, 3 * MIB]], // overlapping, destination below: forwards
  ["copy", [MIB / 2, 0, CHUNK_BYTES]],
  ["copy", [5, 5, 2 * MIB + 3]],
  ["copy", [0, 4 * MIB - 10, 11]], // source past the end: traps
  ["copy", [4 * MIB - 10, 0, 11]], // destination past the end: traps
  ["copy", [-100, 0, 200]], // wraps: traps
  ["copy_in", [MIB, 0, 65536]],
  ["copy_in", [MIB, 1, 65536]], // source memory too small: traps
];

function observe(bytes: Uint8Array<ArrayBuffer>, call: Call, fuelExport?: string): string {
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes));
  if (fuelExport !== undefined) (exports[fuelExport] as WebAssembly.Global).value = 1n << 40n;
  (exports.seed as () => void)();
  const [name, args] = call;
  let outcome: string;
  try {
    (exports[name] as (...args: number[]) => void)(...args);
    outcome = "returned";
  } catch (error) {
    outcome = `trap ${(error as Error).message}`;
  }
  const memory = new Uint8Array((exports.memory as WebAssembly.Memory).buffer);
  let hash = 0x811c9dc5;
  for (const byte of memory) hash = Math.imul(hash ^ byte, 0x01000193);
  return `${outcome}, memory fnv1a ${(hash >>> 0).toString(16)}`;
}

Deno.test("chunked memory.fill and memory.copy write and trap exactly like the instructions", () => {
  for (const fuel of [false, true]) {
    const rewritten = instrumentModule(BULK, { memoryLimitPages: 128, fuel });
    for (const call of CALLS) {
      const actual = observe(rewritten.bytes, call, rewritten.fuelGlobalExport);
      assert.equal(actual, observe(BULK, call), `${call}, fuel ${fuel}`);
    }
  }
});

Deno.test("a chunked operation costs one check point per chunk", () => {
  const rewritten = instrumentModule(BULK, { memoryLimitPages: 128, fuel: true });
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(rewritten.bytes));
  const fuel = exports[rewritten.fuelGlobalExport!] as WebAssembly.Global;
  const used = (name: string, args: number[]) => {
    fuel.value = 1_000_000n;
    (exports[name] as (...args: number[]) => void)(...args);
    return 1_000_000n - (fuel.value as bigint);
  };
  // The exported function's entry, then one check per chunk.
  assert.equal(used("fill", [0, 1, 4 * CHUNK_BYTES]), 1n + 4n);
  assert.equal(used("fill", [0, 1, 3 * CHUNK_BYTES + 1]), 1n + 4n);
  assert.equal(used("copy", [1, 0, 2 * CHUNK_BYTES]), 1n + 2n);
});

/**
 * A table of 200,000 funcrefs (about three chunks) seeded with a pattern of $a, $b and null,
 * and a passive element segment of 150,000 references.
 */
const TABLES = wat(`(module
  (table $t (export "table") 200000 funcref)
  (table $u 1000 funcref)
  (func $a (export "a")) (func $b (export "b"))
  (func (export "seed")
    (local $i i32)
    (loop $next
      (if (i32.eqz (i32.rem_u (local.get $i) (i32.const 3)))
        (then (table.set $t (local.get $i) (ref.func $a))))
      (if (i32.eq (i32.rem_u (local.get $i) (i32.const 7)) (i32.const 1))
        (then (table.set $t (local.get $i) (ref.func $b))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 200000))))
    (table.fill $u (i32.const 0) (ref.func $b) (i32.const 1000)))
  (func (export "fill") (param i32 i32 i32)
    (table.fill $t (local.get 0)
      (if (result funcref) (local.get 1) (then (ref.func $a)) (else (ref.null func)))
      (local.get 2)))
  (func (export "copy") (param i32 i32 i32)
    (table.copy $t $t (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy_in") (param i32 i32 i32)
    (table.copy $t $u (local.get 0) (local.get 1) (local.get 2)))
  (elem $e func ${"$b $a ".repeat(75_000)})
  (func (export "init") (param i32 i32 i32)
    (table.init $t $e (local.get 0) (local.get 1) (local.get 2)))
  (func (export "drop_init") (param i32 i32 i32)
    (elem.drop $e)
    (table.init $t $e (local.get 0) (local.get 1) (local.get 2))))`);

const TABLE_CALLS: readonly Call[] = [
  ["fill", [0, 1, 200_000]],
  ["fill", [17, 0, 2 * CHUNK_ELEMENTS + 5]],
  ["fill", [199_999, 1, 1]],
  ["fill", [199_999, 1, 2]], // one past the end: traps
  ["fill", [16, 1, -1]], // wraps: traps
  ["copy", [100, 0, 150_000]], // overlapping, destination above
  ["copy", [0, 100, 150_000]], // overlapping, destination below
  ["copy", [3, 3, 70_000]],
  ["copy", [0, 199_990, 11]], // source past the end: traps
  ["copy", [-5, 0, 10]], // wraps: traps
  ["copy_in", [50, 0, 1000]],
  ["copy_in", [50, 1, 1000]], // source table too small: traps
  ["init", [10, 0, 150_000]],
  ["init", [0, 3, 2 * CHUNK_ELEMENTS + 1]],
  ["init", [199_000, 0, 1001]], // destination past the end: traps
  ["init", [0, 149_990, 11]], // source past the segment: traps
  ["drop_init", [0, 0, 0]],
  ["drop_init", [0, 0, 1]], // dropped segment: traps
];

function observeTable(bytes: Uint8Array<ArrayBuffer>, call: Call, fuelExport?: string): string {
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes));
  if (fuelExport !== undefined) (exports[fuelExport] as WebAssembly.Global).value = 1n << 40n;
  (exports.seed as () => void)();
  const [name, args] = call;
  let outcome: string;
  try {
    (exports[name] as (...args: number[]) => void)(...args);
    outcome = "returned";
  } catch (error) {
    outcome = `trap ${(error as Error).message}`;
  }
  const table = exports.table as WebAssembly.Table;
  let hash = 0x811c9dc5;
  for (let index = 0; index < table.length; index++) {
    const entry = table.get(index);
    const code = entry === null ? 0 : entry === exports.a ? 1 : entry === exports.b ? 2 : 3;
    hash = Math.imul(hash ^ code, 0x01000193);
  }
  return `${outcome}, table fnv1a ${(hash >>> 0).toString(16)}`;
}

Deno.test("chunked table.fill, table.copy and table.init write and trap exactly like the instructions", () => {
  for (const fuel of [false, true]) {
    const rewritten = instrumentModule(TABLES, { memoryLimitPages: 16, fuel });
    for (const call of TABLE_CALLS) {
      const actual = observeTable(rewritten.bytes, call, rewritten.fuelGlobalExport);
      assert.equal(actual, observeTable(TABLES, call), `${call}, fuel ${fuel}`);
    }
  }
});

Deno.test("a chunked table operation costs one check point per chunk", () => {
  const rewritten = instrumentModule(TABLES, { memoryLimitPages: 16, fuel: true });
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(rewritten.bytes));
  const fuel = exports[rewritten.fuelGlobalExport!] as WebAssembly.Global;
  fuel.value = 1_000_000n;
  (exports.fill as (...args: number[]) => void)(0, 1, 3 * CHUNK_ELEMENTS);
  assert.equal(1_000_000n - (fuel.value as bigint), 1n + 3n);
  fuel.value = 1_000_000n;
  (exports.init as (...args: number[]) => void)(0, 0, 2 * CHUNK_ELEMENTS + 1);
  assert.equal(1_000_000n - (fuel.value as bigint), 1n + 3n);
});

/**
 * `init(d, s, n)` = `memory.init 0` from a passive segment of 2.5 MiB (three chunks) into 64
 * pages, `drop()` = `data.drop 0`, built byte by byte (the text format would quote 2.5 MB).
 */
function memoryInitModule(): Uint8Array<ArrayBuffer> {
  const segment = new Uint8Array(5 * CHUNK_BYTES / 2).map((_, index) => (index * 13) & 0xff);
  const init = [0x20, 0, 0x20, 1, 0x20, 2, 0xfc, 0x08, 0, 0, 0x0b];
  const head = wasmModule(
    section(1, vec([funcType([I32, I32, I32], []), funcType([], [])])),
    section(3, vec([[0], [1]])),
    section(5, vec([[0x00, 64]])),
    section(
      7,
      vec([exportEntry("memory", 2, 0), exportEntry("init", 0, 0), exportEntry("drop", 0, 1)]),
    ),
    section(12, [1]),
    section(10, vec([body([], init), body([], [0xfc, 0x09, 0, 0x0b])])),
  );
  const dataHead = [0x01, ...u32(segment.length)];
  const payload = [...u32(1), ...dataHead];
  const data = [11, ...u32(payload.length + segment.length), ...payload];
  const bytes = new Uint8Array(head.length + data.length + segment.length);
  bytes.set(head);
  bytes.set(data, head.length);
  bytes.set(segment, head.length + data.length);
  return bytes;
}

const INIT_CALLS: readonly (readonly number[])[] = [
  [0, 0, 5 * CHUNK_BYTES / 2],
  [7, 100, 2 * CHUNK_BYTES + 3],
  [4 * CHUNK_BYTES - 10, 0, 10],
  [4 * CHUNK_BYTES - 10, 0, 11], // destination past the end: traps
  [0, 5 * CHUNK_BYTES / 2 - 5, 6], // source past the segment: traps
  [0, 1, -1], // wraps: traps
];

Deno.test("chunked memory.init writes and traps exactly like the instruction, dropped or not", () => {
  const original = memoryInitModule();
  const observeInit = (bytes: Uint8Array<ArrayBuffer>, args: readonly number[], drop: boolean) => {
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes));
    if (drop) (exports.drop as () => void)();
    let outcome = "returned";
    try {
      (exports.init as (...args: number[]) => void)(...args);
    } catch (error) {
      outcome = `trap ${(error as Error).message}`;
    }
    const memory = new Uint8Array((exports.memory as WebAssembly.Memory).buffer);
    let hash = 0x811c9dc5;
    for (const byte of memory) hash = Math.imul(hash ^ byte, 0x01000193);
    return `${outcome}, memory fnv1a ${(hash >>> 0).toString(16)}`;
  };
  const rewritten = instrumentModule(original, { memoryLimitPages: 64, fuel: false }).bytes;
  const metered = instrumentModule(original, { memoryLimitPages: 64, fuel: true });
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(metered.bytes));
  const fuel = exports[metered.fuelGlobalExport!] as WebAssembly.Global;
  fuel.value = 1_000_000n;
  (exports.init as (...args: number[]) => void)(0, 0, 5 * CHUNK_BYTES / 2);
  assert.equal(1_000_000n - (fuel.value as bigint), 1n + 3n, "one check per chunk");
  for (const args of [...INIT_CALLS, [0, 0, 0]]) {
    for (const drop of [false, true]) {
      assert.equal(
        observeInit(rewritten, args, drop),
        observeInit(original, args, drop),
        `${args}, dropped ${drop}`,
      );
    }
  }
});
