/**
 * The errors of module loading, one builder per message, so every source words them alike.
 * The spec quotes `Error fetching URL: …` and `Error reading response: …` (cli.md §1.5); the
 * digest and size errors are qip's own.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import { tooLarge } from "./bounded_read.ts";

/**
 * A module over the size cap: `Wasm module is too large: m.wasm is 70 MiB, the limit is 64 MiB`.
 * `byteLength` is `undefined` when the size is not known (a stream passed the cap).
 */
export function moduleTooLarge(
  location: string,
  byteLength: number | undefined,
  maxModuleBytes: number,
): QipError {
  return tooLarge("Wasm module", location, byteLength, maxModuleBytes);
}

/** The request failed before a usable response: `Error fetching URL: <url>: <reason>`. */
export function fetchFailed(location: string, reason: string, cause?: unknown): QipError {
  return new QipError("remote", "Error fetching URL", { detail: `${location}: ${reason}`, cause });
}

/** The body could not be read: `Error reading response: <url>: <reason>`. */
export function responseFailed(location: string, reason: string, cause?: unknown): QipError {
  return new QipError("remote", "Error reading response", {
    detail: `${location}: ${reason}`,
    cause,
  });
}

/** Where an expected digest came from, for {@linkcode digestMismatch}. */
export type DigestOrigin = "pin" | { readonly lockPath: string };

/**
 * Bytes whose SHA-256 differs from the pin or the lock file; nothing was compiled:
 * `Module digest mismatch: <location>: expected sha256 <a> (#sha256= pin), got <b>`.
 */
export function digestMismatch(
  location: string,
  expected: string,
  actual: string,
  origin: DigestOrigin,
): QipError {
  const from = origin === "pin" ? "#sha256= pin" : `lock file ${origin.lockPath}`;
  return new QipError("remote", "Module digest mismatch", {
    detail: `${location}: expected sha256 ${expected} (${from}), got ${actual}`,
  });
}
