/**
 * Reads the scalar exports of the run and tile contracts, which may be i32 globals or
 * zero-argument functions (spec: abi.md §1, "Exported values may be globals or …").
 *
 * @module
 */

import { QipError } from "../errors.ts";
import { callGuest, type GuestContext } from "./guest_call.ts";
import type { ValueType } from "./module_layout.ts";

/**
 * Returns the export `name` as an unsigned 32-bit number, or `undefined` when the module exports
 * neither a global nor a function of that name. A global of another type is read as its raw
 * bit pattern (low 32 bits), as the reference does.
 *
 * @throws {QipError} `<name>() call failed: …`, `<name>() returned <n> values, want 1`, or the
 *   interruption error when the call was interrupted.
 */
export function readExportU32(context: GuestContext, name: string): number | undefined {
  const value = context.exports[name];
  if (value instanceof WebAssembly.Global) {
    return globalBits(value, context.layout.globalExports.get(name) ?? "i32", name);
  }
  if (typeof value !== "function") return undefined;
  const signature = context.layout.functionExports.get(name);
  const paramCount = signature?.params.length ?? 0;
  const resultCount = signature?.results.length ?? 1;
  if (paramCount !== 0) {
    throw new QipError(
      "contract",
      `${name}() call failed: expected ${paramCount} params, but passed 0`,
    );
  }
  if (resultCount !== 1) {
    throw new QipError("contract", `${name}() returned ${resultCount} values, want 1`);
  }
  const result = callGuest(
    context,
    () => (value as () => unknown)(),
    (text, cause) => new QipError("trap", `${name}() call failed: ${text}`, { cause }),
  );
  return toU32(result);
}

function globalBits(global: WebAssembly.Global, type: ValueType, name: string): number {
  switch (type) {
    case "i32":
    case "i64":
    case "f32":
    case "f64":
      // Only these have a JavaScript value: reading a v128 global's `value` throws.
      return toU32(global.value, type);
    case "v128":
    case "ref":
      throw new QipError("contract", `Wasm module export ${name} must be an i32 global`, {
        detail: `it is a ${type} global`,
      });
    default:
      return unreachableType(type);
  }
}

/**
 * Raw low 32 bits of a wasm value of `type` as JavaScript received it, zero-extended: what the
 * reference reads from a result or global of any numeric type (a float's bit pattern, never
 * its value).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toU32 } from "./_export_reader.ts";
 * assert.equal(toU32(-1), 4294967295);
 * assert.equal(toU32(NaN, "f32"), 0x7fc00000);
 * ```
 */
export function toU32(value: unknown, type: ValueType = "i32"): number {
  const view = new DataView(new ArrayBuffer(8));
  if (type === "f32") {
    view.setFloat32(0, Number(value), true);
    return view.getUint32(0, true);
  }
  if (type === "f64") {
    view.setFloat64(0, Number(value), true);
    return view.getUint32(0, true);
  }
  if (typeof value === "bigint") return Number(BigInt.asUintN(32, value));
  return Number(value) >>> 0;
}

function unreachableType(type: never): never {
  throw new Error(`unknown value type ${type}`);
}
