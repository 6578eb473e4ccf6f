/**
 * The one error type qip raises on purpose. Every failure a user can cause (bad flags, bad
 * input, a module breaking its contract, a trap, a limit) is a {@linkcode QipError}; the CLI
 * prints its {@linkcode QipError.message} as one stderr line and exits 1. Anything else is a
 * bug in qip and exits 2.
 *
 * @module
 */

import { formatGoDurationMs } from "./format/mod.ts";

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
  /** Always `QipError`. */
  override name = "QipError";
  /** The failure class. */
  readonly kind: ErrorKind;
  /** The message exactly as the specification quotes it, without detail. */
  readonly specMessage: string;
  /** Where and why, appended to the message after a colon; `undefined` when there is none. */
  readonly detail: string | undefined;

  /** Builds the error; `options.detail` is appended to `specMessage` after a colon. */
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

/**
 * Deterministic mode's call depth limit was reached: the same depth on every machine, before
 * the engine's own stack limit.
 */
export function callDepthExceeded(maxCallDepth: number): QipError {
  return new QipError(
    "trap",
    `Wasm module exceeded the call depth limit (${maxCallDepth} frame units)`,
  );
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

/**
 * The spec's compile failure (cli.md §3.2 step 5), with qip's reason as detail when there is
 * one. Every path that refuses module bytes builds it here, so the wording lives in one place.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compileFailed } from "./errors.ts";
 * assert.equal(compileFailed().message, "Wasm module could not be compiled");
 * assert.equal(compileFailed("bad magic").message, "Wasm module could not be compiled: bad magic");
 * ```
 */
export function compileFailed(detail?: string, cause?: unknown): QipError {
  return new QipError("compile", COMPILE_FAILED, { detail, cause });
}

/** The spec's words for a module V8 or the rewriter refuses. */
export const COMPILE_FAILED = "Wasm module could not be compiled";

/**
 * The one-line text of anything thrown: an `Error`'s message, else its string form.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { errorText } from "./errors.ts";
 * assert.equal(errorText(new Error("boom")), "boom");
 * assert.equal(errorText(42), "42");
 * ```
 */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
