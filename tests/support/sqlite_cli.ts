/**
 * Builds SQLite databases for the tests of the SQLite modules with the `sqlite3` CLI, and asks
 * it what a database holds, so that the modules are compared with SQLite itself rather than with
 * expectations written by hand. When the CLI is missing, {@linkcode SQLITE3_MISSING} says why
 * and the tests that need it are skipped.
 *
 * @module
 */

import { withTempDir } from "./temp_dir.ts";

/** Why the `sqlite3` CLI cannot be used here, or `undefined` when it can. */
export const SQLITE3_MISSING: string | undefined = await probeSqlite3();

async function probeSqlite3(): Promise<string | undefined> {
  try {
    const output = await new Deno.Command("sqlite3", { args: ["-version"] }).output();
    return output.success ? undefined : "sqlite3 -version failed";
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      return "no sqlite3 on PATH (Debian: apt-get install -y sqlite3)";
    }
    throw error;
  }
}

/**
 * Runs `sql` in a new database file and resolves to the file's bytes. `pageSize` is set first,
 * before anything is written, because it cannot change afterwards (short of a VACUUM).
 *
 * @example A database with one table of 512-byte pages
 * ```ts ignore
 * const bytes = await buildDatabase("CREATE TABLE t(a);", { pageSize: 512 });
 * ```
 * @throws {Error} with sqlite3's messages when the SQL fails.
 */
export async function buildDatabase(
  sql: string,
  options: { pageSize?: number; encoding?: "UTF-8" | "UTF-16le" | "UTF-16be" } = {},
): Promise<Uint8Array> {
  const { pageSize = 4096, encoding = "UTF-8" } = options;
  return await withTempDir(async (dir) => {
    const path = `${dir}/test.sqlite`;
    await sqlite3(path, `PRAGMA page_size = ${pageSize}; PRAGMA encoding = '${encoding}';\n${sql}`);
    return await Deno.readFile(path);
  });
}

/**
 * What `sqlite3` prints for `query` on the database `bytes` in list mode, with `separator`
 * between columns and a newline after each row (NULL prints as nothing).
 *
 * @example
 * ```ts ignore
 * const names = await queryDatabase(bytes, "SELECT name FROM sqlite_master WHERE type = 'table'");
 * ```
 */
export async function queryDatabase(
  bytes: Uint8Array,
  query: string,
  separator = "\t",
): Promise<string> {
  return await withTempDir(async (dir) => {
    const path = `${dir}/query.sqlite`;
    await Deno.writeFile(path, bytes);
    return await sqlite3(path, query, ["-list", "-noheader", "-separator", separator]);
  });
}

async function sqlite3(path: string, sql: string, flags: string[] = []): Promise<string> {
  const child = new Deno.Command("sqlite3", {
    args: ["-batch", "-bail", ...flags, path],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(sql));
  await writer.close();
  const output = await child.output();
  const stderr = new TextDecoder().decode(output.stderr);
  if (!output.success) throw new Error(`sqlite3 failed: ${stderr.trim()}`);
  return new TextDecoder().decode(output.stdout);
}
