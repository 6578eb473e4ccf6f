/**
 * Finds the `<qip-form name="…">` tags of an HTML page (dev-server.md §7.1), with the
 * original's patterns: a word boundary after `qip-form` and before `name`, so
 * `<qip-form-extra>` and `data-name=` match too.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import { compareBytewise } from "../format/mod.ts";

const TAG = /<qip-form\b[^>]*>/gi;
const NAME = /\bname[\t\n\f\r ]*=[\t\n\f\r ]*("[^"]*"|'[^']*'|[^\t\n\f\r "'=<>`]+)/i;

/**
 * The distinct form names a page uses, sorted byte-wise; `[]` without tags.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { findFormNames } from "./_form_tags.ts";
 * assert.deepEqual(findFormNames('<qip-form name="b"></qip-form><QIP-FORM name=a>'), ["a", "b"]);
 * ```
 * @throws {QipError} `<qip-form> tag is missing required name attribute`,
 *   `<qip-form> name attribute must not be empty`.
 */
export function findFormNames(html: string): string[] {
  const names = new Set<string>();
  for (const [tag] of html.matchAll(TAG)) {
    const value = NAME.exec(tag)?.[1];
    if (value === undefined) {
      throw new QipError("contract", "<qip-form> tag is missing required name attribute");
    }
    const unquoted = value.startsWith('"') || value.startsWith("'") ? value.slice(1, -1) : value;
    const name = unescapeHtml(unquoted).trim();
    if (name === "") throw new QipError("contract", "<qip-form> name attribute must not be empty");
    names.add(name);
  }
  return [...names].sort(compareBytewise);
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
};

/**
 * Replaces numeric character references and the common named ones (`&amp;`, `&lt;`, `&gt;`,
 * `&quot;`, `&apos;`, `&nbsp;`); other text is kept as it is.
 */
export function unescapeHtml(text: string): string {
  return text.replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);/g, (entity, body: string) => {
    if (!body.startsWith("#")) return NAMED_ENTITIES[body] ?? entity;
    const codePoint = body[1] === "x" || body[1] === "X"
      ? parseInt(body.slice(2), 16)
      : parseInt(body.slice(1), 10);
    const valid = codePoint > 0 && codePoint <= 0x10ffff &&
      !(codePoint >= 0xd800 && codePoint <= 0xdfff);
    return valid ? String.fromCodePoint(codePoint) : "\uFFFD";
  });
}
