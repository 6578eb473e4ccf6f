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
  const deadline = performance.now() + timeLimitMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // setTimeout fires at once for a delay above 2^31 - 1 ms, so a longer budget is waited for in
  // steps of at most that.
  const arm = () => {
    const left = deadline - performance.now();
    if (left <= 0) controller.abort();
    else timer = setTimeout(arm, Math.min(left, MAX_TIMER_DELAY_MS));
  };
  timer = setTimeout(arm, Math.min(timeLimitMs, MAX_TIMER_DELAY_MS));
  return {
    signal: controller.signal,
    [Symbol.dispose]() {
      clearTimeout(timer);
    },
  };
}

/** The longest delay `setTimeout` honours (a signed 32-bit count of milliseconds). */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;
