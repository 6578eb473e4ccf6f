/**
 * Compiles the planned recipe chains through the one loader (`loadStages`), once per chain:
 * a reload reuses a chain whose module paths and digests are unchanged (dev-server.md §4.3).
 *
 * @module
 */

import { loadModule, loadStages } from "../host/mod.ts";
import { assertImageStagesContiguous } from "../pipeline/mod.ts";
import type { CompiledStage, StageLimits } from "../sandbox/mod.ts";
import type { RecipePlan } from "./recipe_discovery.ts";

/** A compiled chain for one MIME key. */
export interface RecipeChain {
  readonly mime: string;
  readonly stages: readonly CompiledStage[];
  /** The raw SHA-256 of each module file, in chain order (for ETags). */
  readonly digests: readonly Uint8Array[];
  /**
   * Identity of the chain: its module paths and digests. Memoized outputs are keyed by it, so
   * a changed module can never serve an old output.
   */
  readonly key: string;
}

/** MIME keys to compiled chains. */
export type RecipeChains = ReadonlyMap<string, RecipeChain>;

/** Options for {@linkcode loadRecipeChains}. */
export interface LoadRecipeChainsOptions {
  readonly limits: StageLimits;
  /** Verbose load lines (`module … sha256`, `compiled module[i] in Nms`). */
  readonly log?: (line: string) => void;
  /** The chains of the state being replaced; unchanged ones are reused, not recompiled. */
  readonly previous?: RecipeChains;
}

/**
 * Loads and compiles every planned chain, MIME keys in order; the first error aborts.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_LIMITS } from "../sandbox/mod.ts";
 * import { loadRecipeChains } from "./recipe_chains.ts";
 * import { discoverRecipes } from "./recipe_discovery.ts";
 * const plan = discoverRecipes("examples/recipes");
 * const chains = await loadRecipeChains(plan, { limits: DEFAULT_LIMITS });
 * assert.equal(chains.get("text/markdown")?.digests.length, 3);
 * ```
 * @throws {QipError} the loader's errors (`Error reading file: …`, `Wasm module could not be
 *   compiled: …`) and `Image stages must be contiguous to compose (module <i>)`.
 */
export async function loadRecipeChains(
  plan: RecipePlan,
  options: LoadRecipeChainsOptions,
): Promise<RecipeChains> {
  const { limits, log, previous } = options;
  const reusable = new Map([...(previous?.values() ?? [])].map((chain) => [chain.key, chain]));
  const chains = new Map<string, RecipeChain>();
  for (const [mime, files] of plan) {
    const paths = files.map((file) => file.fullPath);
    if (reusable.size > 0) {
      const key = chainKey(
        paths,
        await Promise.all(
          paths.map(async (path) => (await loadModule(path, limits.maxModuleBytes)).digest),
        ),
      );
      const same = reusable.get(key);
      if (same !== undefined) {
        chains.set(mime, { ...same, mime });
        continue;
      }
    }
    const stages = await loadStages(paths, { limits, log });
    assertImageStagesContiguous(stages);
    const digests = stages.map((stage) => stage.digest);
    chains.set(mime, {
      mime,
      stages,
      digests: digests.map((hex) => Uint8Array.fromHex(hex)),
      key: chainKey(paths, digests),
    });
  }
  return chains;
}

function chainKey(paths: readonly string[], digests: readonly string[]): string {
  return paths.map((path, index) => `${digests[index]} ${path}`).join("\n");
}
