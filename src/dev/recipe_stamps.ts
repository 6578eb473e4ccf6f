/**
 * The recipe change check of dev mode (dev-server.md §8.2): a stamp (modification time, size,
 * inode) of every `.wasm` file under the recipes root, compared with the stamps recorded with
 * the serving state.
 *
 * Walking the tree before every request is most of a memoized request's cost, so the check
 * also stamps the directories: adding, removing or renaming an entry changes its directory's
 * modification time. When every directory was last changed well before the walk (so a later
 * change cannot share its timestamp), re-stamping the recorded directories and files is enough
 * ({@linkcode recipeStampsCurrent}); otherwise the whole tree is walked again.
 *
 * @module
 */

import { type TreeKind, walkTree } from "./tree_walk.ts";

/** The stamps of one walk of the recipes tree. */
export interface RecipeStamps {
  /** Each `.wasm` file (any case, disabled and misplaced ones too) to its stamp. */
  readonly files: ReadonlyMap<string, string>;
  /** Each directory, the root first, to its stamp. */
  readonly directories: ReadonlyMap<string, string>;
  /** Whether no directory had changed in the second before the walk. */
  readonly settled: boolean;
}

/** A timestamp within this much of the walk may be shared by a change just after it. */
const SETTLE_MS = 1000;

/**
 * Stamps every `.wasm` file and every directory under `root`: the recipes root, or the forms
 * root (`kind` "form"), whose modules are reloaded the same way.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readRecipeStamps, sameRecipeFiles } from "./recipe_stamps.ts";
 * const recipes = await Deno.makeTempDir();
 * await Deno.mkdir(`${recipes}/text/markdown`, { recursive: true });
 * const before = readRecipeStamps(recipes);
 * assert.equal(sameRecipeFiles(before, readRecipeStamps(recipes)), true);
 * await Deno.copyFile("examples/hello.wasm", `${recipes}/text/markdown/10-hello.wasm`);
 * assert.equal(sameRecipeFiles(before, readRecipeStamps(recipes)), false);
 * await Deno.remove(recipes, { recursive: true });
 * ```
 * @throws {QipError} `recipe entry "…" must be a regular file` and directory read errors.
 */
export function readRecipeStamps(root: string, kind: TreeKind = "recipe"): RecipeStamps {
  const walkedMs = Date.now();
  const listing = walkTree(root, kind);
  const files = new Map<string, string>();
  for (const file of listing.files) {
    if (file.rel.toLowerCase().endsWith(".wasm")) files.set(file.rel, stampOf(file.fullPath));
  }
  let settled = true;
  const directories = new Map<string, string>();
  for (const path of listing.directories) {
    const info = Deno.lstatSync(path);
    settled &&= (info.mtime?.getTime() ?? walkedMs) < walkedMs - SETTLE_MS;
    directories.set(path, `${info.mtime?.getTime()} ${info.ino}`);
  }
  return { files, directories, settled };
}

/**
 * Whether `stamps` still describe the tree, from the recorded directories and files alone;
 * `false` means "walk again", not necessarily "changed".
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readRecipeStamps, recipeStampsCurrent } from "./recipe_stamps.ts";
 * const root = "examples/recipes";
 * let stamps = readRecipeStamps(root);
 * if (!recipeStampsCurrent(root, stamps)) stamps = readRecipeStamps(root);
 * assert.ok(stamps.files.size > 0);
 * ```
 */
export function recipeStampsCurrent(root: string, stamps: RecipeStamps): boolean {
  if (!stamps.settled) return false;
  try {
    for (const [path, stamp] of stamps.directories) {
      const info = Deno.lstatSync(path);
      if (!info.isDirectory || `${info.mtime?.getTime()} ${info.ino}` !== stamp) return false;
    }
    for (const [rel, stamp] of stamps.files) {
      if (stampOf(`${root}/${rel}`) !== stamp) return false;
    }
    return true;
  } catch {
    // Something was removed or replaced: the full walk says what.
    return false;
  }
}

/**
 * Whether two walks found the same `.wasm` files with the same stamps (the spec's comparison).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sameRecipeFiles } from "./recipe_stamps.ts";
 * const stamps = (files: [string, string][]) => ({ files: new Map(files), directories: new Map(), settled: true });
 * assert.equal(sameRecipeFiles(stamps([["a", "1"]]), stamps([["a", "1"]])), true);
 * assert.equal(sameRecipeFiles(stamps([["a", "1"]]), stamps([["a", "2"]])), false);
 * ```
 */
export function sameRecipeFiles(a: RecipeStamps, b: RecipeStamps): boolean {
  if (a.files.size !== b.files.size) return false;
  for (const [rel, stamp] of a.files) if (b.files.get(rel) !== stamp) return false;
  return true;
}

function stampOf(path: string): string {
  const info = Deno.lstatSync(path);
  return `${info.mtime?.getTime()} ${info.size} ${info.ino} ${info.ctime?.getTime()}`;
}
