/**
 * `sqlite-table-names.wasm` (spec: examples.md §1), run through the real `qip run`: the sample
 * database of the spec, then databases built by the `sqlite3` CLI to reach each part of the file
 * format (page sizes 512 and 65536, interior pages, overflow pages, UTF-16, schema rows that are
 * not tables), compared with what SQLite itself lists; and inputs that are not databases.
 *
 * @module
 */

import assert from "node:assert/strict";
import { assertFails, assertStdout, runExamples, TOO_LARGE } from "../support/run_examples.ts";
import { REPO_ROOT } from "../support/run_qip.ts";
import { buildDatabase, queryDatabase, SQLITE3_MISSING } from "../support/sqlite_cli.ts";

const MODULE = "sqlite-table-names.wasm";
const CAP_BYTES = 5 * 1024 * 1024;
const COUNTRIES = await Deno.readFile(`${REPO_ROOT}/examples/sqlite3/countries.sqlite`);
const TABLES_QUERY = "SELECT name FROM sqlite_master WHERE type = 'table';";

if (SQLITE3_MISSING !== undefined) {
  console.log(`sqlite_table_names_test.ts: databases not built, ${SQLITE3_MISSING}`);
}

/** A test on a database built by the sqlite3 CLI: skipped, with the reason, without it. */
function testWithSqlite3(name: string, fn: () => Promise<void>): void {
  Deno.test({ name, ignore: SQLITE3_MISSING !== undefined, fn });
}

/** Asserts that the module lists the same tables as sqlite3, one per line. */
async function assertListsTables(database: Uint8Array): Promise<void> {
  const expected = await queryDatabase(database, TABLES_QUERY);
  assert.notEqual(expected, "");
  assertStdout(await runExamples([MODULE], database), `${expected}\n`);
}

/** `count` CREATE TABLE statements with long names, so the schema needs several pages. */
function manyTables(count: number): string {
  return Array.from(
    { length: count },
    (_, i) => `CREATE TABLE table_with_a_rather_long_name_${i} (a INTEGER, b TEXT);`,
  ).join("\n");
}

Deno.test(`${MODULE} lists the tables of countries.sqlite in sqlite_master order`, async () => {
  assertStdout(
    await runExamples([MODULE], COUNTRIES),
    "countries\ncountry_calling_codes\ntime_zones\ncountry_time_zones\n\n",
  );
});

Deno.test(`${MODULE} accepts input at its cap (countries.sqlite + zero pages, 5 MiB)`, async () => {
  const padded = new Uint8Array(CAP_BYTES);
  padded.set(COUNTRIES);
  assertStdout(
    await runExamples([MODULE], padded),
    "countries\ncountry_calling_codes\ntime_zones\ncountry_time_zones\n\n",
  );
});

Deno.test(`${MODULE} refuses input over its cap (5 MiB + 1)`, async () => {
  assertFails(await runExamples([MODULE], new Uint8Array(CAP_BYTES + 1)), TOO_LARGE);
});

Deno.test(`${MODULE} gives empty output for empty input`, async () => {
  assertStdout(await runExamples([MODULE], new Uint8Array()), "\n");
});

Deno.test(`${MODULE} gives empty output for input that is not a database (text)`, async () => {
  assertStdout(await runExamples([MODULE], "countries\ntime_zones\n"), "\n");
});

Deno.test(`${MODULE} gives empty output for a truncated header (50 bytes)`, async () => {
  assertStdout(await runExamples([MODULE], COUNTRIES.slice(0, 50)), "\n");
});

Deno.test(`${MODULE} gives empty output for a bad page size (3000)`, async () => {
  const damaged = COUNTRIES.slice();
  damaged.set([0x0b, 0xb8], 16);
  assertStdout(await runExamples([MODULE], damaged), "\n");
});

Deno.test(`${MODULE} gives empty output for a damaged schema page (type byte 0x42)`, async () => {
  const damaged = COUNTRIES.slice();
  damaged[100] = 0x42;
  assertStdout(await runExamples([MODULE], damaged), "\n");
});

Deno.test(`${MODULE} gives empty output for a cell pointer past the page end`, async () => {
  const damaged = COUNTRIES.slice();
  damaged.set([0xff, 0xf0], 108);
  assertStdout(await runExamples([MODULE], damaged), "\n");
});

testWithSqlite3(`${MODULE} gives empty output for a database without tables`, async () => {
  const database = await buildDatabase("CREATE TABLE t (a); DROP TABLE t;");
  assertStdout(await runExamples([MODULE], database), "\n");
});

testWithSqlite3(`${MODULE} lists only tables (WITHOUT ROWID, index, view, trigger)`, async () => {
  const database = await buildDatabase(`
    CREATE TABLE plain (id INTEGER PRIMARY KEY, name TEXT);
    CREATE INDEX plain_name ON plain (name);
    CREATE TABLE keyed (code TEXT PRIMARY KEY, label TEXT) WITHOUT ROWID;
    CREATE VIEW plain_names AS SELECT name FROM plain;
    CREATE TRIGGER plain_insert AFTER INSERT ON plain BEGIN SELECT 1; END;
    CREATE TABLE counted (id INTEGER PRIMARY KEY AUTOINCREMENT, note TEXT);
    CREATE TABLE "odd ""quoted"" name" (x);`);
  assertStdout(
    await runExamples([MODULE], database),
    'plain\nkeyed\ncounted\nsqlite_sequence\nodd "quoted" name\n\n',
  );
});

testWithSqlite3(`${MODULE} follows interior pages (300 tables, 512-byte pages)`, async () => {
  const database = await buildDatabase(manyTables(300), { pageSize: 512 });
  assert.ok(database[100] === 0x05, "the schema root is an interior page");
  await assertListsTables(database);
});

testWithSqlite3(`${MODULE} reads 65536-byte pages (page size stored as 1)`, async () => {
  const database = await buildDatabase(manyTables(20), { pageSize: 65536 });
  assert.deepEqual([database[16], database[17]], [0, 1]);
  await assertListsTables(database);
});

testWithSqlite3(`${MODULE} reads a schema row spilled onto overflow pages`, async () => {
  const columns = Array.from({ length: 400 }, (_, i) => `column_number_${i} TEXT`).join(", ");
  const database = await buildDatabase(
    `CREATE TABLE first (a); CREATE TABLE wide (${columns}); CREATE TABLE last (z);`,
    { pageSize: 512 },
  );
  assertStdout(await runExamples([MODULE], database), "first\nwide\nlast\n\n");
});

testWithSqlite3(`${MODULE} converts names in a UTF-16 database (UTF-16le, UTF-16be)`, async () => {
  for (const encoding of ["UTF-16le", "UTF-16be"] as const) {
    const database = await buildDatabase(
      `CREATE TABLE "café" (a); CREATE TABLE "日本" (b); CREATE TABLE "𝄞" (c);`,
      { encoding },
    );
    assertStdout(await runExamples([MODULE], database), "café\n日本\n𝄞\n\n");
  }
});

testWithSqlite3(`${MODULE} gives empty output for a child page that loops to page 1`, async () => {
  const database = await buildDatabase(manyTables(300), { pageSize: 512 });
  const looped = database.slice();
  looped.set([0, 0, 0, 1], 108); // the right-most child of the root becomes the root itself
  assertStdout(await runExamples([MODULE], looped), "\n");
});
