/**
 * Where the rewrite puts check points besides function entries and loops (before bulk
 * operations, and every STRAIGHT_LINE_CHECK_INTERVAL instructions of straight-line code),
 * counted exactly with fuel; and how much code it takes: a function the checks would push over
 * V8's body limit, code sections above qip's bounds, and index spaces the rewrite would push
 * over V8's limits are refused before any rewrite.
 */

import assert from "node:assert/strict";
import { QipError } from "../../../src/errors.ts";
import { compileStage } from "../../../src/sandbox/compile_stage.ts";
import {
  ENGINE_MAX_FUNCTION_BYTES,
  MAX_CODE_BYTES,
  MAX_FUNCTIONS,
} from "../../../src/sandbox/instrument/_code_limits.ts";
import { STRAIGHT_LINE_CHECK_INTERVAL } from "../../../src/sandbox/instrument/_code_section.ts";
import { instrumentModule } from "../../../src/sandbox/instrument/instrument_module.ts";
import {
  body,
  exportEntry,
  funcType,
  section,
  u32,
  vec,
  wasmModule,
} from "../../../scripts/wasm_bytes.ts";

/** One exported function `run: () -> ()` with `code` (without its `end`), and one memory page. */
function runModule(code: readonly number[]): Uint8Array<ArrayBuffer> {
  return wasmModule(
    section(1, vec([funcType([], [])])),
    section(3, vec([[0]])),
    section(5, vec([[0x00, 1]])),
    section(7, vec([exportEntry("run", 0, 0)])),
    section(10, vec([body([], [...code, 0x0b])])),
  );
}

/** Runs `run` with ample fuel and returns how much it used. */
function fuelUsed(bytes: Uint8Array<ArrayBuffer>): bigint {
  const rewritten = instrumentModule(bytes, { memoryLimitPages: 16, fuel: true });
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(rewritten.bytes));
  const fuel = exports[rewritten.fuelGlobalExport!] as WebAssembly.Global;
  fuel.value = 1_000_000n;
  (exports.run as () => void)();
  return 1_000_000n - (fuel.value as bigint);
}

function assertRefused(run: () => unknown, detail: RegExp): void {
  assert.throws(run, (error) => {
    assert.ok(error instanceof QipError);
    assert.equal(error.message.split(":")[0], "Wasm module could not be compiled");
    assert.match(error.detail ?? "", detail);
    return true;
  });
}

Deno.test("straight-line code gets a check point every STRAIGHT_LINE_CHECK_INTERVAL instructions", () => {
  const nops = (count: number) => runModule(new Array(count).fill(0x01));
  // The entry, then one after each full interval (the final `end` is an instruction too).
  assert.equal(fuelUsed(nops(STRAIGHT_LINE_CHECK_INTERVAL - 2)), 1n);
  assert.equal(fuelUsed(nops(STRAIGHT_LINE_CHECK_INTERVAL * 2 + 500)), 3n);
});

Deno.test("every bulk operation and memory.grow is a check point", () => {
  const fill = [0x41, 0, 0x41, 7, 0x41, 16, 0xfc, 0x0b, 0];
  const copy = [0x41, 16, 0x41, 0, 0x41, 16, 0xfc, 0x0a, 0, 0];
  const grow = [0x41, 0, 0x40, 0, 0x1a];
  assert.equal(fuelUsed(runModule([...fill, ...copy, ...fill, ...grow])), 5n);
  // A bulk operation first in the body is covered by the entry's check.
  assert.equal(fuelUsed(runModule([0x41, 0, 0x41, 0, 0x41, 0, 0xfc, 0x0b, 0])), 2n);
});

/** A module with one function whose body is `loopCount` empty loops: valid as written. */
function emptyLoops(loopCount: number): Uint8Array<ArrayBuffer> {
  const code = new Uint8Array(1 + loopCount * 3 + 1);
  for (let index = 0; index < loopCount; index++) code.set([0x03, 0x40, 0x0b], 1 + index * 3);
  code[code.length - 1] = 0x0b;
  const bodyBytes = [...u32(code.length)];
  const payload = [...u32(1), ...bodyBytes];
  const head = wasmModule(
    section(1, vec([funcType([], [])])),
    section(3, vec([[0]])),
  );
  const codeSection = [10, ...u32(payload.length + code.length), ...payload];
  const bytes = new Uint8Array(head.length + codeSection.length + code.length);
  bytes.set(head);
  bytes.set(codeSection, head.length);
  bytes.set(code, head.length + codeSection.length);
  return bytes;
}

Deno.test("a function the checks would push over V8's body limit is refused, naming it", () => {
  const bytes = emptyLoops(2_000_000);
  assert.ok(WebAssembly.validate(bytes), "valid as written");
  assertRefused(
    () => instrumentModule(bytes, { memoryLimitPages: 16, fuel: false }),
    new RegExp(
      `^function 0 is 6000002 bytes and would be \\d+ bytes with its 2000001 check points, ` +
        `above the engine's limit of ${ENGINE_MAX_FUNCTION_BYTES} bytes per function$`,
    ),
  );
});

Deno.test("a code section above qip's bounds is refused before anything is decoded", async () => {
  // MAX_FUNCTIONS + 1 bodies `end`: valid as written.
  const bodies = MAX_FUNCTIONS + 1;
  const many = wasmModule(
    section(1, vec([funcType([], [])])),
    [3, ...u32(u32(bodies).length + bodies), ...u32(bodies), ...new Array(bodies).fill(0)],
    [
      10,
      ...u32(u32(bodies).length + bodies * 3),
      ...u32(bodies),
      ...new Array(bodies).fill([2, 0, 0x0b]).flat(),
    ],
  );
  assert.ok(WebAssembly.validate(many), "valid as written");
  const refusal = new RegExp(
    `^the code section holds ${bodies} functions, qip compiles at most ${MAX_FUNCTIONS}$`,
  );
  assertRefused(() => instrumentModule(many, { memoryLimitPages: 16, fuel: false }), refusal);
  await assert.rejects(
    compileStage(many, { source: "many.wasm", digest: "" }, { memoryLimitPages: 16, fuel: false }),
    (error) => error instanceof QipError && refusal.test(error.detail ?? ""),
  );
  // A code section one byte above the bound: refused from its header, before its bytes are read.
  const big = new Uint8Array(MAX_CODE_BYTES + 64);
  big.set([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 10, ...u32(MAX_CODE_BYTES + 1)]);
  assertRefused(
    () => instrumentModule(big, { memoryLimitPages: 16, fuel: false }),
    new RegExp(
      `^the code section is ${
        MAX_CODE_BYTES + 1
      } bytes, qip compiles at most ${MAX_CODE_BYTES} bytes of code$`,
    ),
  );
});

Deno.test("compileStage() blames the module as written, before any rewrite", async () => {
  // i32.store into memory 1 with one memory: valid only once the cancel memory is appended.
  const escape = runModule([0x41, 0, 0x41, 0, 0x36, 0x42, 1, 0]);
  await assert.rejects(
    compileStage(escape, { source: "escape.wasm", digest: "" }, {
      memoryLimitPages: 16,
      fuel: false,
    }),
    (error) => {
      assert.ok(error instanceof QipError);
      assert.equal(error.kind, "compile");
      assert.equal(error.message.split(":")[0], "Wasm module could not be compiled");
      assert.doesNotMatch(error.detail ?? "", /cannot instrument|instrumented/);
      assert.match(error.detail ?? "", /memory/);
      return true;
    },
  );
});

Deno.test("index spaces the rewrite would push over V8's limits are refused before it", () => {
  const memories = (count: number) => wasmModule(section(5, vec(new Array(count).fill([0, 0]))));
  assert.ok(WebAssembly.validate(memories(100_000)), "valid as written");
  assertRefused(
    () => instrumentModule(memories(100_000), { memoryLimitPages: 16, fuel: false }),
    /^the module has 100000 memories and the rewrite adds 1, above the engine's limit of 100000 memories$/,
  );
  const rewritten = instrumentModule(memories(99_999), { memoryLimitPages: 16, fuel: false });
  assert.ok(WebAssembly.validate(rewritten.bytes), "one below the limit still compiles");
  const exports = wasmModule(
    section(1, vec([funcType([], [])])),
    section(3, vec([[0]])),
    section(7, vec(Array.from({ length: 99_999 }, (_, index) => exportEntry(`e${index}`, 0, 0)))),
    section(10, vec([body([], [0x0b])])),
  );
  assertRefused(
    () => instrumentModule(exports, { memoryLimitPages: 16, fuel: true }),
    /^the module has 99999 exports and the rewrite adds 2, above the engine's limit of 100000 exports$/,
  );
});
