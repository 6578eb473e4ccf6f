/**
 * A small glob matcher for batch inputs: `*` and `?` within one path segment, `**` across
 * segments, `[...]` classes (`[!...]` or `[^...]` negated). Paths use `/`.
 *
 * @module
 */

/** Whether `pattern` has any glob syntax (else it names one file or directory). */
export function isGlob(pattern: string): boolean {
  return /[*?[]/.test(pattern);
}

/**
 * The part of `pattern` before its first segment with glob syntax: the directory a walk starts
 * from, and the root outputs are placed relative to (`content/posts/*.md` → `content/posts`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { globRoot } from "./glob.ts";
 * assert.equal(globRoot("content/posts/*.md"), "content/posts");
 * assert.equal(globRoot("*.md"), ".");
 * ```
 */
export function globRoot(pattern: string): string {
  const segments = pattern.split("/");
  const index = segments.findIndex(isGlob);
  const fixed = segments.slice(0, index < 0 ? segments.length : index);
  if (fixed.length === 0) return ".";
  if (fixed.length === 1 && fixed[0] === "") return "/";
  return fixed.join("/");
}

/**
 * Compiles a glob (relative to its {@linkcode globRoot}) to a RegExp over `/`-separated
 * relative paths. `**` as a whole segment matches zero or more segments.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { globToRegExp } from "./glob.ts";
 * const md = globToRegExp("**" + "/*.md");
 * assert.ok(md.test("a.md") && md.test("x/y/a.md") && !md.test("a.txt"));
 * assert.ok(globToRegExp("p?[0-9].jpg").test("p10.jpg"));
 * ```
 */
export function globToRegExp(glob: string): RegExp {
  const segments = glob.split("/");
  let source = "";
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    if (segment === "**") {
      source += last ? ".*" : "(?:[^/]*/)*";
      continue;
    }
    source += segmentSource(segment) + (last ? "" : "/");
  }
  return new RegExp(`^${source}$`, "u");
}

function segmentSource(segment: string): string {
  let source = "";
  for (let index = 0; index < segment.length; index++) {
    const char = segment[index]!;
    if (char === "*") source += "[^/]*";
    else if (char === "?") source += "[^/]";
    else if (char === "[") {
      const end = segment.indexOf("]", index + 2);
      if (end < 0) {
        source += "\\[";
        continue;
      }
      let body = segment.slice(index + 1, end);
      const negated = body.startsWith("!") || body.startsWith("^");
      if (negated) body = body.slice(1);
      const escaped = body.replace(/[\\\]^]/g, (c) => `\\${c}`);
      source += negated ? `[^/${escaped}]` : `[${escaped}]`;
      index = end;
    } else source += char.replace(/[.*+?^${}()|[\]\\/]/g, (c) => `\\${c}`);
  }
  return source;
}
