/**
 * Section counts: a count above V8's own limit is refused before any entry is read (so a
 * module cannot make the rewriter build millions of entries), and the limits are V8's: one
 * more than V8 allows is refused by both, the limit itself by neither count check.
 */

import assert from "node:assert/strict";
import { QipError } from "../../../src/errors.ts";
import { instrumentModule } from "../../../src/sandbox/instrument/instrument_module.ts";
import { funcType, I32, section, u32, vec, wasmModule } from "../../../scripts/wasm_bytes.ts";

const OPTIONS = { memoryLimitPages: 16, fuel: false } as const;

/** V8 15's limits, from its messages (`exports count of N exceeds internal limit of M`). */
const LIMITS: ReadonlyArray<[id: number, what: string, limit: number]> = [
  [1, "types", 1_000_000],
  [2, "imports", 1_000_000],
  [3, "functions", 1_000_000],
  [4, "tables", 100_000],
  [5, "memories", 100_000],
  [13, "tags", 1_000_000],
  [6, "globals", 1_000_000],
  [7, "exports", 1_000_000],
];

function instrumentFailure(bytes: Uint8Array): string {
  try {
    instrumentModule(bytes, OPTIONS);
  } catch (error) {
    assert.ok(error instanceof QipError);
    return `${error.kind}: ${error.detail}`;
  }
  return "accepted";
}

for (const [id, what, limit] of LIMITS) {
  Deno.test(`instrumentModule() refuses more ${what} than V8 allows (${limit}) before reading them`, () => {
    const over = wasmModule(section(id, u32(limit + 1)));
    assert.equal(WebAssembly.validate(over), false);
    assert.equal(
      instrumentFailure(over),
      `compile: cannot instrument: ${limit + 1} ${what} at byte 10, the engine allows ${limit}`,
    );
    const at = wasmModule(section(id, u32(limit)));
    assert.doesNotMatch(instrumentFailure(at), /the engine allows/);
    assert.throws(() => new WebAssembly.Module(at), (error: Error) => {
      assert.doesNotMatch(error.message, /exceeds internal limit/);
      return true;
    });
  });
}

Deno.test("instrumentModule() refuses more than 1000 parameters or results, as V8 does", () => {
  for (const [params, results, what] of [[1001, 0, "parameters"], [0, 1001, "results"]] as const) {
    const bytes = wasmModule(
      section(1, vec([funcType(new Array(params).fill(I32), new Array(results).fill(I32))])),
    );
    assert.equal(WebAssembly.validate(bytes), false);
    assert.match(instrumentFailure(bytes), new RegExp(`^compile: .*1001 ${what} at byte \\d+`));
  }
  const atLimit = wasmModule(
    section(1, vec([funcType(new Array(1000).fill(I32), new Array(1000).fill(I32))])),
  );
  assert.equal(instrumentFailure(atLimit), "accepted");
});
