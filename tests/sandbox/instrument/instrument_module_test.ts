/**
 * The shape of the rewrite: what is reported (imports, export signatures, added export
 * names), what is added and where, what is removed, and that no index moves.
 */

import assert from "node:assert/strict";
import { instrumentModule } from "../../../src/sandbox/instrument/instrument_module.ts";
import { assertSameResults, call } from "./_differential.ts";
import { wat } from "./_wat.ts";
import {
  body,
  customSection,
  exportEntry,
  EXTERNREF,
  F32,
  F64,
  FUNCREF,
  funcType,
  I32,
  I64,
  name,
  section,
  V128,
  vec,
  wasmModule,
} from "../../../scripts/wasm_bytes.ts";

const OPTIONS = { memoryLimitPages: 16, fuel: false } as const;

/** Every section kind, imports of every kind, colliding export names and custom sections. */
function everySectionModule(): Uint8Array<ArrayBuffer> {
  return wasmModule(
    customSection("sourceMappingURL", name("module.wasm.map")),
    section(
      1,
      vec([
        funcType([], []),
        funcType([I32], [I32, I64]),
        funcType([EXTERNREF, F32, F64, V128], [FUNCREF]),
        funcType([I32], []),
      ]),
    ),
    section(
      2,
      vec([
        [...name("env"), ...name("f"), 0x00, 3],
        [...name("env"), ...name("t"), 0x01, FUNCREF, 0x00, 1],
        [...name("env"), ...name("m"), 0x02, 0x00, 1],
        [...name("env"), ...name("g"), 0x03, I32, 0],
        [...name("env"), ...name("e"), 0x04, 0, 3],
      ]),
    ),
    section(3, vec([[0], [1], [2]])),
    section(4, vec([[FUNCREF, 0x00, 2]])),
    section(5, vec([[0x00, 1]])),
    section(13, vec([[0, 0]])),
    section(6, vec([[I64, 1, 0x42, 5, 0x0b], [F32, 0, 0x43, 0, 0, 0xc0, 0x3f, 0x0b]])),
    section(
      7,
      vec([
        exportEntry("pair", 0, 2),
        exportEntry("refs", 0, 3),
        exportEntry("imported_f", 0, 0),
        exportEntry("g_i64", 3, 1),
        exportEntry("g_f32", 3, 2),
        exportEntry("g_imported", 3, 0),
        exportEntry("mem", 2, 1),
        exportEntry("tab", 1, 1),
        exportEntry("tag", 4, 1),
        exportEntry("__qip_cancel", 0, 2),
        exportEntry("__qip_start", 3, 1),
      ]),
    ),
    section(8, [1]),
    section(9, vec([[0x00, 0x41, 0, 0x0b, 1, 2]])),
    section(12, [1]),
    customSection(".debug_info", [1, 2, 3]),
    section(
      10,
      vec([
        body([], [0x0b]),
        body([], [0x20, 0, 0x42, 1, 0x0b]),
        body([], [0xd0, 0x70, 0x0b]),
      ]),
    ),
    customSection("metadata.code.branch_hint", [0]),
    section(11, vec([[0x02, 1, 0x41, 0, 0x0b, 2, 0xaa, 0xbb]])),
    customSection("name", nameSubsection(1, vec([[1, ...name("init")]]))),
  );
}

/** A name section subsection: id, size, content (id 1 names functions). */
function nameSubsection(id: number, content: readonly number[]): number[] {
  return [id, content.length, ...content];
}

Deno.test("instrumentModule() reports imports in order with their kinds", () => {
  const rewritten = instrumentModule(everySectionModule(), OPTIONS);
  assert.deepEqual(rewritten.imports, [
    { module: "env", name: "f", kind: "function" },
    { module: "env", name: "t", kind: "table" },
    { module: "env", name: "m", kind: "memory" },
    { module: "env", name: "g", kind: "global" },
    { module: "env", name: "e", kind: "tag" },
  ]);
  const module = new WebAssembly.Module(rewritten.bytes);
  assert.deepEqual(
    WebAssembly.Module.imports(module),
    WebAssembly.Module.imports(new WebAssembly.Module(everySectionModule())),
  );
});

Deno.test("instrumentModule() reports every exported function's signature, imported ones too", () => {
  const rewritten = instrumentModule(everySectionModule(), OPTIONS);
  assert.deepEqual(
    rewritten.functionExports,
    new Map([
      ["pair", { params: ["i32"], results: ["i32", "i64"] }],
      ["refs", { params: ["ref", "f32", "f64", "v128"], results: ["ref"] }],
      ["imported_f", { params: ["i32"], results: [] }],
      ["__qip_cancel", { params: ["i32"], results: ["i32", "i64"] }],
    ]),
  );
});

Deno.test("instrumentModule() reports every exported global's value type, imported ones too", () => {
  const rewritten = instrumentModule(everySectionModule(), OPTIONS);
  assert.deepEqual(
    rewritten.globalExports,
    new Map([["g_i64", "i64"], ["g_f32", "f32"], ["g_imported", "i32"], ["__qip_start", "i64"]]),
  );
});

Deno.test("instrumentModule() picks export names that do not collide (__qip_cancel taken)", () => {
  const rewritten = instrumentModule(everySectionModule(), { memoryLimitPages: 16, fuel: true });
  assert.equal(rewritten.cancelMemoryExport, "__qip_cancel_1");
  assert.equal(rewritten.startExport, "__qip_start_1");
  assert.equal(rewritten.fuelGlobalExport, "__qip_fuel");
  const original = WebAssembly.Module.exports(new WebAssembly.Module(everySectionModule()));
  assert.deepEqual(WebAssembly.Module.exports(new WebAssembly.Module(rewritten.bytes)), [
    ...original,
    { name: "__qip_cancel_1", kind: "memory" },
    { name: "__qip_fuel", kind: "global" },
    { name: "__qip_start_1", kind: "function" },
  ]);
});

Deno.test("instrumentModule() drops custom sections that refer to code offsets and keeps the rest", () => {
  const module = new WebAssembly.Module(instrumentModule(everySectionModule(), OPTIONS).bytes);
  const count = (sectionName: string) =>
    WebAssembly.Module.customSections(module, sectionName).length;
  assert.deepEqual(
    ["sourceMappingURL", "name", ".debug_info", "metadata.code.branch_hint"].map(count),
    [1, 1, 0, 0],
  );
});

Deno.test("instrumentModule() validates a module with every section kind (with and without fuel)", () => {
  for (const fuel of [false, true]) {
    const rewritten = instrumentModule(everySectionModule(), { memoryLimitPages: 16, fuel });
    assert.ok(WebAssembly.validate(rewritten.bytes));
  }
});

Deno.test("instrumentModule() removes the start section and exports the start function", () => {
  const bytes = wat(`(module
    (global $ran (export "ran") (mut i32) (i32.const 0))
    (func $init (global.set $ran (i32.add (global.get $ran) (i32.const 1))))
    (start $init))`);
  const rewritten = instrumentModule(bytes, OPTIONS);
  assert.equal(rewritten.startExport, "__qip_start");
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(rewritten.bytes));
  const ran = exports.ran as WebAssembly.Global;
  assert.equal(ran.value, 0, "instantiation no longer runs the start function");
  (exports.__qip_start as () => void)();
  assert.equal(ran.value, 1);
});

Deno.test("instrumentModule() reports no start export for a module without a start section", () => {
  assert.equal(instrumentModule(wat(`(module)`), OPTIONS).startExport, undefined);
});

Deno.test("instrumentModule() adds the cancel memory after existing memories (imported + 2 defined)", () => {
  const bytes = wat(`(module
    (import "env" "m" (memory 4))
    (memory (export "a") 2)
    (memory (export "b") 3)
    (global (export "g") i32 (i32.const 9))
    (func (export "sizes") (result i32)
      (i32.add (i32.mul (memory.size 0) (i32.const 100))
        (i32.add (i32.mul (memory.size 1) (i32.const 10)) (memory.size 2)))))`);
  const rewritten = instrumentModule(bytes, { memoryLimitPages: 16, fuel: true });
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(rewritten.bytes), {
    env: { m: new WebAssembly.Memory({ initial: 4 }) },
  });
  const fuel = exports[rewritten.fuelGlobalExport!] as WebAssembly.Global;
  assert.equal(fuel.value, 0n);
  fuel.value = 10n;
  assert.equal(call(exports, "sizes"), 423);
  assert.equal(fuel.value, 9n);
  assert.equal((exports.a as WebAssembly.Memory).buffer.byteLength, 2 * 65_536);
  assert.equal((exports.b as WebAssembly.Memory).buffer.byteLength, 3 * 65_536);
  const cancel = exports[rewritten.cancelMemoryExport] as WebAssembly.Memory;
  assert.ok(cancel.buffer instanceof SharedArrayBuffer);
  assert.equal(cancel.buffer.byteLength, 65_536);
  assert.equal((exports.g as WebAssembly.Global).value, 9);
});

Deno.test("instrumentModule() checks the flag at function entry (flag set before a loop-free call)", () => {
  const bytes = wat(`(module (func (export "one") (result i32) (i32.const 1)))`);
  const rewritten = instrumentModule(bytes, OPTIONS);
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(rewritten.bytes));
  assert.equal(call(exports, "one"), 1);
  const cancel = exports[rewritten.cancelMemoryExport] as WebAssembly.Memory;
  Atomics.store(new Int32Array(cancel.buffer), 0, 1);
  assert.throws(() => call(exports, "one"), { name: "RuntimeError", message: "unreachable" });
  Atomics.store(new Int32Array(cancel.buffer), 0, 0);
  assert.equal(call(exports, "one"), 1);
});

Deno.test("instrumentModule() places new sections in order around a tag section (no memory, no global)", () => {
  const bytes = wasmModule(
    section(1, vec([funcType([], [I32]), funcType([], [])])),
    section(3, vec([[0]])),
    section(13, vec([[0, 1]])),
    section(7, vec([exportEntry("five", 0, 0)])),
    section(10, vec([body([], [0x41, 5, 0x0b])])),
  );
  const results = assertSameResults(bytes, (exports) => [call(exports, "five")]);
  assert.deepEqual(results, [5]);
});

Deno.test("instrumentModule() instruments an empty module", () => {
  const rewritten = instrumentModule(wasmModule(), { memoryLimitPages: 0, fuel: true });
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(rewritten.bytes));
  assert.deepEqual(Object.keys(exports), ["__qip_cancel", "__qip_fuel"]);
});

Deno.test("instrumentModule() re-encodes body and section sizes that outgrow their LEB128 (300 loops)", () => {
  const loops = Array.from(
    { length: 300 },
    (_, index) =>
      `(local.set $i (i32.const 0))
       (loop $l${index}
         (local.set $acc (i32.add (local.get $acc) (i32.const ${index})))
         (local.set $i (i32.add (local.get $i) (i32.const 1)))
         (br_if $l${index} (i32.lt_u (local.get $i) (i32.const 3))))`,
  ).join("\n");
  const small = Array.from(
    { length: 200 },
    (_, index) => `(func (export "f${index}") (result i32) (i32.const ${index}))`,
  ).join("\n");
  const bytes = wat(`(module
    (func (export "many_loops") (result i32) (local $i i32) (local $acc i32) ${loops} (local.get $acc))
    ${small})`);
  const results = assertSameResults(bytes, (exports) => [
    call(exports, "many_loops"),
    Array.from({ length: 200 }, (_, index) => call(exports, `f${index}`)),
  ]);
  assert.equal((results as unknown[])[0], 3 * (299 * 300) / 2);
});
