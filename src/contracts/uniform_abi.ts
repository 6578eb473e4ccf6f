/**
 * Query uniforms of `qip image` (spec: cli.md §5.4, abi.md §3): for each key, in ascending byte
 * order, the export `uniform_set_<key>` is called once with the value parsed by its parameter
 * type, with Go's `strconv` rules and the spec's messages.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import { callGuest, type GuestContext } from "./guest_call.ts";
import type { ValueType } from "./module_layout.ts";

/** One module's query uniforms: key → raw value text. */
export type UniformValues = Readonly<Record<string, string>>;

/**
 * Calls `uniform_set_<key>(value)` for every key of `uniforms`, keys sorted by byte value.
 *
 * @throws {QipError} `Wasm module does not export uniform_set_<k> for query key "<k>"`,
 *   `uniform_set_<k> must accept exactly one argument`, `invalid value "<v>" for
 *   uniform_set_<k> (expected f32)`, `uniform_set_<k> has unsupported parameter type`,
 *   `Error running uniform_set_<k>(<v>): <reason>`.
 */
export function applyUniforms(context: GuestContext, uniforms: UniformValues): void {
  for (const key of Object.keys(uniforms).sort(compareBytes)) {
    const text = uniforms[key]!;
    const name = `uniform_set_${key}`;
    const setter = context.exports[name];
    const signature = context.layout.functionExports.get(name);
    if (typeof setter !== "function" || signature === undefined) {
      throw new QipError(
        "contract",
        `Wasm module does not export ${name} for query key "${key}"`,
      );
    }
    if (signature.params.length !== 1) {
      throw new QipError("contract", `${name} must accept exactly one argument`);
    }
    const value = parseUniformValue(text, signature.params[0]!, name);
    callPrefixed(context, `${name}(${text})`, () => setter(value));
  }
}

/**
 * Calls into the module; a trap or an interruption becomes `Error running <what>: <reason>`
 * (the time-limit message keeps this prefix, spec: cli.md §3.6).
 *
 * @throws {QipError} kind `trap`, `time_limit` or `fuel`.
 */
export function callPrefixed<T>(context: GuestContext, what: string, call: () => T): T {
  try {
    return callGuest(
      context,
      call,
      (text, cause) => new QipError("trap", `Error running ${what}: ${text}`, { cause }),
    );
  } catch (error) {
    if (error instanceof QipError && (error.kind === "time_limit" || error.kind === "fuel")) {
      throw new QipError(error.kind, `Error running ${what}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

const DECIMAL_FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/;
const SPECIAL_FLOAT = /^[+-]?(inf|infinity)$|^nan$/i;
const INTEGER = /^[+-]?\d+$/;

/**
 * Parses a query value by the setter's parameter type, like Go's `strconv.ParseFloat` /
 * `ParseInt` (no whitespace, no `_`, hex floats need a `p` exponent; the empty string is
 * invalid). Floats that overflow their type are invalid; `inf` and `nan` are not.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseUniformValue } from "./uniform_abi.ts";
 * assert.equal(parseUniformValue("0x1p-2", "f32", "uniform_set_x"), 0.25);
 * assert.throws(() => parseUniformValue("4.0", "i32", "uniform_set_levels_count"));
 * ```
 * @throws {QipError} `invalid value "<v>" for <name> (expected <type>)`,
 *   `<name> has unsupported parameter type`.
 */
export function parseUniformValue(text: string, type: ValueType, name: string): number | bigint {
  const invalid = () =>
    new QipError("usage", `invalid value "${text}" for ${name} (expected ${type})`);
  switch (type) {
    case "i32":
    case "i64": {
      if (!INTEGER.test(text)) throw invalid();
      const value = BigInt(text);
      const limit = type === "i32" ? 2n ** 31n : 2n ** 63n;
      if (value < -limit || value >= limit) throw invalid();
      return type === "i32" ? Number(value) : value;
    }
    case "f32":
    case "f64": {
      const value = parseGoFloat(text);
      if (value === undefined) throw invalid();
      const rounded = type === "f32" ? Math.fround(value) : value;
      if (Number.isFinite(value) && !Number.isFinite(rounded)) throw invalid();
      return rounded;
    }
    case "v128":
    case "ref":
      throw new QipError("contract", `${name} has unsupported parameter type`);
  }
}

/** A Go float literal as a float64 (`undefined` when it is not one); overflow gives ±Infinity. */
function parseGoFloat(text: string): number | undefined {
  if (SPECIAL_FLOAT.test(text)) {
    return /nan/i.test(text) ? NaN : text.startsWith("-") ? -Infinity : Infinity;
  }
  if (DECIMAL_FLOAT.test(text)) return Number(text);
  const hex = HEX_FLOAT.exec(text);
  if (hex === null || `${hex[2]}${hex[3]}` === "") return undefined;
  const [, sign, whole = "", fraction = "", exponent = "0"] = hex;
  const mantissa = parseInt(`${whole}${fraction}` || "0", 16);
  return (sign === "-" ? -1 : 1) * mantissa * 2 ** (Number(exponent) - 4 * fraction.length);
}

/** Ascending byte order of UTF-16 strings as UTF-8 would sort them (Go's `sort.Strings`). */
function compareBytes(a: string, b: string): number {
  const [left, right] = [encoder.encode(a), encoder.encode(b)];
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    if (left[index] !== right[index]) return left[index]! - right[index]!;
  }
  return left.length - right.length;
}

const encoder = new TextEncoder();
