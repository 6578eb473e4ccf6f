/**
 * Local module files (spec: cli.md §1.5 item 2): read whole, refused over the size cap before
 * a byte is read, with the reference's `Error reading file: …` wording.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import { BoundedBytes } from "./_bounded_bytes.ts";
import { moduleTooLarge } from "./_module_errors.ts";
import type { ModuleSource } from "./module_source.ts";
import { describeOsError } from "./os_error.ts";

/** Loads every argument that is not a URL as a local path. */
export const fileSource: ModuleSource = Object.freeze<ModuleSource>({
  canLoad: (ref) => ref.scheme === "file",
  load: (ref, options) => readModuleFile(ref.location, options.maxModuleBytes),
});

const READ_CHUNK_BYTES = 256 * 1024;

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
  let file: Deno.FsFile | undefined;
  try {
    file = await Deno.open(path, { read: true });
    const info = await file.stat();
    if (info.isDirectory) throw new Deno.errors.IsADirectory();
    if (info.size > maxModuleBytes) throw moduleTooLarge(path, info.size, maxModuleBytes);
    const collected = new BoundedBytes(maxModuleBytes);
    const buffer = new Uint8Array(Math.min(READ_CHUNK_BYTES, info.size + 1));
    for (let count = await file.read(buffer); count !== null; count = await file.read(buffer)) {
      if (!collected.push(buffer.slice(0, count))) {
        throw moduleTooLarge(path, undefined, maxModuleBytes);
      }
    }
    return collected.bytes();
  } catch (error) {
    if (error instanceof QipError) throw error;
    const operation = error instanceof Deno.errors.IsADirectory ? "read" : "open";
    throw new QipError("io", `Error reading file: ${describeOsError(operation, path, error)}`, {
      cause: error,
    });
  } finally {
    file?.close();
  }
}
