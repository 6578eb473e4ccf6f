/**
 * Bytes the instrumenter cannot decode raise `QipError` kind "compile" with a detail that
 * names the problem and its byte offset in the input.
 */

import assert from "node:assert/strict";
import { instrumentModule } from "../../../src/sandbox/instrument/instrument_module.ts";
import { QipError } from "../../../src/errors.ts";
import { body, funcType, section, vec, wasmModule } from "../../../scripts/wasm_bytes.ts";

const OPTIONS = { memoryLimitPages: 16, fuel: false } as const;

/** A module with one `() -> ()` function whose code (after empty locals) is `code`; the
 * code starts at byte 23: header 8, type section 6, function section 4, code section id,
 * size, count, body size and locals 5. */
function oneFunction(code: readonly number[]): Uint8Array<ArrayBuffer> {
  return wasmModule(
    section(1, vec([funcType([], [])])),
    section(3, vec([[0]])),
    section(10, vec([body([], code)])),
  );
}
const CODE_AT = 23;

function assertCannotCompile(bytes: Uint8Array, detail: string): void {
  assert.throws(() => instrumentModule(bytes, OPTIONS), (error: unknown) => {
    assert.ok(error instanceof QipError);
    assert.equal(error.kind, "compile");
    assert.equal(error.specMessage, "Wasm module could not be compiled");
    assert.equal(error.detail, detail);
    return true;
  });
}

Deno.test("instrumentModule() names an unknown SIMD opcode and its offset (0xfd 0x1ff)", () => {
  assertCannotCompile(
    oneFunction([0x01, 0xfd, 0xff, 0x03, 0x0b]),
    `cannot instrument: unknown opcode 0xfd 0x1ff at byte ${CODE_AT + 1}`,
  );
});

Deno.test("instrumentModule() names an unknown one-byte opcode (0xd7)", () => {
  assertCannotCompile(
    oneFunction([0xd7, 0x0b]),
    `cannot instrument: unknown opcode 0xd7 at byte ${CODE_AT}`,
  );
});

Deno.test("instrumentModule() names an unknown opcode behind each prefix (0xfb, 0xfc, 0xfe)", () => {
  for (const [prefix, subOpcode] of [[0xfb, 0x1f], [0xfc, 0x12], [0xfe, 0x04]] as const) {
    assertCannotCompile(
      oneFunction([0x41, 0x00, prefix, subOpcode, 0x0b]),
      `cannot instrument: unknown opcode 0x${prefix.toString(16)} ` +
        `0x${subOpcode.toString(16).padStart(2, "0")} at byte ${CODE_AT + 2}`,
    );
  }
});

Deno.test("instrumentModule() refuses a SIMD opcode in a gap of the opcode space (0xfd 0x9a)", () => {
  assertCannotCompile(
    oneFunction([0xfd, 0x9a, 0x01, 0x0b]),
    `cannot instrument: unknown opcode 0xfd 0x9a at byte ${CODE_AT}`,
  );
});

Deno.test("instrumentModule() reports an instruction cut off by the end of its body (i32.const)", () => {
  assertCannotCompile(
    oneFunction([0x41]),
    `cannot instrument: LEB128 integer at byte ${CODE_AT + 1} is truncated at byte ${CODE_AT + 1}`,
  );
});

Deno.test("instrumentModule() reports a constant cut off by the end of its body (f64.const)", () => {
  assertCannotCompile(
    oneFunction([0x44, 0, 0, 0, 0x0b]),
    `cannot instrument: instruction at byte ${CODE_AT} is truncated at byte ${CODE_AT + 5}`,
  );
});

Deno.test("instrumentModule() reports a truncated module (last 3 bytes cut)", () => {
  const whole = oneFunction([0x41, 0x05, 0x1a, 0x0b]);
  assertCannotCompile(
    whole.subarray(0, whole.length - 3),
    "cannot instrument: section 10 (code) at byte 18 declares 7 bytes but only 4 remain",
  );
});

Deno.test("instrumentModule() reports bad magic", () => {
  assertCannotCompile(
    new Uint8Array([0x00, 0x61, 0x73, 0x6e, 1, 0, 0, 0]),
    "cannot instrument: not a WebAssembly module (bad magic number at byte 0)",
  );
});

Deno.test("instrumentModule() reports an empty input", () => {
  assertCannotCompile(
    new Uint8Array(0),
    "cannot instrument: not a WebAssembly module (only 0 bytes)",
  );
});

Deno.test("instrumentModule() reports a header cut short after the magic", () => {
  assertCannotCompile(
    new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1]),
    "cannot instrument: module header is truncated at byte 5",
  );
});

Deno.test("instrumentModule() reports an unsupported version (a component, 0x1000d)", () => {
  assertCannotCompile(
    new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]),
    "cannot instrument: unsupported version 0x1000d at byte 4",
  );
});

Deno.test("instrumentModule() reports a LEB128 longer than 5 bytes (section size)", () => {
  assertCannotCompile(
    wasmModule([1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]),
    "cannot instrument: LEB128 integer at byte 9 is longer than 5 bytes",
  );
});

Deno.test("instrumentModule() reports a LEB128 above 32 bits (section size 0xff 0xff 0xff 0xff 0x7f)", () => {
  assertCannotCompile(
    wasmModule([1, 0xff, 0xff, 0xff, 0xff, 0x7f]),
    "cannot instrument: LEB128 integer at byte 9 does not fit in 32 bits",
  );
});

Deno.test("instrumentModule() reports an unknown section id (14)", () => {
  assertCannotCompile(wasmModule([14, 0]), "cannot instrument: unknown section id 14 at byte 8");
});

Deno.test("instrumentModule() reports sections out of order (function before type)", () => {
  assertCannotCompile(
    wasmModule(section(3, vec([])), section(1, vec([]))),
    "cannot instrument: section 1 (type) at byte 11 is out of order",
  );
});

Deno.test("instrumentModule() reports an unknown value type in locals (0x50)", () => {
  const bytes = wasmModule(
    section(1, vec([funcType([], [])])),
    section(3, vec([[0]])),
    section(10, vec([body([[1, 0x50]], [0x0b])])),
  );
  assertCannotCompile(bytes, "cannot instrument: unknown value type 0x50 at byte 24");
});

Deno.test("instrumentModule() reports an unknown type form (0x5d)", () => {
  assertCannotCompile(
    wasmModule(section(1, vec([[0x5d]]))),
    "cannot instrument: unknown type form 0x5d in section 1 (type) at byte 11",
  );
});

Deno.test("instrumentModule() reports trailing bytes in a section (type section)", () => {
  assertCannotCompile(
    wasmModule(section(1, [...vec([funcType([], [])]), 0xee])),
    "cannot instrument: section 1 (type) has 1 unexpected bytes at byte 14",
  );
});

Deno.test("instrumentModule() reports a function body past the end of the code section", () => {
  const bytes = wasmModule(
    section(1, vec([funcType([], [])])),
    section(3, vec([[0]])),
    section(10, [1, 9, 0, 0x0b]),
  );
  assertCannotCompile(
    bytes,
    "cannot instrument: function body 0 at byte 21 runs past the end of the code section at byte 24",
  );
});

Deno.test("instrumentModule() refuses a start function that takes a parameter (invalid before the rewrite)", () => {
  const bytes = wasmModule(
    section(1, vec([funcType([0x7f], [])])),
    section(3, vec([[0]])),
    section(8, [0]),
    section(10, vec([body([], [0x0b])])),
  );
  assert.ok(!WebAssembly.validate(bytes));
  assertCannotCompile(
    bytes,
    "cannot instrument: start function 0 has type (i32) -> (), but a start function takes and returns nothing",
  );
});

Deno.test("instrumentModule() refuses a shared memory without maximum (invalid before the rewrite)", () => {
  const bytes = wasmModule(section(5, vec([[0x02, 1]])));
  assert.ok(!WebAssembly.validate(bytes));
  assertCannotCompile(bytes, "cannot instrument: shared memory 0 declares no maximum");
});

Deno.test("instrumentModule() refuses a 32-bit memory maximum above 65536 pages (70000)", () => {
  const bytes = wasmModule(section(5, vec([[0x01, 1, 0xf0, 0xa2, 0x04]])));
  assert.ok(!WebAssembly.validate(bytes));
  assertCannotCompile(
    bytes,
    "cannot instrument: memory 0 declares more than 65536 pages (minimum 1, maximum 70000)",
  );
});
