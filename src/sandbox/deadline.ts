/**
 * A deadline carried by an `AbortSignal`. The signal's timer fires when the event loop gets to
 * it, which can be after a worker's reply that arrived late: the pool asks
 * {@linkcode deadlinePassed} so that a result arriving after the deadline is a time-limit error,
 * never a success, whichever of the two the event loop handles first.
 *
 * @module
 */

const deadlines = new WeakMap<AbortSignal, number>();

/** The longest delay `setTimeout` honours (a signed 32-bit count of milliseconds). */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/**
 * A signal that aborts `timeLimitMs` from now, and knows its deadline. Dispose it to clear the
 * timer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { deadlinePassed, deadlineSignal } from "./deadline.ts";
 * using deadline = deadlineSignal(60_000);
 * assert.equal(deadlinePassed(deadline.signal), false);
 * ```
 */
export function deadlineSignal(timeLimitMs: number): { signal: AbortSignal } & Disposable {
  const controller = new AbortController();
  const deadline = performance.now() + timeLimitMs;
  deadlines.set(controller.signal, deadline);
  let timer: ReturnType<typeof setTimeout> | undefined;
  // setTimeout fires at once for a delay above 2^31 - 1 ms, so a longer limit is waited for in
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

/** Whether `signal` aborted, or its deadline (if it has one) is already behind us. */
export function deadlinePassed(signal: AbortSignal | undefined): boolean {
  if (signal === undefined) return false;
  if (signal.aborted) return true;
  const deadline = deadlines.get(signal);
  return deadline !== undefined && performance.now() >= deadline;
}
