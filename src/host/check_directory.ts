/**
 * The directories `qip dev` and `qip build` are given must exist and be directories
 * (spec: dev-server.md, start-up checks 5 and 6).
 *
 * @module
 */

import { QipError } from "../errors.ts";
import { describeOsError } from "./os_error.ts";

/**
 * Checks that `path` is a directory; `noun` names it in the error.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkDirectory } from "./check_directory.ts";
 * await checkDirectory("src", "content");
 * await assert.rejects(checkDirectory("deno.json", "forms"), /Invalid forms directory/);
 * ```
 * @throws {QipError} `Invalid <noun> directory: stat <path>: <reason>` or
 *   `Invalid <noun> directory: "<path>" is not a directory`.
 */
export async function checkDirectory(
  path: string,
  noun: "content" | "recipes" | "forms",
): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (error) {
    throw new QipError("io", `Invalid ${noun} directory: ${describeOsError("stat", path, error)}`, {
      cause: error,
    });
  }
  if (!info.isDirectory) {
    throw new QipError("io", `Invalid ${noun} directory: "${path}" is not a directory`);
  }
}
