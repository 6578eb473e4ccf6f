/**
 * Runs modules of `examples/` through the real `qip run` (with {@linkcode runQip}) and checks
 * what the run printed, for the tests of the module library.
 *
 * @module
 */

import assert from "node:assert/strict";
import { type QipResult, runQip } from "./run_qip.ts";

/** The first words on stderr when the host refuses an input over a module's cap (abi.md §2.2). */
export const TOO_LARGE = "Input is too large";

/**
 * `printf %s <stdin> | qip run examples/<module>...`: runs one module of `examples/`, or a chain
 * of them, named by their paths under `examples/`.
 *
 * @example Run a chain
 * ```ts ignore
 * const result = await runExamples(["base64-encode.wasm", "base64-decode.wasm"], "hello");
 * ```
 */
export function runExamples(
  modules: readonly string[],
  stdin: string | Uint8Array,
  options: RunExamplesOptions = {},
): Promise<QipResult> {
  const { timeoutMs = 2000 } = options;
  const paths = modules.map((module) => `examples/${module}`);
  return runQip(["run", "--timeout-ms", String(timeoutMs), ...paths], { stdin });
}

/** Options for {@linkcode runExamples}. */
export interface RunExamplesOptions {
  /**
   * The chain's time limit. These tests pin outputs, not speed (that is the benchmarks' job),
   * so the default leaves room for a busy machine; a test that guards against quadratic time
   * passes the spec's 100 ms on purpose.
   * @default {2000}
   */
  readonly timeoutMs?: number;
}

/**
 * Asserts that the run succeeded, printed nothing on stderr and exactly `expected` on stdout:
 * the decoded text when `expected` is a string, else the raw bytes.
 *
 * @example Text output ends with the newline the host adds
 * ```ts ignore
 * assertStdout(await runExamples(["hello.wasm"], "World"), "Hello, World\n");
 * ```
 */
export function assertStdout(result: QipResult, expected: string | Uint8Array): void {
  assert.equal(result.stderr, "");
  assert.equal(result.code, 0);
  if (typeof expected === "string") assert.equal(result.stdoutText, expected);
  else assert.deepEqual(result.stdout, expected);
}

/**
 * Asserts that the run failed with exit code 1 and `message` as the first stderr line, either
 * alone or followed by a colon and detail.
 *
 * @example An input over the cap
 * ```ts ignore
 * assertFails(await runExamples(["hello.wasm"], "x".repeat(65_537)), TOO_LARGE);
 * ```
 */
export function assertFails(result: QipResult, message: string): void {
  const firstLine = result.stderr.split("\n")[0] ?? "";
  assert.ok(
    firstLine === message || firstLine.startsWith(`${message}:`),
    `stderr starts with ${JSON.stringify(message)}: ${JSON.stringify(result.stderr)}`,
  );
  assert.equal(result.code, 1);
}

/**
 * `text` followed by spaces up to `byteCount` bytes: a valid input exactly at a cap. `text` must
 * be ASCII, so that its length in bytes is its length in characters.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(padTo("ab", 4), "ab  ");
 * ```
 */
export function padTo(text: string, byteCount: number): string {
  return text + " ".repeat(byteCount - text.length);
}
