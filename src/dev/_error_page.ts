/**
 * The 500 page (dev-server.md §9): one line, a local RFC 3339 timestamp and the escaped
 * message, no trailing newline.
 *
 * @module
 */

/**
 * The error page for `message` at time `now`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { devErrorPage } from "./_error_page.ts";
 * const page = devErrorPage("a < b", new Date());
 * assert.ok(page.startsWith('<!doctype html><meta charset="utf-8"><title>qip dev error</title><pre>'));
 * assert.ok(page.endsWith("\na &lt; b</pre>"));
 * ```
 */
export function devErrorPage(message: string, now: Date): string {
  return `<!doctype html><meta charset="utf-8"><title>qip dev error</title><pre>${
    formatRfc3339Local(now)
  }\n${escapeHtml(message)}</pre>`;
}

/**
 * Local time in RFC 3339 with second precision: `2026-02-21T12:17:04+11:00`, or `Z` in UTC.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatRfc3339Local } from "./_error_page.ts";
 * assert.match(formatRfc3339Local(new Date()), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
 * ```
 */
export function formatRfc3339Local(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  const offsetMinutes = -date.getTimezoneOffset();
  const sign = offsetMinutes < 0 ? "-" : "+";
  const absolute = Math.abs(offsetMinutes);
  const zone = offsetMinutes === 0
    ? "Z"
    : `${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${
    pad(date.getHours())
  }:${pad(date.getMinutes())}:${pad(date.getSeconds())}${zone}`;
}

/** Go's `html.EscapeString`: `&`, `<`, `>`, `'`, `"`. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>'"]/g, (char) => HTML_ESCAPES[char]!);
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  "'": "&#39;",
  '"': "&#34;",
};
