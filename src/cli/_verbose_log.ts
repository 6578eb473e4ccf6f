/**
 * Verbose lines (`-v`): written to stderr in order, without blocking the caller.
 *
 * @module
 */

import type { CommandIo } from "../host/mod.ts";

/**
 * A verbose logger; `line` and `text` are no-ops when verbose is off. `await using` flushes it
 * when the command ends, however it ends.
 */
export interface VerboseLog extends AsyncDisposable {
  /** Queues one line for stderr. */
  readonly line: (text: string) => void;
  /**
   * Queues text produced a chunk at a time (each chunk carries its own newlines): the chunks
   * are made only as stderr takes them, so text of any size never sits in memory whole.
   */
  readonly text: (chunks: Iterable<string>) => void;
  /** Resolves when everything queued is written. */
  flush(): Promise<void>;
}

/** Returns a logger that writes to `io`'s stderr when `enabled`. */
export function verboseLog(enabled: boolean, io: CommandIo): VerboseLog {
  let pending = Promise.resolve();
  const enqueue = (write: () => Promise<void>) => (pending = pending.then(write));
  return {
    line: enabled ? (text) => enqueue(() => io.writeStderr(`${text}\n`)) : () => {},
    text: enabled
      ? (chunks) =>
        enqueue(async () => {
          for (const chunk of chunks) await io.writeStderr(chunk);
        })
      : () => {},
    flush: () => pending,
    [Symbol.asyncDispose]: () => pending,
  };
}
