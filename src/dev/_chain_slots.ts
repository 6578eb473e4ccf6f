/**
 * Admission for recipe chains: at most one chain per pool worker runs at a time, the others
 * wait here, in arrival order. A chain's 100 ms budget starts when it runs, so it must never
 * start while queued on a worker behind another chain: behind a runaway module that waiting
 * alone would use up the budget, and a request that did nothing wrong would fail with the
 * runaway's error.
 *
 * @module
 */

/**
 * A counting semaphore with a FIFO queue.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ChainSlots } from "./_chain_slots.ts";
 * const slots = new ChainSlots(1);
 * const order: string[] = [];
 * await Promise.all([
 *   slots.run(async () => { order.push("a"); await Promise.resolve(); order.push("a done"); }),
 *   slots.run(() => { order.push("b"); return Promise.resolve(); }),
 * ]);
 * assert.deepEqual(order, ["a", "a done", "b"]);
 * ```
 */
export class ChainSlots {
  #free: number;
  readonly #waiting: Array<() => void> = [];

  constructor(count: number) {
    if (!Number.isInteger(count) || count < 1) {
      throw new RangeError(`Cannot create ${count} chain slots: count must be >= 1`);
    }
    this.#free = count;
  }

  /** Chains waiting for a slot now. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Runs `task` once a slot is free, and frees the slot when it settles. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#free > 0) {
      this.#free--;
    } else {
      const { promise, resolve } = Promise.withResolvers<void>();
      this.#waiting.push(resolve);
      await promise; // the slot is handed over by release(), never freed in between
    }
    try {
      return await task();
    } finally {
      this.#release();
    }
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next === undefined) this.#free++;
    else next();
  }
}
