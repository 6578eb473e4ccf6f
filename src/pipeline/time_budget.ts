/**
 * One deadline for a whole chain (spec: cli.md §3.6): it starts when the chain starts and its
 * signal aborts when the time is spent. The timer is always cleared. The signal carries its
 * deadline, so the worker pool refuses a result that arrives after it (src/sandbox/deadline.ts).
 *
 * @module
 */

import { deadlineSignal } from "../sandbox/deadline.ts";

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
  return deadlineSignal(timeLimitMs);
}
