/**
 * Ctrl-C for interactive commands: instead of dying mid-prompt, the command hears SIGINT,
 * stops its module and says so.
 *
 * @module
 */

/** A SIGINT listener; dispose it to restore the default behaviour. */
export interface InterruptSignal extends Disposable {
  /** Resolves on the first SIGINT. */
  readonly interrupted: Promise<void>;
  /** Aborts on the first SIGINT (to interrupt the running module). */
  readonly signal: AbortSignal;
}

/**
 * Starts listening for SIGINT.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { listenForInterrupt } from "./_interrupt_signal.ts";
 * using interrupt = listenForInterrupt();
 * // Work that stops when its signal aborts; here it finishes first.
 * const work = (signal: AbortSignal) => Promise.resolve(signal.aborted ? "stopped" : "done");
 * assert.equal(await Promise.race([work(interrupt.signal), interrupt.interrupted]), "done");
 * ```
 */
export function listenForInterrupt(): InterruptSignal {
  const controller = new AbortController();
  const { promise, resolve } = Promise.withResolvers<void>();
  const onSignal = () => {
    controller.abort();
    resolve();
  };
  Deno.addSignalListener("SIGINT", onSignal);
  return {
    interrupted: promise,
    signal: controller.signal,
    [Symbol.dispose]() {
      Deno.removeSignalListener("SIGINT", onSignal);
    },
  };
}
