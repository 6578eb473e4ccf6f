/**
 * One deadline for a whole chain (spec: cli.md §3.6): it starts when the chain starts and its
 * signal aborts when the time is spent. The timer is always cleared.
 *
 * @module
 */

/** A running deadline. Dispose it when the chain ends. */
export interface TimeBudget extends Disposable {
  /** Aborts when the budget is spent. */
  readonly signal: AbortSignal;
}

/**
 * Starts a deadline `timeLimitMs` from now.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { startTimeBudget } from "./time_budget.ts";
 * using budget = startTimeBudget(100);
 * assert.equal(budget.signal.aborted, false);
 * ```
 */
export function startTimeBudget(timeLimitMs: number): TimeBudget {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeLimitMs);
  return {
    signal: controller.signal,
    [Symbol.dispose]() {
      clearTimeout(timer);
    },
  };
}
