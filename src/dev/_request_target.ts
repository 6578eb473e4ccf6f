/**
 * What a request asks for, read from the request line as sent (Deno keeps it unnormalised in
 * `request.url`), with the checks the original's `ServeMux` made before its handler ran
 * (dev-server.md §2.4): a non-canonical path is redirected, a malformed escape is refused.
 *
 * @module
 */

import { cleanPath } from "../format/mod.ts";

/** A request target, classified. */
export type RequestTarget =
  /** A canonical path: serve `path` (percent-decoded). */
  | { readonly kind: "path"; readonly path: string }
  /** `//`, `/./` or `/../` in the escaped path: 301 to `location`, a path on this site. */
  | { readonly kind: "redirect"; readonly location: string }
  /**
   * An unclean path whose cleaned form a browser would read as another site (`/\evil.example`
   * is `//evil.example` to a browser): 404, since no content path has a backslash there.
   */
  | { readonly kind: "offsite" }
  /** A `%` not followed by two hex digits: 400. */
  | { readonly kind: "malformed" };

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/**
 * Classifies the target of `url` (the request's URL as Deno received it).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseRequestTarget } from "./_request_target.ts";
 * assert.deepEqual(parseRequestTarget("http://localhost/a%20b.md?x=1"), { kind: "path", path: "/a b.md" });
 * assert.deepEqual(parseRequestTarget("http://localhost/a/../b/?x"), { kind: "redirect", location: "/b/?x" });
 * ```
 */
export function parseRequestTarget(url: string): RequestTarget {
  const authority = url.indexOf("://");
  const pathStart = url.indexOf("/", authority < 0 ? 0 : authority + 3);
  let target = pathStart < 0 ? "/" : url.slice(pathStart);
  const hash = target.indexOf("#");
  if (hash >= 0) target = target.slice(0, hash);
  const question = target.indexOf("?");
  const rawPath = question < 0 ? target : target.slice(0, question);
  const query = question < 0 ? undefined : target.slice(question + 1);
  const canonical = canonicalPath(rawPath);
  if (canonical !== rawPath) {
    const location = escapeNonAscii(query === undefined ? canonical : `${canonical}?${query}`);
    return isSameSitePath(location) ? { kind: "redirect", location } : { kind: "offsite" };
  }
  if (/%(?![0-9a-fA-F]{2})/.test(rawPath)) return { kind: "malformed" };
  return { kind: "path", path: percentDecode(rawPath) };
}

/**
 * Whether a browser resolves `location` to a path on the site that sent it: exactly one `/`
 * and then neither `/` nor `\` (browsers read `\` as `/` in http URLs), after the tabs and
 * newlines URL parsers drop; and the WHATWG parser agrees that the origin stays the same.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isSameSitePath } from "./_request_target.ts";
 * assert.equal(isSameSitePath("/docs/?x=//a"), true);
 * assert.equal(isSameSitePath("/\\evil.example"), false);
 * assert.equal(isSameSitePath("//evil.example"), false);
 * ```
 */
export function isSameSitePath(location: string): boolean {
  if (!/^\/(?![/\\])/.test(location.replace(/[\t\n\r]/g, ""))) return false;
  const base = "http://qip.invalid";
  try {
    return new URL(location, base).origin === base;
  } catch {
    return false;
  }
}

/** Go's `http.Redirect` escapes non-ASCII characters of a Location as UTF-8 `%XX`. */
function escapeNonAscii(location: string): string {
  return location.replace(
    /[\u0080-\u{10ffff}]+/gu,
    (run) => [...encoder.encode(run)].map((byte) => `%${byte.toString(16).toUpperCase()}`).join(""),
  );
}

/** Go's `ServeMux` path cleaning: `path.Clean`, keeping a trailing slash. */
function canonicalPath(path: string): string {
  if (path === "") return "/";
  const rooted = path.startsWith("/") ? path : `/${path}`;
  const cleaned = cleanPath(rooted);
  return rooted.endsWith("/") && cleaned !== "/" ? `${cleaned}/` : cleaned;
}

/** Decodes each run of `%XX` escapes as UTF-8 bytes (invalid bytes become U+FFFD). */
function percentDecode(path: string): string {
  return path.replace(
    /(?:%[0-9a-fA-F]{2})+/g,
    (run) => decoder.decode(Uint8Array.fromHex(run.replaceAll("%", ""))),
  );
}
