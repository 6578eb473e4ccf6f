/**
 * Local module files (spec: cli.md §1.5 item 2): read whole, refused over the size cap before
 * a byte is read, with the reference's `Error reading file: …` wording.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import { readFileBounded } from "./bounded_read.ts";
import type { ModuleSource } from "./module_source.ts";
import { describeOsError } from "./os_error.ts";

/** Loads every argument that is not a URL as a local path. */
export const fileSource: ModuleSource = Object.freeze<ModuleSource>({
  canLoad: (ref) => ref.scheme === "file",
  load: (ref, options) => readModuleFile(ref.location, options.maxModuleBytes),
});

/**
 * Reads a module file, refusing files over `maxModuleBytes` before reading them (and while
 * reading, since a file may grow).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readModuleFile } from "./file_source.ts";
 * await assert.rejects(readModuleFile("nope.wasm", 1024), {
 *   message: "Error reading file: open nope.wasm: no such file or directory",
 * });
 * ```
 * @throws {QipError} kind `io` (`Error reading file: …`) or `capacity`.
 */
export async function readModuleFile(path: string, maxModuleBytes: number): Promise<Uint8Array> {
  try {
    return await readFileBounded(path, { what: "Wasm module", maxBytes: maxModuleBytes });
  } catch (error) {
    if (error instanceof QipError) throw error;
    const operation = error instanceof Deno.errors.IsADirectory ? "read" : "open";
    throw new QipError("io", `Error reading file: ${describeOsError(operation, path, error)}`, {
      cause: error,
    });
  }
}
