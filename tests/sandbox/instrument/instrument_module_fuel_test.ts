/**
 * Fuel: every check point (function entry, loop header) costs one unit; running out traps
 * with the fuel global at exactly -1, and the fuel left after a run is deterministic.
 */

import assert from "node:assert/strict";
import { instrumentModule } from "../../../src/sandbox/instrument/instrument_module.ts";
import { wat } from "./_wat.ts";

/**
 * `count(n)` runs its loop header n + 1 times (the last one exits) after one function
 * entry: n + 2 check points. `countdown(n)` recurses without loops: n + 1 entries.
 */
const COUNTER = wat(`(module
  (func (export "count") (param $n i32) (result i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $i))
  (func $countdown (export "countdown") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $countdown (i32.sub (local.get $n) (i32.const 1))))))))`);

interface Metered {
  run(name: string, n: number, fuel: bigint): { result: number | "trap"; fuelLeft: bigint };
}

function metered(bytes: Uint8Array<ArrayBuffer>): Metered {
  const rewritten = instrumentModule(bytes, { memoryLimitPages: 16, fuel: true });
  assert.ok(rewritten.fuelGlobalExport !== undefined);
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(rewritten.bytes));
  const fuelGlobal = exports[rewritten.fuelGlobalExport] as WebAssembly.Global;
  return {
    run(name, n, fuel) {
      fuelGlobal.value = fuel;
      let result: number | "trap";
      try {
        result = (exports[name] as (n: number) => number)(n);
      } catch (error) {
        assert.ok(error instanceof WebAssembly.RuntimeError);
        assert.equal(error.message, "unreachable");
        result = "trap";
      }
      return { result, fuelLeft: fuelGlobal.value as bigint };
    },
  };
}

Deno.test("instrumentModule() with fuel charges one unit per check point (count 10 with 100)", () => {
  assert.deepEqual(metered(COUNTER).run("count", 10, 100n), { result: 10, fuelLeft: 88n });
});

Deno.test("instrumentModule() with fuel completes on an exact budget (count 10 with 12)", () => {
  assert.deepEqual(metered(COUNTER).run("count", 10, 12n), { result: 10, fuelLeft: 0n });
});

Deno.test("instrumentModule() with fuel traps at -1 one unit short (count 10 with 11)", () => {
  assert.deepEqual(metered(COUNTER).run("count", 10, 11n), { result: "trap", fuelLeft: -1n });
});

Deno.test("instrumentModule() with fuel traps at -1 with no fuel at all (count 10 with 0)", () => {
  assert.deepEqual(metered(COUNTER).run("count", 10, 0n), { result: "trap", fuelLeft: -1n });
});

Deno.test("instrumentModule() with fuel stops an infinite loop deterministically (count 2^32-1 with 1000)", () => {
  const module = metered(COUNTER);
  assert.deepEqual(module.run("count", -1, 1000n), { result: "trap", fuelLeft: -1n });
  assert.deepEqual(module.run("count", -1, 1000n), { result: "trap", fuelLeft: -1n });
});

Deno.test("instrumentModule() with fuel charges recursion at function entries (countdown 50)", () => {
  const module = metered(COUNTER);
  assert.deepEqual(module.run("countdown", 50, 51n), { result: 50, fuelLeft: 0n });
  assert.deepEqual(module.run("countdown", 50, 50n), { result: "trap", fuelLeft: -1n });
});

Deno.test("instrumentModule() with fuel exports a mutable i64 global starting at 0", () => {
  const rewritten = instrumentModule(COUNTER, { memoryLimitPages: 16, fuel: true });
  const module = new WebAssembly.Module(rewritten.bytes);
  assert.deepEqual(
    WebAssembly.Module.exports(module).filter((entry) => entry.name === rewritten.fuelGlobalExport),
    [{ name: "__qip_fuel", kind: "global" }],
  );
  const { exports } = new WebAssembly.Instance(module);
  const fuelGlobal = exports.__qip_fuel as WebAssembly.Global;
  assert.equal(fuelGlobal.value, 0n);
  fuelGlobal.value = 5n; // throws if immutable
  assert.equal(fuelGlobal.value, 5n);
});

Deno.test("instrumentModule() without fuel adds no fuel global", () => {
  const rewritten = instrumentModule(COUNTER, { memoryLimitPages: 16, fuel: false });
  assert.equal(rewritten.fuelGlobalExport, undefined);
  const kinds = WebAssembly.Module.exports(new WebAssembly.Module(rewritten.bytes))
    .map((entry) => entry.kind);
  assert.ok(!kinds.includes("global"));
});
