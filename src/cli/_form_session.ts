/**
 * A form session with a time limit on every call (beyond the spec, whose `qip form` had none:
 * a form that looped hung the terminal). Each call into the module — opening it, which runs
 * its start function, and each prompt, answer and output — gets the whole limit again; time
 * spent waiting for the person to answer is never counted.
 *
 * @module
 */

import type { FormCalls, FormRequest, ReplyOf } from "../contracts/mod.ts";
import { timeLimitExceeded } from "../errors.ts";
import type { CompiledStage, WorkerPool } from "../sandbox/mod.ts";

/** The calls a form loop makes. */
export interface FormSession extends Disposable {
  /** Answers one request; rejects with the time-limit error if it ran out. */
  call<R extends FormRequest>(request: R): Promise<ReplyOf<FormCalls, R>>;
}

/** Options for {@linkcode openFormSession}. */
export interface FormSessionOptions {
  /** The limit for each call, in milliseconds. */
  readonly timeLimitMs: number;
  /** Interrupts the module for good (Ctrl-C). */
  readonly signal?: AbortSignal;
}

/**
 * Opens `stage` as a form on one of `pool`'s workers. When a call runs out of time the module is
 * interrupted through its cancel flag and that call, and every later one, fails with the
 * time-limit error; a form cannot go on after that.
 *
 * @example
 * ```ts ignore
 * using session = await openFormSession(pool, stage, { timeLimitMs: 100 });
 * const prompt = await session.call({ op: "prompt" });
 * ```
 * @throws {QipError} instantiation and contract errors, or the time-limit error.
 */
export async function openFormSession(
  pool: WorkerPool,
  stage: CompiledStage,
  options: FormSessionOptions,
): Promise<FormSession> {
  const { timeLimitMs, signal } = options;
  // setTimeout fires at once for delays past 2^31-1 ms; a limit that long is no limit anyway.
  const delayMs = Math.min(timeLimitMs, 2 ** 31 - 1);
  const expired = new AbortController();
  const interrupt = signal === undefined
    ? expired.signal
    : AbortSignal.any([expired.signal, signal]);
  const timed = async <T>(work: () => Promise<T>): Promise<T> => {
    const timer = setTimeout(() => expired.abort(), delayMs);
    try {
      const result = await work();
      // A result that came back after the deadline is not used: the call ran out of time.
      if (expired.signal.aborted) throw timeLimitExceeded(timeLimitMs);
      return result;
    } finally {
      clearTimeout(timer);
    }
  };
  const session = await timed(() =>
    pool.openSession({
      module: stage.module,
      layout: stage.layout,
      contract: "form",
      timeLimitMs,
      fuel: undefined,
    }, interrupt).then((opened) => {
      if (expired.signal.aborted) opened.close(); // opened too late: it will not be used
      return opened;
    })
  );
  return {
    call: (request) => timed(() => session.call(request)),
    [Symbol.dispose]: () => session.close(),
  };
}
