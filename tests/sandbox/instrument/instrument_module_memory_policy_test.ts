/**
 * The memory policy: defined memories get a maximum of at most the limit (so `memory.grow`
 * past it returns -1), and a minimum above the limit is refused with an exact error.
 */

import assert from "node:assert/strict";
import { instrumentModule } from "../../../src/sandbox/instrument/instrument_module.ts";
import { QipError } from "../../../src/errors.ts";
import { wat } from "./_wat.ts";

function growProbe(memoryDecl: string, addressType: "i32" | "i64" = "i32") {
  return wat(`(module
    ${memoryDecl}
    (func (export "grow") (param $pages ${addressType}) (result ${addressType})
      (memory.grow (local.get $pages)))
    (func (export "size") (result ${addressType}) (memory.size)))`);
}

function instantiate(bytes: Uint8Array<ArrayBuffer>, memoryLimitPages: number) {
  const rewritten = instrumentModule(bytes, { memoryLimitPages, fuel: false });
  return new WebAssembly.Instance(new WebAssembly.Module(rewritten.bytes)).exports as Record<
    string,
    (pages?: number | bigint) => number | bigint
  >;
}

Deno.test("instrumentModule() refuses a memory minimum above the limit (5000 pages, limit 4096)", () => {
  assert.throws(
    () => instrumentModule(growProbe("(memory 5000)"), { memoryLimitPages: 4096, fuel: false }),
    (error: unknown) => {
      assert.ok(error instanceof QipError);
      assert.equal(error.kind, "memory_policy");
      assert.equal(error.specMessage, "Wasm module exceeds the memory limit");
      assert.equal(
        error.detail,
        "memory 0 declares a minimum of 5000 pages (312.5 MiB), --max-memory allows 4096 pages (256 MiB)",
      );
      return true;
    },
  );
});

Deno.test("instrumentModule() names the memory index past imported memories (memory 1, 17 pages, limit 16)", () => {
  const bytes = wat(`(module (import "env" "m" (memory 1)) (memory 17))`);
  assert.throws(() => instrumentModule(bytes, { memoryLimitPages: 16, fuel: false }), {
    name: "QipError",
    message: "Wasm module exceeds the memory limit: memory 1 declares a minimum of 17 pages " +
      "(1.1 MiB), --max-memory allows 16 pages (1 MiB)",
  });
});

Deno.test("instrumentModule() checks every defined memory (second of two, limit 2)", () => {
  const bytes = wat(`(module (memory 1) (memory 3 5))`);
  assert.throws(() => instrumentModule(bytes, { memoryLimitPages: 2, fuel: false }), {
    message: "Wasm module exceeds the memory limit: memory 1 declares a minimum of 3 pages " +
      "(192 KiB), --max-memory allows 2 pages (128 KiB)",
  });
});

Deno.test("instrumentModule() accepts a minimum equal to the limit (4 pages, limit 4)", () => {
  const exports = instantiate(growProbe("(memory 4)"), 4);
  assert.equal(exports.grow!(1), -1);
  assert.equal(exports.size!(), 4);
});

Deno.test("instrumentModule() clamps a memory without maximum to the limit (1 page, limit 4)", () => {
  const exports = instantiate(growProbe("(memory 1)"), 4);
  assert.equal(exports.grow!(3), 1);
  assert.equal(exports.grow!(1), -1);
  assert.equal(exports.size!(), 4);
});

Deno.test("instrumentModule() clamps a larger declared maximum to the limit (max 100, limit 3)", () => {
  const exports = instantiate(growProbe("(memory 1 100)"), 3);
  assert.equal(exports.grow!(3), -1);
  assert.equal(exports.grow!(2), 1);
  assert.equal(exports.size!(), 3);
});

Deno.test("instrumentModule() keeps a smaller declared maximum (max 2, limit 10)", () => {
  const exports = instantiate(growProbe("(memory 1 2)"), 10);
  assert.equal(exports.grow!(2), -1);
  assert.equal(exports.grow!(1), 1);
});

Deno.test("instrumentModule() clamps a shared memory and keeps it shared (max 8, limit 4)", () => {
  const bytes = wat(`(module
    (memory (export "mem") 1 8 shared)
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))`);
  const rewritten = instrumentModule(bytes, { memoryLimitPages: 4, fuel: false });
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(rewritten.bytes));
  assert.ok((exports.mem as WebAssembly.Memory).buffer instanceof SharedArrayBuffer);
  assert.equal((exports.grow as (pages: number) => number)(4), -1);
  assert.equal((exports.grow as (pages: number) => number)(3), 1);
});

Deno.test("instrumentModule() clamps a memory64 memory and keeps it 64-bit (limit 3)", () => {
  const exports = instantiate(growProbe("(memory i64 1)", "i64"), 3);
  assert.equal(exports.grow!(3n), -1n);
  assert.equal(exports.grow!(2n), 1n);
  assert.equal(exports.size!(), 3n);
});

Deno.test("instrumentModule() caps a 32-bit memory at 65536 pages when the limit is higher", () => {
  const rewritten = instrumentModule(growProbe("(memory 1)"), {
    memoryLimitPages: 100_000,
    fuel: false,
  });
  assert.ok(WebAssembly.validate(rewritten.bytes));
});

Deno.test("instrumentModule() leaves imported memories alone (import min 50, limit 4)", () => {
  const bytes = wat(`(module (import "env" "m" (memory 50)) (memory 1))`);
  const rewritten = instrumentModule(bytes, { memoryLimitPages: 4, fuel: false });
  const imported = new WebAssembly.Memory({ initial: 50 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(rewritten.bytes), {
    env: { m: imported },
  });
  assert.ok(instance.exports.__qip_cancel instanceof WebAssembly.Memory);
});

Deno.test("instrumentModule() refuses a memoryLimitPages that is not a non-negative integer (-1)", () => {
  assert.throws(
    () => instrumentModule(growProbe("(memory 1)"), { memoryLimitPages: -1, fuel: false }),
    {
      name: "QipError",
      message: "Cannot instrument with memoryLimitPages -1: value must be an integer of at least 0",
    },
  );
});
