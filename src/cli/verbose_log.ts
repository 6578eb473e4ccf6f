/**
 * Verbose lines (`-v`): written to stderr in order, without blocking the caller.
 *
 * @module
 */

import type { CommandIo } from "../host/mod.ts";

/** A verbose logger; `line` is a no-op when verbose is off. */
export interface VerboseLog {
  /** Queues one line for stderr. */
  readonly line: (text: string) => void;
  /** Resolves when every queued line is written. */
  flush(): Promise<void>;
}

/** Returns a logger that writes to `io`'s stderr when `enabled`. */
export function verboseLog(enabled: boolean, io: CommandIo): VerboseLog {
  let pending = Promise.resolve();
  return {
    line: enabled
      ? (text) => (pending = pending.then(() => io.writeStderr(`${text}\n`)))
      : () => {},
    flush: () => pending,
  };
}
