/**
 * Go's `%q` for strings (`strconv.Quote`), which bench reports use for module arguments
 * (spec: cli.md §4.6).
 *
 * @module
 */

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  "\x07": "\\a",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\v": "\\v",
  '"': '\\"',
  "\\": "\\\\",
};

/** Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/**
 * Quotes `text` the way Go's `strconv.Quote` does.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { goQuote } from "./go_quote.ts";
 * assert.equal(goQuote('a "b"\n'), '"a \\"b\\"\\n"');
 * ```
 */
export function goQuote(text: string): string {
  let quoted = '"';
  for (const char of text) {
    const short = SHORT_ESCAPES[char];
    if (short !== undefined) quoted += short;
    else if (PRINTABLE.test(char)) quoted += char;
    else quoted += codePointEscape(char.codePointAt(0)!);
  }
  return `${quoted}"`;
}

function codePointEscape(code: number): string {
  if (code < 0x80) return `\\x${code.toString(16).padStart(2, "0")}`;
  if (code < 0x10000) return `\\u${code.toString(16).padStart(4, "0")}`;
  return `\\U${code.toString(16).padStart(8, "0")}`;
}
