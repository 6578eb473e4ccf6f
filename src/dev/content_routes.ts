/**
 * The route table: every request path the content tree answers, and how a request path finds
 * its file (dev-server.md §2). Only indexed files can ever be served.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import { cleanPath } from "./clean_path.ts";
import { detectSourceMime } from "./mime.ts";
import { isSecretPath } from "./secret_paths.ts";
import { checkRelativePath, walkTree } from "./tree_walk.ts";

/** One servable file. */
export interface ContentRoute {
  /** Path relative to the content root (`docs/index.md`). */
  readonly rel: string;
  /** The content root as given joined with `rel`, as messages print it. */
  readonly fullPath: string;
  /** The MIME type its extension gives (§3); it selects the recipe chain. */
  readonly sourceMime: string;
}

/** Route keys (`/`, `/docs`, `/docs/`, `/docs/index.md`) to files. */
export type RouteTable = ReadonlyMap<string, ContentRoute>;

const PAGE_EXTENSIONS = new Set([".html", ".md", ".markdown"]);

/** Options for {@linkcode indexContent}. */
export interface IndexOptions {
  /** Index `.env`, `.git/` and key files too (`--serve-secrets`); left out by default. */
  readonly serveSecrets?: boolean;
  /** Told each secret file or directory left out (a directory once, not its contents). */
  readonly onSecretLeftOut?: (rel: string) => void;
}

/**
 * Walks `root` and builds the route table. Secret files ({@linkcode isSecretPath}) are left
 * out unless `serveSecrets` is set, so no request path, redirect or alias can reach them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { indexContent } from "./content_routes.ts";
 * const site = await Deno.makeTempDir();
 * await Deno.mkdir(`${site}/docs`);
 * await Deno.writeTextFile(`${site}/docs/index.md`, "# Docs");
 * const routes = indexContent(site);
 * assert.equal(routes.get("/docs/")?.rel, "docs/index.md");
 * await Deno.remove(site, { recursive: true });
 * ```
 * @throws {QipError} the walk's errors, path errors, and
 *   `duplicate route path "<key>" for "<first>" and "<second>"`.
 */
export function indexContent(root: string, options: IndexOptions = {}): RouteTable {
  const routes = new Map<string, ContentRoute>();
  const skip = options.serveSecrets ? undefined : (rel: string) => {
    if (!isSecretPath(rel)) return false;
    options.onSecretLeftOut?.(rel);
    return true;
  };
  for (const file of walkTree(root, "content", { skip }).files) {
    checkRelativePath(file.rel, "content");
    const route = { ...file, sourceMime: detectSourceMime(file.rel) };
    for (const key of contentRequestPaths(file.rel)) {
      const first = routes.get(key);
      if (first !== undefined) {
        throw new QipError(
          "io",
          `duplicate route path "${key}" for "${first.fullPath}" and "${file.fullPath}"`,
        );
      }
      routes.set(key, route);
    }
  }
  return routes;
}

/**
 * The route keys of one file (§2.2): `/` + rel, and for pages (`.html`, `.md`, `.markdown`)
 * the path without the extension, or the directory (with and without `/`) for an index page.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { contentRequestPaths } from "./content_routes.ts";
 * assert.deepEqual(contentRequestPaths("docs/index.md"), ["/docs/index.md", "/docs", "/docs/"]);
 * assert.deepEqual(contentRequestPaths("about.HTML"), ["/about.HTML", "/about"]);
 * ```
 */
export function contentRequestPaths(rel: string): string[] {
  const keys = [`/${rel}`];
  const slash = rel.lastIndexOf("/");
  const base = rel.slice(slash + 1);
  const dot = base.lastIndexOf(".");
  const extension = dot < 0 ? "" : base.slice(dot).toLowerCase();
  if (PAGE_EXTENSIONS.has(extension)) {
    if (base.toLowerCase() === `index${extension}`) {
      const dir = slash < 0 ? "" : rel.slice(0, slash);
      keys.push(...(dir === "" ? ["/"] : [`/${dir}`, `/${dir}/`]));
    } else {
      keys.push(`/${rel.slice(0, rel.length - extension.length)}`);
    }
  }
  return [...new Set(keys)];
}

/**
 * Finds the route for a decoded request path (§2.3): the path as is, then its cleaned form,
 * then the path with its trailing slash removed or one added. No other fallback.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveRoute } from "./content_routes.ts";
 * const route = { rel: "guide/start.md", fullPath: "site/guide/start.md", sourceMime: "text/markdown" };
 * const routes = new Map([["/guide/start", route]]);
 * assert.equal(resolveRoute(routes, "/guide/start/"), route);
 * assert.equal(resolveRoute(routes, "/guide"), undefined);
 * ```
 */
export function resolveRoute(routes: RouteTable, requestPath: string): ContentRoute | undefined {
  let path = requestPath === "" ? "/" : requestPath;
  if (!path.startsWith("/")) path = `/${path}`;
  const cleaned = cleanPath(path);
  const candidates = [path, cleaned === "." ? "/" : cleaned];
  if (path !== "/") candidates.push(path.endsWith("/") ? path.slice(0, -1) : `${path}/`);
  for (const candidate of new Set(candidates)) {
    const route = routes.get(candidate);
    if (route !== undefined) return route;
  }
  return undefined;
}
