/**
 * The rewriter's own guard against index escapes: modules that are invalid as written only
 * because they name one memory, global, function or table past their own would become valid
 * once the cancel memory and the fuel global are appended. V8 refuses each of them as written,
 * and the rewriter, fed them directly (validation bypassed), refuses them too, naming the index.
 */

import assert from "node:assert/strict";
import { QipError } from "../../../src/errors.ts";
import { instrumentModule } from "../../../src/sandbox/instrument/instrument_module.ts";
import {
  body,
  exportEntry,
  FUNCREF,
  funcType,
  I32,
  section,
  vec,
  wasmModule,
} from "../../../scripts/wasm_bytes.ts";

/** Type 0 `() -> ()`; one function of it whose code is `code` (without the final `end`). */
function withCode(code: readonly number[], sections: Record<number, number[]> = {}) {
  const all: Record<number, number[]> = {
    1: section(1, vec([funcType([], [])])),
    3: section(3, vec([[0]])),
    10: section(10, vec([body([], [...code, 0x0b])])),
    ...sections,
  };
  return wasmModule(...Object.keys(all).map(Number).sort(byRank).map((id) => all[id]!));
}

/** Section order: datacount (12) comes before code (10). */
function byRank(left: number, right: number): number {
  const rank = (id: number) => (id === 12 ? 9.5 : id);
  return rank(left) - rank(right);
}

const ONE_MEMORY = section(5, vec([[0x00, 1]]));
const ONE_GLOBAL = section(6, vec([[I32, 1, 0x41, 0, 0x0b]]));

/** Each case: invalid as written, and what the rewriter's refusal names. */
const ESCAPES: readonly { what: string; bytes: Uint8Array<ArrayBuffer>; names: RegExp }[] = [
  {
    what: "i32.store into memory 1 (multi-memory flag) with one memory",
    bytes: withCode([0x41, 0, 0x41, 0, 0x36, 0x42, 1, 0], { 5: ONE_MEMORY }),
    names: /instruction 0x36 at byte \d+ names memory 1, but the module has 1 memory$/,
  },
  {
    what: "i32.store into memory 0 without any memory",
    bytes: withCode([0x41, 0, 0x41, 0, 0x36, 0x02, 0]),
    names: /instruction 0x36 at byte \d+ names memory 0, but the module has 0 memories$/,
  },
  {
    what: "i32.atomic.store into memory 1",
    bytes: withCode([0x41, 0, 0x41, 0, 0xfe, 0x17, 0x42, 1, 0], { 5: ONE_MEMORY }),
    names: /instruction 0xfe at byte \d+ names memory 1/,
  },
  {
    what: "v128.store into memory 1",
    bytes: withCode([0x41, 0, 0xfd, 0x0c, ...new Array(16).fill(0), 0xfd, 0x0b, 0x44, 1, 0], {
      5: ONE_MEMORY,
    }),
    names: /instruction 0xfd at byte \d+ names memory 1/,
  },
  {
    what: "memory.size 1",
    bytes: withCode([0x3f, 1, 0x1a], { 5: ONE_MEMORY }),
    names: /memory\.size at byte \d+ names memory 1/,
  },
  {
    what: "memory.grow 1",
    bytes: withCode([0x41, 1, 0x40, 1, 0x1a], { 5: ONE_MEMORY }),
    names: /memory\.grow at byte \d+ names memory 1/,
  },
  {
    what: "memory.fill 1",
    bytes: withCode([0x41, 0, 0x41, 1, 0x41, 4, 0xfc, 0x0b, 1], { 5: ONE_MEMORY }),
    names: /memory\.fill at byte \d+ names memory 1/,
  },
  {
    what: "memory.copy from memory 0 into memory 1",
    bytes: withCode([0x41, 0, 0x41, 0, 0x41, 4, 0xfc, 0x0a, 1, 0], { 5: ONE_MEMORY }),
    names: /memory\.copy at byte \d+ names memory 1/,
  },
  {
    what: "memory.copy from memory 1 into memory 0",
    bytes: withCode([0x41, 0, 0x41, 0, 0x41, 4, 0xfc, 0x0a, 0, 1], { 5: ONE_MEMORY }),
    names: /memory\.copy at byte \d+ names memory 1/,
  },
  {
    what: "memory.init of a passive segment into memory 1",
    bytes: withCode([0x41, 0, 0x41, 0, 0x41, 1, 0xfc, 0x08, 0, 1], {
      5: ONE_MEMORY,
      11: section(11, vec([[0x01, 1, 0xff]])),
      12: section(12, [1]),
    }),
    names: /memory\.init at byte \d+ names memory 1/,
  },
  {
    what: "global.set 1 (the fuel global's index) with one global",
    bytes: withCode([0x41, 0, 0x24, 1], { 6: ONE_GLOBAL }),
    names: /global\.set at byte \d+ names global 1, but the module has 1 global$/,
  },
  {
    what: "global.get 0 without any global",
    bytes: withCode([0x23, 0, 0x1a]),
    names: /global\.get at byte \d+ names global 0, but the module has 0 globals$/,
  },
  {
    what: "call 1 with one function",
    bytes: withCode([0x10, 1]),
    names: /call at byte \d+ names function 1, but the module has 1 function$/,
  },
  {
    what: "ref.func 1 with one function",
    bytes: withCode([0xd2, 1, 0x1a]),
    names: /ref\.func at byte \d+ names function 1/,
  },
  {
    what: "table.size 0 without any table",
    bytes: withCode([0xfc, 0x10, 0, 0x1a]),
    names: /table\.size at byte \d+ names table 0, but the module has 0 tables$/,
  },
  {
    what: "call_indirect through table 0 without any table",
    bytes: withCode([0x41, 0, 0x11, 0, 0]),
    names: /call_indirect at byte \d+ names table 0/,
  },
  {
    what: "call_indirect with type 1 (the first helper type's index) with one type",
    bytes: withCode([0x41, 0, 0x11, 1, 0], { 4: section(4, vec([[FUNCREF, 0x00, 1]])) }),
    names: /call_indirect at byte \d+ names type 1, but the module has 1 type$/,
  },
  {
    what: "call_ref with type 1",
    bytes: withCode([0xd0, 0x70, 0x14, 1]),
    names: /call_ref at byte \d+ names type 1/,
  },
  {
    what: "a function declared with type 1",
    bytes: withCode([], { 3: section(3, vec([[1]])) }),
    names: /function 0 names type 1, but the module has 1 type$/,
  },
  {
    what: "an active data segment for memory 1",
    bytes: withCode([], { 5: ONE_MEMORY, 11: section(11, vec([[0x02, 1, 0x41, 0, 0x0b, 1, 1]])) }),
    names: /data segment 0 names memory 1, but the module has 1 memory$/,
  },
  {
    what: "an active data segment for memory 0 without any memory",
    bytes: withCode([], { 11: section(11, vec([[0x00, 0x41, 0, 0x0b, 1, 1]])) }),
    names: /data segment 0 names memory 0, but the module has 0 memories$/,
  },
  {
    what: "an element segment for table 1",
    bytes: withCode([], {
      4: section(4, vec([[FUNCREF, 0x00, 1]])),
      9: section(9, vec([[0x02, 1, 0x41, 0, 0x0b, 0x00, 1, 0]])),
    }),
    names: /element segment 0 names table 1, but the module has 1 table$/,
  },
  {
    what: "an element segment naming function 1",
    bytes: withCode([], {
      4: section(4, vec([[FUNCREF, 0x00, 1]])),
      9: section(9, vec([[0x00, 0x41, 0, 0x0b, 1, 1]])),
    }),
    names: /element segment 0 names function 1/,
  },
  {
    what: "a data segment offset from global.get 1",
    bytes: withCode([], {
      5: ONE_MEMORY,
      6: ONE_GLOBAL,
      11: section(11, vec([[0x00, 0x23, 1, 0x0b, 1, 1]])),
    }),
    names: /global\.get at byte \d+ names global 1/,
  },
  {
    what: "a global initialised by global.get 1",
    bytes: withCode([], { 6: section(6, vec([[I32, 0, 0x23, 1, 0x0b]])) }),
    names: /global\.get at byte \d+ names global 1/,
  },
  {
    what: "an export of memory 1",
    bytes: withCode([], { 5: ONE_MEMORY, 7: section(7, vec([exportEntry("m", 2, 1)])) }),
    names: /export "m" names memory 1, but the module has 1 memory$/,
  },
  {
    what: "an export of global 1",
    bytes: withCode([], { 6: ONE_GLOBAL, 7: section(7, vec([exportEntry("g", 3, 1)])) }),
    names: /export "g" names global 1/,
  },
  {
    what: "a start section naming function 1",
    bytes: withCode([], { 8: section(8, [1]) }),
    names: /start function 1 does not exist|start section names function 1/,
  },
];

for (const { what, bytes, names } of ESCAPES) {
  Deno.test(`instrumentModule() refuses ${what}, which V8 refuses as written`, () => {
    assert.equal(WebAssembly.validate(bytes), false, "V8 refuses the module as written");
    for (const fuel of [false, true]) {
      assert.throws(() => instrumentModule(bytes, { memoryLimitPages: 16, fuel }), (error) => {
        assert.ok(error instanceof QipError);
        assert.equal(error.kind, "compile");
        assert.match(error.detail ?? "", names);
        return true;
      });
    }
  });
}

Deno.test("instrumentModule() accepts the same instructions on indices the module has", () => {
  const valid = [
    withCode([0x41, 0, 0x41, 0, 0x36, 0x42, 0, 0], { 5: ONE_MEMORY }),
    withCode([0x41, 0, 0x41, 1, 0x41, 4, 0xfc, 0x0b, 0], { 5: ONE_MEMORY }),
    withCode([0x41, 0, 0x24, 0], { 6: section(6, vec([[I32, 1, 0x41, 0, 0x0b]])) }),
    withCode([0x10, 0]),
  ];
  for (const bytes of valid) {
    assert.ok(WebAssembly.validate(bytes));
    const rewritten = instrumentModule(bytes, { memoryLimitPages: 16, fuel: true });
    assert.ok(WebAssembly.validate(rewritten.bytes));
  }
});
