/**
 * File errors worded the way the reference prints them (Go's `*PathError`), so scripts matching
 * `no such file or directory` keep working (spec: cli.md §1.5, §3.2).
 *
 * @module
 */

import { errorText } from "../errors.ts";

/**
 * Formats a failed file operation as Go does: `open nope.wasm: no such file or directory`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { describeOsError } from "./os_error.ts";
 * const error = new Deno.errors.NotFound("No such file or directory (os error 2)");
 * assert.equal(describeOsError("open", "x.txt", error), "open x.txt: no such file or directory");
 * ```
 */
export function describeOsError(
  operation: "open" | "read" | "stat",
  path: string,
  error: unknown,
): string {
  return `${operation} ${path}: ${reason(error)}`;
}

function reason(error: unknown): string {
  if (error instanceof Deno.errors.NotFound) return "no such file or directory";
  if (error instanceof Deno.errors.PermissionDenied || error instanceof Deno.errors.NotCapable) {
    return "permission denied";
  }
  if (error instanceof Deno.errors.IsADirectory) return "is a directory";
  const message = errorText(error);
  // Deno appends the errno ("… (os error 21)"); Go does not.
  return message.replace(/\s*\(os error \d+\)$/, "").replace(/^./, (c) => c.toLowerCase());
}
