/**
 * Parser cost: modules made of many tiny sections, which once cost the rewriter an object per
 * section (42 s and 4.2 GB for 22 million of them), and sections declaring more entries than
 * V8 allows, which it read one object each before V8 could refuse them. Kept small here: the
 * figures for tens of MiB come from `scripts/measure_hostile_cost.ts`. Each must be passed
 * through in place, or refused with V8's own message, and fail on its own terms.
 *
 * @module
 */

import { type HostileModule, runModule, STAGE } from "./_hostile_module.ts";
import { customSection, section, u32, wasmModule } from "../wasm_bytes.ts";

const COMPILE = `Wasm module could not be compiled: ${STAGE}`;
const HEADER_BYTES = 8;
/** A run module whose `run` traps. */
const TRAPS = () => runModule({ run: "(unreachable)" });

/** `module` with `sections` (whole custom sections, one after another) right after its header. */
function withLeadingSections(module: Uint8Array, sections: readonly number[]): Uint8Array {
  const out = new Uint8Array(module.length + sections.length);
  out.set(module.subarray(0, HEADER_BYTES));
  out.set(sections, HEADER_BYTES);
  out.set(module.subarray(HEADER_BYTES), HEADER_BYTES + sections.length);
  return out;
}

/** `count` custom sections of three bytes: id 0, size 1, an empty name. */
function tinyCustomSections(count: number): number[] {
  return new Array<number[]>(count).fill([0, 1, 0]).flat();
}

export const PARSER_COST_MODULES: readonly HostileModule[] = [
  {
    name: "custom-sections-40k-tiny",
    does: "40000 three-byte custom sections before a run module that traps",
    build: () => withLeadingSections(TRAPS(), tinyCustomSections(40_000)),
    run: { command: "run", stderr: `wasm error: unreachable: ${STAGE}` },
  },
  {
    name: "custom-sections-alternating-dropped",
    does: "10000 pairs of a dropped `.debug_` custom section and a kept one, then a run module " +
      "that traps",
    build: () => {
      const pair = [...customSection(".debug_x", [1]), ...customSection("k", [])];
      return withLeadingSections(TRAPS(), new Array<number[]>(10_000).fill(pair).flat());
    },
    run: { command: "run", stderr: `wasm error: unreachable: ${STAGE}` },
  },
  {
    name: "custom-sections-then-bad-name",
    does: "40000 three-byte custom sections, then one whose name is not UTF-8",
    build: () => withLeadingSections(TRAPS(), [...tinyCustomSections(40_000), 0, 3, 2, 0xff, 0xfe]),
    run: {
      command: "run",
      stderr: `${COMPILE}: section name: no valid UTF-8 string @+${HEADER_BYTES + 120_000 + 3}`,
    },
  },
  {
    name: "export-count-over-engine-limit",
    does: "an export section declaring 4 million exports (V8 allows a million)",
    build: () => wasmModule(section(7, u32(4_000_000))),
    run: {
      command: "run",
      stderr: `${COMPILE}: exports count of 4000000 exceeds internal limit of 1000000 @+10`,
    },
  },
  {
    name: "table-count-over-engine-limit",
    does: "a table section declaring 4 million tables (V8 allows 100,000)",
    build: () => wasmModule(section(4, u32(4_000_000))),
    run: {
      command: "run",
      stderr: `${COMPILE}: table count of 4000000 exceeds internal limit of 100000 @+10`,
    },
  },
];
