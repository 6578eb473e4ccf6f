/**
 * The server's stderr log (dev-server.md §10). Lines carry the original's Go logger prefix
 * `YYYY/MM/DD HH:MM:SS ` (local time) until the first verbose line, after which no line has it.
 * Writes never block a request: lines queue and go out in order, batched under load.
 *
 * @module
 */

import type { CommandIo } from "../host/mod.ts";

/** The server's logger. */
export interface DevLog {
  /** Queues a log line (start-up, reload and request lines). */
  readonly line: (text: string) => void;
  /** Queues a verbose line; `undefined` when verbose is off. */
  readonly verbose: ((text: string) => void) | undefined;
  /** Resolves when every queued line is written. */
  flush(): Promise<void>;
}

/** Options for {@linkcode devLog}. */
export interface DevLogOptions {
  readonly verbose: boolean;
  /** The clock for the prefix. @default {() => new Date()} */
  readonly now?: () => Date;
}

/**
 * Returns the logger writing to `io`'s stderr.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { devLog } from "./dev_log.ts";
 * let text = "";
 * const io = { writeStdout: async () => {}, writeStderr: async (chunk: string) => { text += chunk; } };
 * const log = devLog(io, { verbose: true, now: () => new Date(2026, 1, 21, 12, 17, 4) });
 * log.line("dev: listening on http://127.0.0.1:4000");
 * log.verbose?.("module a.wasm sha256: 00");
 * log.line("dev: GET / status=200 duration_ms=1");
 * await log.flush();
 * assert.equal(
 *   text,
 *   "2026/02/21 12:17:04 dev: listening on http://127.0.0.1:4000\nmodule a.wasm sha256: 00\ndev: GET / status=200 duration_ms=1\n",
 * );
 * ```
 */
export function devLog(io: CommandIo, options: DevLogOptions): DevLog {
  const { verbose, now = () => new Date() } = options;
  let prefixed = true;
  let queued = "";
  let writing: Promise<void> | undefined;
  let prefixSecond = -1;
  let prefix = "";
  const drain = async () => {
    try {
      while (queued !== "") {
        const chunk = queued;
        queued = "";
        await io.writeStderr(chunk);
      }
    } catch {
      // stderr is gone (a closed pipe): keep serving, stop logging.
      queued = "";
      enqueue = () => {};
    } finally {
      writing = undefined;
    }
  };
  let enqueue = (text: string) => {
    queued += `${text}\n`;
    writing ??= drain();
  };
  const stamp = () => {
    const date = now();
    const second = Math.floor(date.getTime() / 1000);
    if (second !== prefixSecond) {
      prefixSecond = second;
      prefix = goLogPrefix(date);
    }
    return prefix;
  };
  return {
    line: (text) => enqueue(prefixed ? `${stamp()}${text}` : text),
    verbose: verbose
      ? (text) => {
        prefixed = false;
        enqueue(text);
      }
      : undefined,
    flush: () => writing ?? Promise.resolve(),
  };
}

/** Go's `log` prefix: `2026/02/21 12:17:04 `, local time. */
function goLogPrefix(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}/${pad(date.getMonth() + 1)}/${pad(date.getDate())} ${
    pad(date.getHours())
  }:${pad(date.getMinutes())}:${pad(date.getSeconds())} `;
}
