/**
 * Chunked bulk operations: `memory.fill` and `memory.copy` become calls to helpers that work in
 * CHUNK_BYTES chunks with a check point between chunks. They must write exactly what the
 * instruction writes (overlapping copies in both directions, lengths of many chunks) and trap
 * exactly when and how it traps (out of bounds, offsets that wrap), writing nothing before.
 */

import assert from "node:assert/strict";
import { CHUNK_BYTES } from "../../../src/sandbox/instrument/_bulk_helpers.ts";
import { instrumentModule } from "../../../src/sandbox/instrument/instrument_module.ts";
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
