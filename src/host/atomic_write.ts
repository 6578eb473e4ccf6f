/**
 * Writes a file so that readers see the old contents or the new, never a part: the bytes go to
 * a temporary `.qip-<random>.partial` file in the same directory, which is then renamed over
 * the target (a rename within one directory is atomic).
 *
 * @module
 */

/**
 * Writes `bytes` to `path` atomically; the temporary file is removed if anything fails.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { writeFileAtomic } from "./atomic_write.ts";
 * const dir = await Deno.makeTempDir();
 * await writeFileAtomic(`${dir}/out.txt`, new TextEncoder().encode("new"));
 * assert.equal(await Deno.readTextFile(`${dir}/out.txt`), "new");
 * await Deno.remove(dir, { recursive: true });
 * ```
 * @throws {Deno.errors.NotFound} and other file errors, unchanged, for the caller to word.
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const slash = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  const temporary = `${path.slice(0, slash + 1)}.qip-${crypto.randomUUID()}.partial`;
  try {
    await Deno.writeFile(temporary, bytes, { createNew: true });
    await Deno.rename(temporary, path);
  } catch (error) {
    await Deno.remove(temporary).catch(() => undefined);
    throw error;
  }
}
