/**
 * The runtime state `qip dev` serves from (dev-server.md §8): routes, compiled recipe chains,
 * form modules and the recipe stamps they were built from. Start-up and every reload build it
 * with the same function; it is never changed afterwards, only replaced.
 *
 * @module
 */

import type { StageLimits } from "../sandbox/mod.ts";
import { indexContent, type RouteTable } from "./content_routes.ts";
import { discoverFormModules, type FormModules } from "./form_modules.ts";
import { loadRecipeChains, type RecipeChains } from "./recipe_chains.ts";
import { discoverRecipes } from "./recipe_discovery.ts";
import { readRecipeStamps, type RecipeStamps } from "./recipe_stamps.ts";

/** The directories a server serves from, as the user gave them. */
export interface DevSources {
  readonly contentDir: string;
  readonly recipesDir?: string;
  readonly formsDir?: string;
  /** `--serve-secrets`: also serve `.env`, `.git/` and key files from the content root. */
  readonly serveSecrets?: boolean;
}

/** One immutable snapshot of everything a request needs. */
export interface DevState {
  readonly routes: RouteTable;
  /** The content root with every symlink resolved; served files must stay under it. */
  readonly contentRealPath: string;
  readonly chains: RecipeChains;
  readonly forms: FormModules;
  /** Secret files and directories left out of the routes (0 with `--serve-secrets`). */
  readonly secretsLeftOut: number;
  /** The recipe stamps taken before the chains were loaded; `undefined` without `--recipes`. */
  readonly recipeStamps: RecipeStamps | undefined;
  /** The form module stamps taken before the forms were read; `undefined` without `--forms`. */
  readonly formStamps: RecipeStamps | undefined;
}

/** Options for {@linkcode buildDevState}. */
export interface BuildDevStateOptions {
  readonly limits: StageLimits;
  /** Verbose load lines. */
  readonly log?: (line: string) => void;
  /** The state being replaced: its unchanged chains are reused. */
  readonly previous?: DevState;
}

/**
 * Builds a state from disk: stamps first (so a change during the build triggers the next
 * reload), then content, recipes and forms. The first error aborts.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_LIMITS } from "../sandbox/mod.ts";
 * import { buildDevState } from "./dev_state.ts";
 * const site = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${site}/index.md`, "# Hello");
 * const sources = { contentDir: site, recipesDir: "examples/recipes" };
 * const state = await buildDevState(sources, { limits: DEFAULT_LIMITS });
 * assert.equal(state.routes.get("/")?.rel, "index.md");
 * assert.equal(state.chains.get("text/markdown")?.stages.length, 3);
 * await Deno.remove(site, { recursive: true });
 * ```
 * @throws {QipError} the index, discovery and loading errors, word for word.
 */
export async function buildDevState(
  sources: DevSources,
  options: BuildDevStateOptions,
): Promise<DevState> {
  const { limits, log, previous } = options;
  const { contentDir, recipesDir, formsDir } = sources;
  const recipeStamps = recipesDir === undefined ? undefined : readRecipeStamps(recipesDir);
  const formStamps = formsDir === undefined ? undefined : readRecipeStamps(formsDir, "form");
  let secretsLeftOut = 0;
  const routes = indexContent(contentDir, {
    serveSecrets: sources.serveSecrets,
    onSecretLeftOut: () => secretsLeftOut++,
  });
  const contentRealPath = await Deno.realPath(contentDir);
  const chains = recipesDir === undefined ? new Map() : await loadRecipeChains(
    discoverRecipes(recipesDir),
    { limits, log, previous: previous?.chains },
  );
  const forms = formsDir === undefined ? new Map() : await discoverFormModules(formsDir);
  return { routes, contentRealPath, chains, forms, secretsLeftOut, recipeStamps, formStamps };
}
