/**
 * Holds the serving state and replaces it (dev-server.md §8): on SIGHUP, and in dev mode when
 * the recipe stamps change. A reload builds a whole new state and swaps it in at once; requests
 * in flight keep the state they started with; a failed reload keeps the old state. A failed
 * automatic reload is also remembered ({@linkcode DevReloader.failure}) until a reload succeeds,
 * so that requests show it, as a bundler's error overlay does, instead of quietly serving
 * what the author just changed.
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
export type ReloadReason = "signal_hup" | "recipe_change" | "form_change";

/** A failed automatic reload, shown to every request until a reload succeeds. */
export interface ReloadFailure {
  /** The load error, naming the module and the reason. */
  readonly message: string;
  /**
   * The recipe and form modules added, changed or removed since the state that is loaded (as
   * `<root>/<path>`): what the author changed and does not see.
   */
  readonly stale: readonly string[];
}

/**
 * What the error page says for a failed automatic reload: the error, then which modules are
 * stale, and that nothing else is served until a reload succeeds.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { reloadFailureMessage } from "./dev_reloader.ts";
 * assert.equal(
 *   reloadFailureMessage({ message: "Wasm module could not be compiled", stale: ["recipes/text/plain/10-a.wasm"] }),
 *   "reload failed: Wasm module could not be compiled\n" +
 *     "stale modules: recipes/text/plain/10-a.wasm\n" +
 *     "every request gets this page until a reload succeeds",
 * );
 * ```
 */
export function reloadFailureMessage(failure: ReloadFailure): string {
  return [
    `reload failed: ${failure.message}`,
    `stale modules: ${failure.stale.join(", ") || "none"}`,
    "every request gets this page until a reload succeeds",
  ].join("\n");
}

/** Options for {@linkcode DevReloader}. */
export interface DevReloaderOptions {
  readonly sources: DevSources;
  readonly limits: StageLimits;
  /**
   * Whether every request first checks the recipe and form module stamps (mode `dev` with
   * `--recipes` or `--forms`).
   */
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
  /** Per tree, the latest stamps that matched the state's (settled ones make checks cheap). */
  readonly #lastChecks = new Map<"recipe" | "form", RecipeStamps>();
  /** Whether a check found no change in the current run of microtasks (see checkRecipes). */
  #checkedThisTurn = false;
  /** The latest automatic reload failure, until a reload succeeds. */
  #failure: ReloadFailure | undefined;
  /** The stale modules of the automatic reload in progress. */
  #pendingStale: readonly string[] = [];

  constructor(state: DevState, options: DevReloaderOptions) {
    this.#state = state;
    this.#options = options;
  }

  /** The state new requests use. */
  get state(): DevState {
    return this.#state;
  }

  /** The failed automatic reload that requests must show, or `undefined` when there is none. */
  get failure(): ReloadFailure | undefined {
    return this.#failure;
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
   * In auto-reload mode, compares the recipe and form module stamps with the current state's
   * and reloads when they differ (the caller waits for the reload). Synchronous up to the
   * reload, so a change made before a request arrived is always seen by it.
   *
   * Requests that reach this in the same run of microtasks as a check that found no change
   * share its answer: JavaScript sees new connections and requests only between such runs, so
   * they had all arrived before that check looked at the disk.
   */
  async checkRecipes(): Promise<void> {
    if (!this.#options.autoReload) return;
    if (this.#reloading !== undefined) return await this.#reloading;
    if (this.#checkedThisTurn) return;
    const { recipesDir, formsDir } = this.#options.sources;
    const recipes = this.#changedFiles(recipesDir, this.#state.recipeStamps, "recipe");
    const forms = this.#changedFiles(formsDir, this.#state.formStamps, "form");
    if (recipes.length === 0 && forms.length === 0) return this.#unchangedThisTurn();
    this.#pendingStale = [...recipes, ...forms];
    const reason = recipes.length > 0 ? "recipe_change" : "form_change";
    this.#reloading = this.reload(reason).then(() => {
      this.#reloading = undefined;
    });
    await this.#reloading;
  }

  /**
   * The modules under `root` added, changed or removed since `recorded` (as `<root>/<path>`),
   * or none when the tree is unchanged or cannot be walked (which is logged).
   */
  #changedFiles(
    root: string | undefined,
    recorded: RecipeStamps | undefined,
    kind: "recipe" | "form",
  ): string[] {
    if (root === undefined || recorded === undefined) return [];
    const reference = this.#lastChecks.get(kind) ?? recorded;
    if (recipeStampsCurrent(root, reference)) return [];
    let stamps;
    try {
      stamps = readRecipeStamps(root, kind);
    } catch (error) {
      this.#options.log(`dev: ${kind} change check failed: ${messageOf(error)}`);
      return [];
    }
    if (sameRecipeFiles(stamps, recorded)) {
      this.#lastChecks.set(kind, stamps);
      return [];
    }
    return staleRecipeFiles(recorded, stamps).map((rel) => `${root}/${rel}`);
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
      this.#lastChecks.clear();
      this.#failure = undefined;
      onSwap?.(state);
      log(
        `dev: reloaded reason=${reason} paths=${state.routes.size} recipe_mimes=${state.chains.size} forms=${state.forms.size} duration_ms=${
          Math.trunc(performance.now() - started)
        }`,
      );
      return true;
    } catch (error) {
      const failed = reason === "signal_hup" ? "reload failed" : "auto-reload failed";
      const message = messageOf(error);
      log(`dev: ${failed} reason=${reason} error=${message}`);
      if (reason !== "signal_hup") this.#remember({ message, stale: this.#pendingStale });
      return false;
    }
  }

  /** Records a failure; logs what is stale the first time this failure is seen. */
  #remember(failure: ReloadFailure): void {
    const previous = this.#failure;
    this.#failure = failure;
    if (
      previous?.message === failure.message &&
      previous.stale.join("\n") === failure.stale.join("\n")
    ) return;
    this.#options.log(
      `dev: serving the reload error until a reload succeeds; stale modules: ${
        failure.stale.join(", ") || "none"
      }`,
    );
  }
}

/** The recipe files added, changed or removed between two walks, sorted. */
function staleRecipeFiles(before: RecipeStamps, after: RecipeStamps): string[] {
  const stale = new Set<string>();
  for (const [rel, stamp] of after.files) if (before.files.get(rel) !== stamp) stale.add(rel);
  for (const rel of before.files.keys()) if (!after.files.has(rel)) stale.add(rel);
  return [...stale].sort();
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
