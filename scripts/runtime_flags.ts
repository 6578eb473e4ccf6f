/**
 * Reads `scripts/runtime-flags.txt`, the one list of Deno flags the qip host process runs with
 * (the launcher `scripts/qip` reads the same file).
 *
 * @module
 */

/** Where the flag list lives. */
export const RUNTIME_FLAGS_FILE: URL = new URL("./runtime-flags.txt", import.meta.url);

/**
 * Parses the flag list: one flag per line; blank lines and `#` comments are skipped.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseRuntimeFlags } from "./runtime_flags.ts";
 * assert.deepEqual(parseRuntimeFlags("# why\n--no-prompt\n\n--allow-read\n"), ["--no-prompt", "--allow-read"]);
 * ```
 */
export function parseRuntimeFlags(text: string): string[] {
  return text.split("\n").map((line) => line.trim()).filter((line) =>
    line !== "" && !line.startsWith("#")
  );
}

/** Reads and parses the flag list. */
export async function readRuntimeFlags(): Promise<string[]> {
  return parseRuntimeFlags(await Deno.readTextFile(RUNTIME_FLAGS_FILE));
}
