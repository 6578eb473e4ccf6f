/**
 * Parser cost: modules made of many tiny sections, which once cost the rewriter an object per
 * section (42 s and 4.2 GB for 22 million of them). Kept small here: the figures for 8 and 63
 * MiB of them come from `scripts/measure_parser_cost.ts`. Each must be passed through in
 * place and then fail on its own terms.
 *
 * @module
 */

import { type HostileModule, runModule, STAGE } from "./_hostile_module.ts";
import { customSection } from "../wasm_bytes.ts";

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
];
