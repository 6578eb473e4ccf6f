/**
 * The run contract's input-size check, made before an instance exists when the module's own
 * bytes settle it (spec: cli.md §3.2 step 7 starts the clock after loading; issue 12 item 7):
 * an input far over a stage's cap must be refused as `Input is too large`, not spend the time
 * limit being copied into a worker first.
 *
 * @module
 */

import type { ModuleLayout } from "./module_layout.ts";
import { INPUT_CAPS, inputTooLarge, OUTPUT_CAPS } from "./run_abi.ts";
import type { QipError } from "../errors.ts";

/**
 * The `Input is too large` error a run stage would give for `inputBytes`, when it is certain
 * without running the module: no start function and no import, every export the contract reads
 * before the size check an i32 global (so no module code runs before it), `run` of the right
 * shape, and an input cap whose value is a constant in the bytes. `undefined` when the input
 * fits or only an instance can tell; the contract then checks as usual.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { inputCapPrecheck } from "./input_cap_precheck.ts";
 * import type { ModuleLayout } from "./module_layout.ts";
 * const layout: ModuleLayout = {
 *   functionExports: new Map([["run", { params: ["i32"], results: ["i32"] }]]),
 *   globalExports: new Map([["input_ptr", "i32"], ["input_bytes_cap", "i32"]]),
 *   imports: [],
 *   cancelMemoryExport: "c",
 *   fuelGlobalExport: undefined,
 *   startExport: undefined,
 * };
 * const constants = new Map([["input_bytes_cap", 4]]);
 * assert.equal(inputCapPrecheck(layout, constants, 4), undefined);
 * assert.equal(
 *   inputCapPrecheck(layout, constants, 5)?.message,
 *   "Input is too large: 5 bytes, input_bytes_cap is 4",
 * );
 * ```
 */
export function inputCapPrecheck(
  layout: ModuleLayout,
  constants: ReadonlyMap<string, number>,
  inputBytes: number,
): QipError | undefined {
  if (layout.startExport !== undefined || layout.imports.length > 0) return undefined;
  const isI32Global = (name: string) => layout.globalExports.get(name) === "i32";
  const isExported = (name: string) =>
    layout.globalExports.has(name) || layout.functionExports.has(name);
  if (!isI32Global("input_ptr")) return undefined;
  const capName = INPUT_CAPS.find(isExported);
  const cap = capName === undefined ? undefined : constants.get(capName);
  if (capName === undefined || cap === undefined || !isI32Global(capName)) return undefined;
  if (isExported("output_ptr")) {
    const outputCap = OUTPUT_CAPS.find(({ name }) => isExported(name));
    if (!isI32Global("output_ptr") || outputCap === undefined) return undefined;
    if (!isI32Global(outputCap.name)) return undefined;
  }
  const run = layout.functionExports.get("run");
  if (run === undefined || run.params.length !== 1 || run.results.length !== 1) return undefined;
  return inputBytes > cap ? inputTooLarge(inputBytes, capName, cap) : undefined;
}
