/**
 * Custom sections through the rewrite: runs of them are walked in place, the ones that refer
 * to code offsets are dropped, and every other one is kept byte for byte, where it was.
 */

import assert from "node:assert/strict";
import { instrumentModule } from "../../../src/sandbox/instrument/instrument_module.ts";
import {
  body,
  customSection,
  exportEntry,
  funcType,
  I32,
  section,
  vec,
  wasmModule,
} from "../../../scripts/wasm_bytes.ts";

const OPTIONS = { memoryLimitPages: 16, fuel: false } as const;
const HEADER_BYTES = 8;

/** The module's sections as `id` or `id:name` (custom), in order. */
function sectionList(bytes: Uint8Array): string[] {
  const list: string[] = [];
  let pos = HEADER_BYTES;
  while (pos < bytes.length) {
    const id = bytes[pos++]!;
    let size = 0;
    for (let shift = 0;; shift += 7) {
      const byte = bytes[pos++]!;
      size += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) break;
    }
    const nameBytes = bytes.subarray(pos + 1, pos + 1 + bytes[pos]!);
    list.push(id === 0 ? `0:${new TextDecoder().decode(nameBytes)}` : `${id}`);
    pos += size;
  }
  return list;
}

Deno.test("instrumentModule() keeps custom sections where they were, around the known sections", () => {
  const bytes = wasmModule(
    customSection("a", [1]),
    customSection(".debug_line", [2]),
    customSection("b", []),
    section(1, vec([funcType([], [I32])])),
    customSection("metadata.code.branch_hint", [0]),
    section(3, vec([[0]])),
    customSection("c", [3, 4]),
    customSection(".debug_info", []),
    section(7, vec([exportEntry("f", 0, 0)])),
    section(10, vec([body([], [0x41, 7, 0x0b])])),
    customSection(".debug_str", []),
    customSection("d", []),
  );
  const rewritten = instrumentModule(bytes, OPTIONS).bytes;
  assert.deepEqual(sectionList(rewritten), [
    "0:a",
    "0:b",
    "1",
    "3",
    "0:c",
    "5",
    "7",
    "10",
    "0:d",
  ]);
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(rewritten));
  assert.equal((exports.f as () => number)(), 7);
});

Deno.test("instrumentModule() copies a long run of alternating kept and dropped custom sections exactly", () => {
  const kept: number[][] = [];
  const all: number[][] = [];
  for (let index = 0; index < 1000; index++) {
    // Kept sections of every size around the byte-by-byte copy threshold.
    const section = customSection(`k${index}`, new Array(index % 130).fill(index & 0xff));
    kept.push(section);
    all.push(section);
    if (index % 3 === 0) all.push(customSection(`.debug_${index}`, [index & 0xff]));
  }
  const rewritten = instrumentModule(wasmModule(...all), OPTIONS).bytes;
  const keptBytes = kept.flat();
  assert.deepEqual(
    [...rewritten.subarray(HEADER_BYTES, HEADER_BYTES + keptBytes.length)],
    keptBytes,
  );
  // Then only what the rewrite adds: the cancel memory and the export section.
  assert.deepEqual(sectionList(rewritten.subarray(keptBytes.length)), ["5", "7"]);
});

Deno.test("instrumentModule() rewrites a module of a million three-byte custom sections", () => {
  const count = 1_000_000;
  const bytes = new Uint8Array(HEADER_BYTES + count * 3);
  bytes.set(wasmModule());
  for (let index = 0; index < count; index++) bytes.set([0, 1, 0], HEADER_BYTES + index * 3);
  const rewritten = instrumentModule(bytes, OPTIONS).bytes;
  assert.deepEqual(rewritten.subarray(0, bytes.length), bytes);
  assert.deepEqual(sectionList(rewritten.subarray(count * 3)), ["5", "7"]);
  new WebAssembly.Module(rewritten);
});
