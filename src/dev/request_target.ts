/**
 * What a request asks for, read from the request line as sent (Deno keeps it unnormalised in
 * `request.url`), with the checks the original's `ServeMux` made before its handler ran
 * (dev-server.md §2.4): a non-canonical path is redirected, a malformed escape is refused.
 *
 * @module
 */

import { cleanPath } from "./clean_path.ts";

/** A request target, classified. */
export type RequestTarget =
  /** A canonical path: serve `path` (percent-decoded). */
  | { readonly kind: "path"; readonly path: string }
  /** `//`, `/./` or `/../` in the escaped path: 301 to `location`. */
  | { readonly kind: "redirect"; readonly location: string }
  /** A `%` not followed by two hex digits: 400. */
  | { readonly kind: "malformed" };

const decoder = new TextDecoder();

/**
 * Classifies the target of `url` (the request's URL as Deno received it).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseRequestTarget } from "./request_target.ts";
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
    return {
      kind: "redirect",
      location: query === undefined ? canonical : `${canonical}?${query}`,
    };
  }
  if (/%(?![0-9a-fA-F]{2})/.test(rawPath)) return { kind: "malformed" };
  return { kind: "path", path: percentDecode(rawPath) };
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
