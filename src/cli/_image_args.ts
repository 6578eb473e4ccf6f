/**
 * The module list of `qip image` (spec: cli.md §5.2): module paths, each followed by `?key=value`
 * uniform queries parsed like Go's `url.ParseQuery`, with the spec's messages.
 *
 * @module
 */

import { QipError } from "../errors.ts";

/** One module argument and its uniforms (key → last value given). */
export interface ImageModuleSpec {
  readonly source: string;
  readonly uniforms: Readonly<Record<string, string>>;
}

/**
 * Splits positional arguments into module specs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseImageModuleArgs } from "./_image_args.ts";
 * assert.deepEqual(parseImageModuleArgs(["blur.wasm", "?radius=2&radius=3"]), [
 *   { source: "blur.wasm", uniforms: { radius: "3" } },
 * ]);
 * ```
 * @throws {QipError} kind `usage`: `Invalid image module args: <message>`.
 */
export function parseImageModuleArgs(args: readonly string[]): ImageModuleSpec[] {
  const specs: { source: string; uniforms: Record<string, string> }[] = [];
  const fail = (message: string) => new QipError("usage", `Invalid image module args: ${message}`);
  for (const arg of args) {
    if (!arg.startsWith("?")) {
      specs.push({ source: arg, uniforms: {} });
      continue;
    }
    const spec = specs.at(-1);
    if (spec === undefined) {
      throw fail(`image uniform query ${goQuote(arg)} must follow a wasm module path`);
    }
    if (arg === "?") throw fail("image uniform query must not be empty");
    let pairs: [string, string][];
    try {
      pairs = parseGoQuery(arg.slice(1));
    } catch (error) {
      if (!(error instanceof QueryError)) throw error;
      throw fail(`invalid image uniform query ${goQuote(arg)}: ${error.message}`);
    }
    if (pairs.length === 0) {
      throw fail(`image uniform query ${goQuote(arg)} must contain key=value pairs`);
    }
    for (const [key, value] of pairs) {
      if (key === "") throw fail(`invalid image uniform query ${goQuote(arg)}: empty key`);
      spec.uniforms[key] = value;
    }
  }
  return specs;
}

/** A query the way Go's `url.ParseQuery` rejects it. */
class QueryError extends Error {}

/**
 * Go's `url.ParseQuery`: `&`-separated pairs, `key=value` (no `=`: empty value), `+` is a space,
 * `%XX` escapes; a pair with `;` or a bad escape is skipped and the first such error is thrown
 * once every pair was read.
 */
function parseGoQuery(query: string): [string, string][] {
  const pairs: [string, string][] = [];
  let firstError: QueryError | undefined;
  for (const pair of query.split("&")) {
    if (pair.includes(";")) {
      firstError ??= new QueryError("invalid semicolon separator in query");
      continue;
    }
    if (pair === "") continue;
    const equals = pair.indexOf("=");
    const [rawKey, rawValue] = equals < 0
      ? [pair, ""]
      : [pair.slice(0, equals), pair.slice(equals + 1)];
    try {
      pairs.push([queryUnescape(rawKey), queryUnescape(rawValue)]);
    } catch (error) {
      if (!(error instanceof QueryError)) throw error;
      firstError ??= error;
    }
  }
  if (firstError !== undefined) throw firstError;
  return pairs;
}

/** Go's `url.QueryUnescape` over UTF-8 bytes. */
function queryUnescape(text: string): string {
  const bytes: number[] = [];
  const source = new TextEncoder().encode(text);
  for (let index = 0; index < source.length; index++) {
    const byte = source[index]!;
    if (byte === 0x2b) {
      bytes.push(0x20);
    } else if (byte === 0x25) {
      const hex = String.fromCharCode(source[index + 1] ?? 0, source[index + 2] ?? 0);
      if (index + 2 >= source.length || !/^[0-9a-fA-F]{2}$/.test(hex)) {
        const bad = new TextDecoder().decode(source.subarray(index, index + 3));
        throw new QueryError(`invalid URL escape ${goQuote(bad)}`);
      }
      bytes.push(parseInt(hex, 16));
      index += 2;
    } else {
      bytes.push(byte);
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** Go's `%q` for the printable text these messages quote. */
function goQuote(text: string): string {
  return JSON.stringify(text);
}
