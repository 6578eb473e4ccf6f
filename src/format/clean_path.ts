/**
 * Slash-separated path cleaning with Go's `path.Clean` rules, which the original server used
 * for request paths (dev-server.md §2.3, §2.4) and for joining file paths in its messages.
 *
 * @module
 */

/**
 * Returns the shortest path equivalent to `path`: repeated slashes collapse, `.` segments go,
 * `..` removes the segment before it (and is dropped at the root); `""` becomes `.`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cleanPath } from "./clean_path.ts";
 * assert.equal(cleanPath("/a/../b//c/./"), "/b/c");
 * assert.equal(cleanPath("../x"), "../x");
 * assert.equal(cleanPath(""), ".");
 * ```
 */
export function cleanPath(path: string): string {
  if (path === "") return ".";
  const rooted = path.startsWith("/");
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment !== "..") segments.push(segment);
    else if (segments.length > 0 && segments[segments.length - 1] !== "..") segments.pop();
    else if (!rooted) segments.push("..");
  }
  const joined = segments.join("/");
  if (rooted) return `/${joined}`;
  return joined === "" ? "." : joined;
}

/**
 * Joins path elements with `/` and cleans the result, like Go's `filepath.Join` on Unix (empty
 * elements are skipped).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { joinPath } from "./clean_path.ts";
 * assert.equal(joinPath("./site/", "docs/index.md"), "site/docs/index.md");
 * ```
 */
export function joinPath(...elements: string[]): string {
  const parts = elements.filter((element) => element !== "");
  return parts.length === 0 ? "" : cleanPath(parts.join("/"));
}
