/**
 * Holds the serving state and replaces it (dev-server.md §8): on SIGHUP, and in dev mode when
 * the recipe stamps change. A reload builds a whole new state and swaps it in at once; requests
 * in flight keep the state they started with; a failed reload keeps the old state serving.
 *
 * @module
 */

import { buildDevState, type DevSources, type DevState } from "./dev_state.ts";
import type { StageLimits } from "../sandbox/mod.ts";
import {
  readRecipeStamps,
  type RecipeStamps,
  recipeStampsCurrent,
  sameRecipeFiles,
} from "./recipe_stamps.ts";

/** Why a reload ran; it appears in the log line. */
export type ReloadReason = "signal_hup" | "recipe_change";

/** Options for {@linkcode DevReloader}. */
export interface DevReloaderOptions {
  readonly sources: DevSources;
  readonly limits: StageLimits;
  /** Whether every request first checks the recipe stamps (mode `dev` with `--recipes`). */
  readonly autoReload: boolean;
  /** Log lines (`dev: reloaded …`, `dev: reload failed …`). */
  readonly log: (line: string) => void;
  /** Verbose load lines. */
  readonly verbose?: (line: string) => void;
  /** Called with each new state right after it was swapped in. */
  readonly onSwap?: (state: DevState) => void;
}

/**
 * The current state and the ways to replace it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_LIMITS as limits } from "../sandbox/mod.ts";
 * import { DevReloader } from "./dev_reloader.ts";
 * import { buildDevState } from "./dev_state.ts";
 * const site = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${site}/index.md`, "# Hello");
 * const sources = { contentDir: site, recipesDir: "examples/recipes" };
 * const state = await buildDevState(sources, { limits });
 * const reloader = new DevReloader(state, { sources, limits, autoReload: true, log: console.log });
 * await reloader.checkRecipes(); // reloads if a recipe module changed
 * assert.equal(reloader.state.routes.get("/")?.rel, "index.md");
 * await Deno.remove(site, { recursive: true });
 * ```
 */
export class DevReloader {
  #state: DevState;
  readonly #options: DevReloaderOptions;
  /** Reloads run one at a time, in order. */
  #reloads: Promise<unknown> = Promise.resolve();
  /** An automatic reload in progress: requests wait for it. */
  #reloading: Promise<void> | undefined;
  /** The latest stamps that matched the state's (settled ones make the next check cheap). */
  #lastCheck: RecipeStamps | undefined;
  /** Whether a check found no change in the current run of microtasks (see checkRecipes). */
  #checkedThisTurn = false;

  constructor(state: DevState, options: DevReloaderOptions) {
    this.#state = state;
    this.#options = options;
  }

  /** The state new requests use. */
  get state(): DevState {
    return this.#state;
  }

  /**
   * Rebuilds the state from disk and swaps it in; logs the outcome. Resolves to whether it
   * succeeded.
   */
  reload(reason: ReloadReason): Promise<boolean> {
    const run = this.#reloads.then(() => this.#reloadNow(reason));
    this.#reloads = run;
    return run;
  }

  /**
   * In auto-reload mode, compares the recipe stamps with the current state's and reloads when
   * they differ (the caller waits for the reload). Synchronous up to the reload, so a change
   * made before a request arrived is always seen by it.
   *
   * Requests that reach this in the same run of microtasks as a check that found no change
   * share its answer: JavaScript sees new connections and requests only between such runs, so
   * they had all arrived before that check looked at the disk.
   */
  async checkRecipes(): Promise<void> {
    const recipesDir = this.#options.sources.recipesDir;
    const recorded = this.#state.recipeStamps;
    if (!this.#options.autoReload || recipesDir === undefined || recorded === undefined) return;
    if (this.#reloading !== undefined) return await this.#reloading;
    if (this.#checkedThisTurn) return;
    const reference = this.#lastCheck ?? recorded;
    if (recipeStampsCurrent(recipesDir, reference)) return this.#unchangedThisTurn();
    let stamps;
    try {
      stamps = readRecipeStamps(recipesDir);
    } catch (error) {
      this.#options.log(`dev: recipe change check failed: ${messageOf(error)}`);
      return;
    }
    if (sameRecipeFiles(stamps, recorded)) {
      this.#lastCheck = stamps;
      return this.#unchangedThisTurn();
    }
    this.#reloading = this.reload("recipe_change").then(() => {
      this.#reloading = undefined;
    });
    await this.#reloading;
  }

  #unchangedThisTurn(): void {
    this.#checkedThisTurn = true;
    queueMicrotask(() => this.#checkedThisTurn = false);
  }

  async #reloadNow(reason: ReloadReason): Promise<boolean> {
    const { sources, limits, log, verbose, onSwap } = this.#options;
    const started = performance.now();
    try {
      const state = await buildDevState(sources, { limits, log: verbose, previous: this.#state });
      this.#state = state;
      this.#lastCheck = undefined;
      onSwap?.(state);
      log(
        `dev: reloaded reason=${reason} paths=${state.routes.size} recipe_mimes=${state.chains.size} forms=${state.forms.size} duration_ms=${
          Math.trunc(performance.now() - started)
        }`,
      );
      return true;
    } catch (error) {
      const failed = reason === "signal_hup" ? "reload failed" : "auto-reload failed";
      log(`dev: ${failed} reason=${reason} error=${messageOf(error)}`);
      return false;
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
