/**
 * Where `qip build` writes each route so that a static server answers the same paths: a
 * route that is the file's own path keeps it (`/img/a.png` → `img/a.png`, `/guide.md` →
 * `guide.md`); an extension-less alias is a directory index (`/guide` → `guide/index.html`,
 * `/docs/` and `/docs` → `docs/index.html`, `/` → `index.html`).
 *
 * @module
 */

/**
 * The output file (relative, `/`-separated) for route `key` of the content file `rel`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { routeFile } from "./route_files.ts";
 * assert.equal(routeFile("/guide/start", "guide/start.md"), "guide/start/index.html");
 * assert.equal(routeFile("/guide/start.md", "guide/start.md"), "guide/start.md");
 * assert.equal(routeFile("/docs/", "docs/index.md"), "docs/index.html");
 * assert.equal(routeFile("/", "index.md"), "index.html");
 * ```
 */
export function routeFile(key: string, rel: string): string {
  if (key === `/${rel}`) return rel;
  const trimmed = key.replace(/^\/+/, "").replace(/\/+$/, "");
  return trimmed === "" ? "index.html" : `${trimmed}/index.html`;
}
