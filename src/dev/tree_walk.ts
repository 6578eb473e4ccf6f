/**
 * The one directory walk behind the content index, recipe discovery, form discovery and the
 * recipe change check: recursive, in byte-wise name order, refusing anything that is neither a
 * directory nor a regular file (dev-server.md §2.1, §4.1, §7.2).
 *
 * @module
 */

import { QipError } from "../errors.ts";
import { joinPath } from "./clean_path.ts";

/** Which tree is walked; it names the errors (`content entry "…" must be a regular file`). */
export type TreeKind = "content" | "recipe" | "form";

/** What {@linkcode walkTree} found. */
export interface TreeListing {
  /** Regular files, sorted byte-wise by `rel`. */
  readonly files: readonly TreeFile[];
  /** Directories as joined paths, the root first (the recipe change check stamps them). */
  readonly directories: readonly string[];
}

/** A regular file found by {@linkcode walkTree}. */
export interface TreeFile {
  /** Path relative to the root, `/`-separated (`blog/post-1/index.html`). */
  readonly rel: string;
  /** The root as given joined with `rel` (`site/blog/post-1/index.html`). */
  readonly fullPath: string;
}

/** Options for {@linkcode walkTree}. */
export interface WalkOptions {
  /**
   * Entries (files or directories, by `rel`) to leave out as if they were not there: not
   * listed, not descended, not checked for being regular files.
   */
  readonly skip?: (rel: string) => boolean;
}

/**
 * Lists the regular files and directories under `root`, files sorted byte-wise by `rel`. Directories are descended,
 * hidden ones included. The root itself must be a real directory, not a symlink to one.
 *
 * Synchronous: directory reads on a local disk take microseconds, and a walk runs at start-up,
 * on reloads (the original held every request back while it rebuilt) and, for the small
 * recipes tree, before requests in dev mode.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { walkTree } from "./tree_walk.ts";
 * const { files } = walkTree("examples/recipes", "content");
 * assert.ok(files.some((file) => file.rel === "text/markdown/styles.css"));
 * ```
 * @throws {QipError} kind `io`: `<kind> entry "<full path>" must be a regular file` for a
 *   symlink, socket or device (also a symlinked root), or the directory's read error.
 */
export function walkTree(
  root: string,
  kind: TreeKind,
  options: WalkOptions = {},
): TreeListing {
  const { skip } = options;
  const notRegular = (fullPath: string) =>
    new QipError("io", `${kind} entry "${fullPath}" must be a regular file`);
  let rootInfo: Deno.FileInfo;
  try {
    rootInfo = Deno.lstatSync(root);
  } catch (error) {
    throw readFailure(kind, root, error);
  }
  if (!rootInfo.isDirectory) throw notRegular(root);
  const files: TreeFile[] = [];
  const directories: string[] = [];
  const walk = (rel: string): void => {
    const dirPath = joinPath(root, rel);
    directories.push(dirPath);
    const names: Array<{ name: string; isDirectory: boolean }> = [];
    try {
      for (const entry of Deno.readDirSync(dirPath)) {
        if (skip?.(rel === "" ? entry.name : `${rel}/${entry.name}`)) continue;
        const fullPath = joinPath(dirPath, entry.name);
        if (!entry.isDirectory && !entry.isFile) throw notRegular(fullPath);
        names.push({ name: entry.name, isDirectory: entry.isDirectory });
      }
    } catch (error) {
      throw error instanceof QipError ? error : readFailure(kind, dirPath, error);
    }
    names.sort((a, b) => compareBytewise(a.name, b.name));
    for (const { name, isDirectory } of names) {
      const childRel = rel === "" ? name : `${rel}/${name}`;
      if (isDirectory) walk(childRel);
      else files.push({ rel: childRel, fullPath: joinPath(root, childRel) });
    }
  };
  walk("");
  return { files: files.sort((a, b) => compareBytewise(a.rel, b.rel)), directories };
}

/**
 * Checks a relative path found by a walk (dev-server.md §2.1, §7.2), in the spec's order.
 *
 * @throws {QipError} kind `io`: `<kind> path "<rel>" must be valid UTF-8`, `… must not contain
 *   backslash` (content only), `… must not start with /`, `… is not canonical`.
 */
export function checkRelativePath(rel: string, kind: "content" | "form"): void {
  const fail = (why: string) => new QipError("io", `${kind} path "${rel}" ${why}`);
  // A name that is not UTF-8 reaches JavaScript with U+FFFD in place of the bad bytes.
  if (rel.includes("\uFFFD")) throw fail("must be valid UTF-8");
  if (kind === "content" && rel.includes("\\")) throw fail("must not contain backslash");
  if (rel.startsWith("/")) throw fail("must not start with /");
  if (joinPath(rel) !== rel) throw fail("is not canonical");
}

/**
 * Orders strings by their UTF-8 bytes (which is code point order), as Go sorts names; plain
 * `<` compares UTF-16 units and puts some characters in another order.
 */
export function compareBytewise(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const x = a.codePointAt(index)!;
    const y = b.codePointAt(index)!;
    if (x !== y) return x - y;
    if (x > 0xffff) index++;
  }
  return a.length - b.length;
}

function readFailure(kind: TreeKind, path: string, error: unknown): QipError {
  const reason = error instanceof Error ? error.message : String(error);
  return new QipError("io", `Cannot read ${kind} directory "${path}": ${reason}`, {
    cause: error,
  });
}
