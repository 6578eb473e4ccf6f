/**
 * Reads a served file fresh on every request (dev-server.md §2.2), and only if it is still the
 * regular file inside the content root that was indexed: a file swapped for a symlink, or a
 * directory on its path swapped for one, after indexing is refused, never followed outside.
 *
 * The checks and small reads use synchronous calls: a few microseconds each on a local disk,
 * against ~20 µs of thread hand-off for each asynchronous one. Files over 1 MiB are read
 * asynchronously so that a large file never holds up other requests.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import { describeOsError, readOpenFileBounded } from "../host/mod.ts";

/** The result of {@linkcode readContentFile}. */
export type ContentRead =
  | {
    readonly kind: "bytes";
    readonly bytes: Uint8Array;
    /** The opened file's status, taken before it was read. */
    readonly info: Deno.FileInfo;
  }
  /** The path now leads outside the content root or to a non-regular file. */
  | { readonly kind: "escaped" };

/** Largest file served (or fed to a recipe chain); a larger one is refused in one line. */
export const MAX_CONTENT_FILE_BYTES = 256 * 1024 * 1024;

/** Files up to this size are read with one synchronous call. */
const SYNC_READ_MAX_BYTES = 1024 * 1024;

/**
 * Opens `fullPath`, checks that the opened file is the one at `expectedRealPath` (same device
 * and inode, no symlink on the way) and reads it to the end.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readContentFile } from "./content_file.ts";
 * const site = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${site}/index.html`, "<p>hi</p>");
 * const path = `${site}/index.html`;
 * const read = await readContentFile(path, await Deno.realPath(path));
 * assert.equal(read.kind === "bytes" && new TextDecoder().decode(read.bytes), "<p>hi</p>");
 * await Deno.remove(site, { recursive: true });
 * ```
 * @throws {QipError} kind `io`: `open <path>: no such file or directory` and other read errors.
 */
export async function readContentFile(
  fullPath: string,
  expectedRealPath: string,
): Promise<ContentRead> {
  let file: Deno.FsFile;
  try {
    file = Deno.openSync(fullPath, { read: true });
  } catch (error) {
    throw new QipError("io", describeOsError("open", fullPath, error), { cause: error });
  }
  try {
    const opened = file.statSync();
    const link = Deno.lstatSync(fullPath);
    const same = opened.isFile && link.isFile && opened.ino === link.ino &&
      opened.dev === link.dev && Deno.realPathSync(fullPath) === expectedRealPath;
    if (!same) return { kind: "escaped" };
    return { kind: "bytes", bytes: await readContentBytes(file, opened, fullPath), info: opened };
  } catch (error) {
    if (error instanceof QipError) throw error;
    throw new QipError("io", describeOsError("read", fullPath, error), { cause: error });
  } finally {
    file.close();
  }
}

/** Reads to EOF, refusing a file over {@linkcode MAX_CONTENT_FILE_BYTES} in one line. */
async function readContentBytes(
  file: Deno.FsFile,
  info: Deno.FileInfo,
  path: string,
): Promise<Uint8Array> {
  const source = info.size <= SYNC_READ_MAX_BYTES
    ? { read: (b: Uint8Array) => file.readSync(b) }
    : file;
  return await readOpenFileBounded(source, info, path, {
    what: "Content file",
    maxBytes: MAX_CONTENT_FILE_BYTES,
  });
}
