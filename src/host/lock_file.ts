/**
 * The lock file (`--lock <file>`): the SHA-256 of every remote module a command loaded, as
 * pinned URLs, one a line, sorted, with no timestamps, so it only changes when a new URL is
 * recorded. A URL whose bytes no longer match its line is refused.
 *
 * ```text
 * # qip lock file: one pinned URL per remote module, sorted. Written by qip --lock.
 * # A module whose bytes change is refused; delete its line to accept the new bytes.
 * https://example.com/modules/upper.wasm#sha256=5f1c…
 * ```
 *
 * @module
 */

import { errorText, QipError } from "../errors.ts";
import { writeFileAtomic } from "./atomic_write.ts";
import { readFileBounded } from "./bounded_read.ts";
import { parseModuleRef, pinnedArgument } from "./module_ref.ts";
import { describeOsError } from "./os_error.ts";

/** What the loader asks of a lock: the recorded digest of a URL, and recording new ones. */
export interface ModuleLock {
  /** The lock file's path, as given, for messages. */
  readonly path: string;
  /** The SHA-256 recorded for `location`, if any. */
  digestOf(location: string): string | undefined;
  /** Records the SHA-256 of a remote module that was loaded and verified. */
  record(location: string, digest: string): void;
}

const HEADER = [
  "# qip lock file: one pinned URL per remote module, sorted. Written by qip --lock.",
  "# A module whose bytes change is refused; delete its line to accept the new bytes.",
];

const encoder = new TextEncoder();

/**
 * Largest lock file read: a line is about 130 bytes, so this is thousands of modules, and a
 * file named by mistake (a disk image, a log) is refused instead of read whole.
 */
export const MAX_LOCK_FILE_BYTES = 1024 * 1024;

/**
 * A lock file on disk: read once, written back by {@linkcode LockFile.save} only when a URL
 * was added.
 *
 * @example Record a URL and write the file
 * ```ts
 * import assert from "node:assert/strict";
 * import { LockFile } from "./lock_file.ts";
 * const dir = await Deno.makeTempDir();
 * const lock = await LockFile.open(`${dir}/qip.lock`);
 * lock.record("https://example.com/m.wasm", "ab".repeat(32));
 * assert.equal(await lock.save(), true);
 * assert.equal(await lock.save(), false);
 * assert.ok((await Deno.readTextFile(`${dir}/qip.lock`)).endsWith(`m.wasm#sha256=${"ab".repeat(32)}\n`));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export class LockFile implements ModuleLock {
  readonly path: string;
  readonly #digests: Map<string, string>;
  #changed = false;

  private constructor(path: string, digests: Map<string, string>) {
    this.path = path;
    this.#digests = digests;
  }

  /**
   * Reads the lock file at `path`; a missing file is an empty lock (created on save).
   *
   * @throws {QipError} kind `io` (`Cannot read lock file …`), `capacity` (`Lock file is too
   *   large: …`, over {@linkcode MAX_LOCK_FILE_BYTES}) or `usage` for a malformed line.
   */
  static async open(path: string): Promise<LockFile> {
    let text: string;
    try {
      const bytes = await readFileBounded(path, {
        what: "Lock file",
        maxBytes: MAX_LOCK_FILE_BYTES,
      });
      text = new TextDecoder().decode(bytes);
    } catch (error) {
      if (error instanceof QipError) throw error;
      if (error instanceof Deno.errors.NotFound) return new LockFile(path, new Map());
      throw new QipError("io", "Cannot read lock file", {
        detail: describeOsError("open", path, error),
        cause: error,
      });
    }
    return new LockFile(path, parseLock(text, path));
  }

  digestOf(location: string): string | undefined {
    return this.#digests.get(location);
  }

  record(location: string, digest: string): void {
    if (this.#digests.get(location) === digest) return;
    this.#digests.set(location, digest);
    this.#changed = true;
  }

  /**
   * Writes the file atomically if a URL was recorded since it was read; resolves to whether
   * it wrote.
   *
   * @throws {QipError} kind `io`: `Cannot write lock file: <path>: <reason>`.
   */
  async save(): Promise<boolean> {
    if (!this.#changed) return false;
    try {
      await writeFileAtomic(this.path, encoder.encode(formatLock(this.#digests)));
    } catch (error) {
      const reason = errorText(error);
      throw new QipError("io", "Cannot write lock file", {
        detail: `${this.path}: ${reason}`,
        cause: error,
      });
    }
    this.#changed = false;
    return true;
  }
}

/**
 * Formats lock entries: the header, then one pinned URL per line in code-point order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatLock } from "./lock_file.ts";
 * const text = formatLock(new Map([["https://b/m.wasm", "0".repeat(64)], ["https://a/m.wasm", "1".repeat(64)]]));
 * assert.deepEqual(text.split("\n").slice(2), [`https://a/m.wasm#sha256=${"1".repeat(64)}`, `https://b/m.wasm#sha256=${"0".repeat(64)}`, ""]);
 * ```
 */
export function formatLock(digests: ReadonlyMap<string, string>): string {
  const lines = [...digests.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((location) => pinnedArgument(location, digests.get(location)!));
  return `${[...HEADER, ...lines].join("\n")}\n`;
}

/**
 * Parses a lock file's text: `#` comments and blank lines are skipped, every other line is a
 * pinned `https://` (or `http://`) URL.
 *
 * @throws {QipError} kind `usage`: `Cannot read lock file: qip.lock line 3: …`.
 */
export function parseLock(text: string, path: string): Map<string, string> {
  const digests = new Map<string, string>();
  for (const [index, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const fail = (why: string) =>
      new QipError("usage", "Cannot read lock file", {
        detail: `${path} line ${index + 1}: ${why}`,
      });
    const ref = parseLine(line, fail);
    if (ref.scheme === "file" || ref.pinnedDigest === undefined) {
      throw fail("expected a URL ending in #sha256= and 64 hex digits");
    }
    const known = digests.get(ref.location);
    if (known !== undefined && known !== ref.pinnedDigest) {
      throw fail(`${ref.location} is listed twice with different digests`);
    }
    digests.set(ref.location, ref.pinnedDigest);
  }
  return digests;
}

function parseLine(line: string, fail: (why: string) => QipError) {
  try {
    return parseModuleRef(line);
  } catch (error) {
    if (error instanceof QipError) {
      throw fail("expected a URL ending in #sha256= and 64 hex digits");
    }
    throw error;
  }
}
