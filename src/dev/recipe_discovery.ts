/**
 * Recipe discovery (dev-server.md §4): `<recipes>/<type>/<subtype>/NN-name.wasm`, ordered by
 * their two-digit prefix; `-NN-name.wasm` is disabled.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import { compareBytewise, walkTree } from "./tree_walk.ts";

/** A recipe file name, validated. */
export interface RecipeFilename {
  /** The two-digit prefix, 0–99. */
  readonly order: number;
  /** A leading `-` disables the recipe: validated, never read or compiled. */
  readonly disabled: boolean;
}

/** One enabled recipe module. */
export interface RecipeFile {
  readonly rel: string;
  readonly fullPath: string;
  readonly order: number;
}

/** MIME keys (`text/markdown`, as spelled on disk) to their enabled modules in chain order. */
export type RecipePlan = ReadonlyMap<string, readonly RecipeFile[]>;

/**
 * Validates a recipe file name (§4.2), checks in the spec's order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseRecipeFilename } from "./recipe_discovery.ts";
 * assert.deepEqual(parseRecipeFilename("-99-wrap.wasm"), { order: 99, disabled: true });
 * assert.throws(() => parseRecipeFilename("a0-markdown.wasm"), {
 *   message: "filename prefix must be two digits",
 * });
 * ```
 * @throws {QipError} the bare reason; discovery wraps it with the file's path.
 */
export function parseRecipeFilename(name: string): RecipeFilename {
  const fail = (why: string) => new QipError("io", why);
  if (/[\u0080-\uffff]/.test(name)) throw fail("filename must be ASCII");
  if (!name.endsWith(".wasm")) throw fail("filename must end with .wasm");
  const disabled = name.startsWith("-");
  const rest = disabled ? name.slice(1) : name;
  if (rest.length < "00-a.wasm".length) throw fail("filename must match NN-name.wasm");
  if (!/^[0-9]{2}/.test(rest)) throw fail("filename prefix must be two digits");
  if (rest[2] !== "-") throw fail("filename must match NN-name.wasm");
  return { order: Number(rest.slice(0, 2)), disabled };
}

/**
 * Walks the recipes root and plans one chain per MIME key, MIME keys sorted.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { discoverRecipes } from "./recipe_discovery.ts";
 * const plan = discoverRecipes("examples/recipes");
 * assert.deepEqual(plan.get("text/markdown")?.map((file) => file.order), [10, 11, 20]);
 * ```
 * @throws {QipError} `recipe entry "…" must be a regular file`,
 *   `recipe path "<rel>" must match <type>/<subtype>/<file>`,
 *   `invalid recipe filename "<rel>": <reason>`,
 *   `duplicate recipe prefix for <mime>: <NN> in "<path1>" and "<path2>"`.
 */
export function discoverRecipes(root: string): RecipePlan {
  const byMime = new Map<string, Array<RecipeFile & { name: string }>>();
  for (const file of walkTree(root, "recipe").files) {
    const segments = file.rel.split("/");
    const name = segments[segments.length - 1]!;
    if (!name.endsWith(".wasm")) continue;
    if (segments.length !== 3) {
      throw new QipError("io", `recipe path "${file.rel}" must match <type>/<subtype>/<file>`);
    }
    let parsed: RecipeFilename;
    try {
      parsed = parseRecipeFilename(name);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new QipError("io", `invalid recipe filename "${file.rel}": ${reason}`);
    }
    if (parsed.disabled) continue;
    const mime = `${segments[0]}/${segments[1]}`;
    const chain = byMime.get(mime) ?? [];
    chain.push({ ...file, order: parsed.order, name });
    byMime.set(mime, chain);
  }
  const plan = new Map<string, RecipeFile[]>();
  for (const mime of [...byMime.keys()].sort(compareBytewise)) {
    const chain = byMime.get(mime)!.sort((a, b) =>
      a.order - b.order || compareBytewise(a.name, b.name)
    );
    for (let index = 1; index < chain.length; index++) {
      const [previous, current] = [chain[index - 1]!, chain[index]!];
      if (previous.order === current.order) {
        throw new QipError(
          "io",
          `duplicate recipe prefix for ${mime}: ${
            String(current.order).padStart(2, "0")
          } in "${previous.fullPath}" and "${current.fullPath}"`,
        );
      }
    }
    plan.set(mime, chain.map(({ rel, fullPath, order }) => ({ rel, fullPath, order })));
  }
  return plan;
}
