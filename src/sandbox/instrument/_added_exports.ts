/**
 * The exports the instrumenter adds: the cancel memory, the fuel global and the former start
 * function, each under a name no existing export uses.
 *
 * @module
 */

import { ByteWriter } from "./_byte_writer.ts";

const EXPORT_FUNCTION = 0x00;
const EXPORT_MEMORY = 0x02;
const EXPORT_GLOBAL = 0x03;

/** Where the added things are in their index spaces. */
export interface AddedIndices {
  /** The added shared memory. */
  readonly cancelMemory: number;
  /** The added fuel global, when fuel is on. */
  readonly fuelGlobal: number | undefined;
  /** The former start function, when the module had one. */
  readonly startFunction: number | undefined;
  /** The added call-depth global, in deterministic mode. */
  readonly depthGlobal?: number | undefined;
}

/** The chosen export names, and the export entries that declare them. */
export interface AddedExports {
  readonly cancelMemoryExport: string;
  readonly fuelGlobalExport: string | undefined;
  readonly startExport: string | undefined;
  readonly depthGlobalExport: string | undefined;
  /** How many entries `entries` holds. */
  readonly count: number;
  /** Export section entries (name, kind, index), one after another. */
  readonly entries: Uint8Array;
}

/**
 * Names the added exports `__qip_cancel`, `__qip_fuel` and `__qip_start` (with a suffix when
 * the module already uses a name) and encodes their export entries.
 *
 * @example A module that already exports `__qip_cancel`
 * ```ts
 * import assert from "node:assert/strict";
 * import { planAddedExports } from "./_added_exports.ts";
 * const added = planAddedExports(["__qip_cancel"], {
 *   cancelMemory: 0,
 *   fuelGlobal: undefined,
 *   startFunction: undefined,
 * });
 * assert.equal(added.cancelMemoryExport, "__qip_cancel_1");
 * assert.equal(added.count, 1);
 * ```
 */
export function planAddedExports(
  existingNames: Iterable<string>,
  indices: AddedIndices,
): AddedExports {
  const taken = new Set(existingNames);
  const entries = new ByteWriter(64);
  let count = 0;
  const add = (base: string, kind: number, index: number) => {
    const name = uniqueName(base, taken);
    entries.name(name);
    entries.u8(kind);
    entries.u32(index);
    count++;
    return name;
  };
  const cancelMemoryExport = add("__qip_cancel", EXPORT_MEMORY, indices.cancelMemory);
  const fuelGlobalExport = indices.fuelGlobal === undefined
    ? undefined
    : add("__qip_fuel", EXPORT_GLOBAL, indices.fuelGlobal);
  const startExport = indices.startFunction === undefined
    ? undefined
    : add("__qip_start", EXPORT_FUNCTION, indices.startFunction);
  // Last, so that the exports without the deterministic mode stay as they were.
  const depthGlobalExport = indices.depthGlobal === undefined
    ? undefined
    : add("__qip_depth", EXPORT_GLOBAL, indices.depthGlobal);
  return {
    cancelMemoryExport,
    fuelGlobalExport,
    startExport,
    depthGlobalExport,
    count,
    entries: entries.toBytes(),
  };
}

/** Returns `base`, or `base_1`, `base_2` …: the first not in `taken` (which it joins). */
function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let suffix = 1; taken.has(name); suffix++) name = `${base}_${suffix}`;
  taken.add(name);
  return name;
}
