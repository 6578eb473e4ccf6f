/**
 * The one error type qip raises on purpose. Every failure a user can cause (bad flags, bad
 * input, a module breaking its contract, a trap, a limit) is a {@linkcode QipError}; the CLI
 * prints its {@linkcode QipError.message} as one stderr line and exits 1. Anything else is a
 * bug in qip and exits 2.
 *
 * @module
 */

import { formatGoDurationMs } from "./format/go_duration.ts";

/** What kind of failure an error is; callers branch on this, never on message text. */
export type ErrorKind =
  /** Bad command line: unknown flag, missing module, invalid value. */
  | "usage"
  /** Reading input, modules or writing output failed. */
  | "io"
  /** The module bytes are not a module qip can compile (or instrument). */
  | "compile"
  /** Instantiation failed: an import, a bad segment, a trapping start function. */
  | "instantiate"
  /** The module's exports do not follow the contract (missing or ill-typed exports). */
  | "contract"
  /** A size did not fit: input larger than the cap, output beyond memory, and so on. */
  | "capacity"
  /** The module trapped while running. */
  | "trap"
  /** The execution time limit was reached. */
  | "time_limit"
  /** The `--fuel` budget ran out. */
  | "fuel"
  /** The module asks for more memory than the memory policy allows. */
  | "memory_policy"
  /** A remote module could not be fetched or verified. */
  | "remote";

/**
 * A failure with a kind and a user-facing message.
 *
 * `specMessage` is the text the specification quotes (scripts match on it); `detail`, when
 * present, says where and why and is appended after a colon. `message` is the full line.
 *
 * @example Build and print an error
 * ```ts
 * import assert from "node:assert/strict";
 * import { QipError } from "./errors.ts";
 * const error = new QipError("capacity", "Input is too large", { detail: "70000 bytes" });
 * assert.equal(error.message, "Input is too large: 70000 bytes");
 * ```
 */
export class QipError extends Error {
  override name = "QipError";
  /** The failure class. */
  readonly kind: ErrorKind;
  /** The message exactly as the specification quotes it, without detail. */
  readonly specMessage: string;
  /** Where and why, appended to the message after a colon; `undefined` when there is none. */
  readonly detail: string | undefined;

  constructor(
    kind: ErrorKind,
    specMessage: string,
    options: ErrorOptions & { detail?: string } = {},
  ) {
    const { detail, ...errorOptions } = options;
    super(detail === undefined ? specMessage : `${specMessage}: ${detail}`, errorOptions);
    this.kind = kind;
    this.specMessage = specMessage;
    this.detail = detail;
  }

  /**
   * Returns a copy whose detail starts with `context` (where the error happened, such as
   * `stage 1 (upper.wasm)`), followed by any existing detail.
   */
  withContext(context: string): QipError {
    const detail = this.detail === undefined ? context : `${context}: ${this.detail}`;
    return new QipError(this.kind, this.specMessage, { detail, cause: this.cause });
  }
}

/**
 * The spec's time-limit message, word for word (cli.md §3.6). A chain appends the stage that
 * was running as its detail (`…(100ms): stage 1 (slow.wasm)`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { timeLimitExceeded } from "./errors.ts";
 * assert.equal(timeLimitExceeded(100).message, "Wasm module exceeded the execution time limit (100ms)");
 * ```
 */
export function timeLimitExceeded(timeLimitMs: number): QipError {
  return new QipError(
    "time_limit",
    `Wasm module exceeded the execution time limit (${formatGoDurationMs(timeLimitMs)})`,
  );
}

/** The `--fuel` budget ran out; worded like the time limit. */
export function fuelExhausted(fuel: bigint): QipError {
  return new QipError("fuel", `Wasm module exceeded the fuel limit (${fuel})`);
}

/** A plain-data form of {@linkcode QipError} that survives `postMessage`. */
export interface SerializedError {
  readonly kind: ErrorKind;
  readonly specMessage: string;
  readonly detail: string | undefined;
}

/** Converts an error to {@linkcode SerializedError} for crossing a worker boundary. */
export function serializeError(error: QipError): SerializedError {
  return { kind: error.kind, specMessage: error.specMessage, detail: error.detail };
}

/** Rebuilds a {@linkcode QipError} from its serialized form. */
export function deserializeError(data: SerializedError): QipError {
  return new QipError(data.kind, data.specMessage, { detail: data.detail });
}
