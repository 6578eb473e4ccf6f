/**
 * Command-line flags, GNU style (`node:util` `parseArgs`), with the reference's error texts
 * (spec: cli.md §1.2) so a flag error reads `<usage> flag provided but not defined: -x`.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { QipError } from "../errors.ts";
import type { FlagDefinitions } from "./_flag_definition.ts";
import { formatFlagTable } from "./_flag_help.ts";
import { nearestName } from "./_nearest_name.ts";

export type { FlagDefinition, FlagDefinitions } from "./_flag_definition.ts";

/** Parsed flags: the last occurrence of each wins. */
export interface ParsedFlags {
  readonly values: ReadonlyMap<string, string | boolean>;
  readonly positionals: readonly string[];
  /** Every value of each string flag, in order (for flags that may be repeated, like `-i`). */
  readonly repeated: ReadonlyMap<string, readonly string[]>;
}

/**
 * Parses `args` against `definitions`; options and positionals may be interleaved, `--` ends
 * the options, a lone `-` is positional.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseFlags } from "./_flags.ts";
 * const flags = parseFlags(["-v", "-i", "in.txt", "a.wasm"], {
 *   verbose: { type: "boolean", short: "v" },
 *   input: { type: "string", short: "i" },
 * }, "Usage: …");
 * assert.equal(flags.values.get("input"), "in.txt");
 * assert.deepEqual(flags.positionals, ["a.wasm"]);
 * ```
 * @throws {QipError} kind `usage`, message `<usage> <error>`.
 */
export function parseFlags(
  args: readonly string[],
  definitions: FlagDefinitions,
  usage: string,
): ParsedFlags {
  const fail = (error: string) => new QipError("usage", `${usage} ${error}`);
  const { tokens } = parseArgs({
    args: [...args],
    options: toParseArgsOptions(definitions),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values = new Map<string, string | boolean>();
  const positionals: string[] = [];
  const repeated = new Map<string, string[]>();
  for (const token of tokens) {
    if (token.kind === "positional") {
      positionals.push(token.value);
      continue;
    }
    if (token.kind === "option-terminator") continue;
    if (token.name === "h" || token.name === "help") {
      // The spec's line, then (qip's addition) every flag with its default.
      throw fail(`flag: help requested\n\n${formatFlagTable(definitions)}`);
    }
    const definition = definitions[token.name];
    if (definition === undefined) {
      throw fail(
        `flag provided but not defined: ${token.rawName}${suggestion(token.rawName, definitions)}`,
      );
    }
    if (definition.type === "string") {
      if (token.value === undefined) throw fail(`flag needs an argument: ${token.rawName}`);
      values.set(token.name, token.value);
      repeated.set(token.name, [...(repeated.get(token.name) ?? []), token.value]);
    } else if (token.value === undefined) {
      values.set(token.name, true);
    } else if (token.value === "true" || token.value === "false") {
      values.set(token.name, token.value === "true");
    } else {
      throw fail(`invalid boolean value "${token.value}" for ${token.rawName}: parse error`);
    }
  }
  return { values, positionals, repeated };
}

/**
 * The usage error for a command line that lacks required flags or positionals: the spec's usage
 * line, followed (qip's addition) by the required flags that are missing or empty.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { missingArguments } from "./_flags.ts";
 * assert.equal(missingArguments("Usage: x", { "-i": "", "-o": "out" }).message, "Usage: x missing required flag: -i");
 * assert.equal(missingArguments("Usage: x", { "-i": "in" }).message, "Usage: x");
 * ```
 */
export function missingArguments(
  usage: string,
  required: Readonly<Record<string, string | undefined>>,
): QipError {
  const missing = Object.entries(required).filter(([, value]) =>
    value === undefined || value === ""
  )
    .map(([spelling]) => spelling);
  if (missing.length === 0) return new QipError("usage", usage);
  const noun = missing.length === 1 ? "flag" : "flags";
  return new QipError("usage", `${usage} missing required ${noun}: ${missing.join(", ")}`);
}

/** Reads a string flag. */
export function stringFlag(flags: ParsedFlags, name: string): string | undefined {
  const value = flags.values.get(name);
  return typeof value === "string" ? value : undefined;
}

/** Reads every value given for a string flag, in order (empty when absent). */
export function stringFlags(flags: ParsedFlags, name: string): readonly string[] {
  return flags.repeated.get(name) ?? [];
}

/** Reads a boolean flag (`false` when absent). */
export function booleanFlag(flags: ParsedFlags, name: string): boolean {
  return flags.values.get(name) === true;
}

/**
 * Reads an integer flag (decimal, optional sign, `_` separators allowed).
 *
 * @throws {QipError} `<usage> invalid value "abc" for flag -r: parse error` (or `value out of
 *   range` beyond ±2^63).
 */
export function integerFlag(
  flags: ParsedFlags,
  name: string,
  flagSpelling: string,
  usage: string,
): bigint | undefined {
  const raw = stringFlag(flags, name);
  if (raw === undefined) return undefined;
  const fail = (why: string) =>
    new QipError("usage", `${usage} invalid value "${raw}" for flag ${flagSpelling}: ${why}`);
  if (!/^[+-]?\d+(_\d+)*$/.test(raw)) throw fail("parse error");
  const value = BigInt(raw.replaceAll("_", ""));
  if (value > 2n ** 63n - 1n || value < -(2n ** 63n)) throw fail("value out of range");
  return value;
}

/** ` (did you mean --timeout-ms?)` for a mistyped long flag; empty when nothing is close. */
function suggestion(rawName: string, definitions: FlagDefinitions): string {
  if (!rawName.startsWith("--")) return "";
  const nearest = nearestName(rawName.slice(2), Object.keys(definitions));
  return nearest === undefined ? "" : ` (did you mean --${nearest}?)`;
}

function toParseArgsOptions(definitions: FlagDefinitions) {
  const options: Record<string, { type: "string" | "boolean"; short?: string }> = {};
  for (const [name, definition] of Object.entries(definitions)) {
    options[name] = definition.short === undefined
      ? { type: definition.type }
      : { type: definition.type, short: definition.short };
  }
  return options;
}
