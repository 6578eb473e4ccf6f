/**
 * A temporary directory for one test, removed afterwards whatever happens.
 *
 * @module
 */

/**
 * Runs `test` with a new temporary directory and removes it afterwards.
 *
 * @example
 * ```ts ignore
 * await withTempDir(async (dir) => await Deno.writeTextFile(`${dir}/x`, "y"));
 * ```
 */
export async function withTempDir<T>(test: (dir: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir();
  try {
    return await test(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
