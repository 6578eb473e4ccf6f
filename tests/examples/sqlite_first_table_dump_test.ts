/**
 * `sqlite-first-table-dump.wasm` (spec: examples.md §1), run through the real `qip run`: the
 * sample database of the spec, then databases built by the `sqlite3` CLI whose rows are compared
 * with what `sqlite3 -separator '\t'` prints for them (integers, reals, text, NULL, the rowid
 * alias, interior and overflow pages, page sizes 512 and 65536), the documented differences
 * (blobs, generated columns), WITHOUT ROWID tables, and inputs that give empty output.
 *
 * @module
 */

import assert from "node:assert/strict";
import { assertFails, assertStdout, runExamples, TOO_LARGE } from "../support/run_examples.ts";
import { REPO_ROOT } from "../support/run_qip.ts";
import { buildDatabase, queryDatabase, SQLITE3_MISSING } from "../support/sqlite_cli.ts";

const MODULE = "sqlite-first-table-dump.wasm";
const CAP_BYTES = 8 * 1024 * 1024;
const COUNTRIES = await Deno.readFile(`${REPO_ROOT}/examples/sqlite3/countries.sqlite`);
const COUNTRIES_DUMP = [
  "table\tcountries",
  "columns\tiso_3166_code\tname_en\tcurrency",
  "types\tTEXT\tTEXT\tTEXT",
  "rows",
  "AU\tAustralia\tAUD",
  "ID\tIndonesia\tIDR",
  "MN\tMongolia\tMNT",
  "SD\tSudan\tSDG",
  "BR\tBrazil\tBRL",
  "CA\tCanada\tCAD",
  "FR\tFrance\tEUR",
  "JP\tJapan\tJPY",
  "KE\tKenya\tKES",
  "NZ\tNew Zealand\tNZD",
  "",
].join("\n");

if (SQLITE3_MISSING !== undefined) {
  console.log(`sqlite_first_table_dump_test.ts: databases not built, ${SQLITE3_MISSING}`);
}

/** A test on a database built by the sqlite3 CLI: skipped, with the reason, without it. */
function testWithSqlite3(name: string, fn: () => Promise<void>): void {
  Deno.test({ name, ignore: SQLITE3_MISSING !== undefined, fn });
}

/** Asserts that the rows the module prints for table `t` are the ones sqlite3 prints. */
async function assertRowsLikeSqlite3(database: Uint8Array, header: string): Promise<void> {
  const rows = await queryDatabase(database, "SELECT * FROM t;");
  assertStdout(await runExamples([MODULE], database), `${header}rows\n${rows}\n`);
}

Deno.test(`${MODULE} dumps countries.sqlite's first table`, async () => {
  assertStdout(await runExamples([MODULE], COUNTRIES), `${COUNTRIES_DUMP}\n`);
});

Deno.test(`${MODULE} accepts input at its cap (countries.sqlite + zero pages, 8 MiB)`, async () => {
  const padded = new Uint8Array(CAP_BYTES);
  padded.set(COUNTRIES);
  assertStdout(await runExamples([MODULE], padded), `${COUNTRIES_DUMP}\n`);
});

Deno.test(`${MODULE} refuses input over its cap (8 MiB + 1)`, async () => {
  assertFails(await runExamples([MODULE], new Uint8Array(CAP_BYTES + 1)), TOO_LARGE);
});

Deno.test(`${MODULE} gives empty output for empty input`, async () => {
  assertStdout(await runExamples([MODULE], new Uint8Array()), "\n");
});

Deno.test(`${MODULE} gives empty output for input that is not a database (text)`, async () => {
  assertStdout(await runExamples([MODULE], "table\tcountries\n"), "\n");
});

Deno.test(`${MODULE} gives empty output for a damaged table page (type byte 0x42)`, async () => {
  const damaged = COUNTRIES.slice();
  const pageSize = 4096;
  damaged[pageSize] = 0x42; // page 2, the root of countries
  assertStdout(await runExamples([MODULE], damaged), "\n");
});

testWithSqlite3(`${MODULE} prints integers, reals, text and NULL like sqlite3`, async () => {
  const reals = [
    "0.1",
    "1.0/3",
    "100.0",
    "1e20",
    "1e15",
    "1e14",
    "123456789012345678.0",
    "1e-7",
    "2.5e300",
    "-0.0",
    "-1.5",
    "0.0001",
    "1e-5",
    "999999999999999.5",
    "1.7976931348623157e308",
    "5e-324",
    "0.30000000000000004",
    "9e999",
    "-9e999",
  ];
  // Doubles with all 53 bits in use, over a wide range of exponents. A short binary fraction
  // could fall exactly halfway at the 16th digit, where sqlite3 3.40 rounds either way.
  for (let i = 0; i < 300; i++) reals.push(`${Math.sin(i + 1) * 10 ** ((i % 60) - 30)}`);
  const integers = [
    "0",
    "1",
    "-1",
    "127",
    "-129",
    "32768",
    "8388607",
    "-2147483649",
    "140737488355327",
    "9223372036854775807",
    "-9223372036854775808",
  ];
  const database = await buildDatabase(`
    CREATE TABLE t (id INTEGER PRIMARY KEY, i INTEGER, r REAL, s TEXT, n NUMERIC);
    ${reals.map((r) => `INSERT INTO t (r, n) VALUES (${r}, ${r});`).join("\n")}
    ${integers.map((i) => `INSERT INTO t (i, r, s) VALUES (${i}, ${i}, 'text ${i}');`).join("\n")}
    INSERT INTO t (id, s) VALUES (1000000, 'café 日本 𝄞');
    INSERT INTO t (id) VALUES (-5);`);
  await assertRowsLikeSqlite3(
    database,
    "table\tt\ncolumns\tid\ti\tr\ts\tn\ntypes\tINTEGER\tINTEGER\tREAL\tTEXT\tNUMERIC\n",
  );
});

testWithSqlite3(`${MODULE} reads quoted names, odd types and a table-level key`, async () => {
  const database = await buildDatabase(`
    CREATE TABLE "t" (
      [first col] VARCHAR ( 10 ) NOT NULL DEFAULT 'x', -- a comment, (with a comma
      "say ""hi""" double precision, /* another, comment */
      \`k\` integer,
      untyped,
      CONSTRAINT pk PRIMARY KEY (K)
    );
    CREATE TABLE later (x);
    INSERT INTO t VALUES ('a', 2, 7, 'u'), ('b', 2.5, NULL, 3);`);
  await assertRowsLikeSqlite3(
    database,
    'table\tt\ncolumns\tfirst col\tsay "hi"\tk\tuntyped\ntypes\tVARCHAR ( 10 )\tdouble precision\tinteger\t\n',
  );
});

testWithSqlite3(`${MODULE} follows interior pages (3000 rows, 512-byte pages)`, async () => {
  const database = await buildDatabase(
    `CREATE TABLE t (id INTEGER PRIMARY KEY, word TEXT);
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
    INSERT INTO t (word) SELECT printf('row %d of many', i) FROM n;`,
    { pageSize: 512 },
  );
  assert.equal(database[512], 0x05, "the table's root is an interior page");
  await assertRowsLikeSqlite3(database, "table\tt\ncolumns\tid\tword\ntypes\tINTEGER\tTEXT\n");
});

testWithSqlite3(`${MODULE} reads rows spilled onto overflow pages (512, 65536)`, async () => {
  for (const pageSize of [512, 65536]) {
    const database = await buildDatabase(
      `CREATE TABLE t (a TEXT, b INTEGER);
      INSERT INTO t VALUES ('short', 1), (printf('%.*c', 200000, 'x') || 'end', 2), ('after', 3);`,
      { pageSize },
    );
    await assertRowsLikeSqlite3(database, "table\tt\ncolumns\ta\tb\ntypes\tTEXT\tINTEGER\n");
  }
});

testWithSqlite3(`${MODULE} converts text in a UTF-16 database (UTF-16be)`, async () => {
  const database = await buildDatabase(
    `CREATE TABLE "tëxt" (a); INSERT INTO "tëxt" VALUES ('café 𝄞'), (1.5);`,
    { encoding: "UTF-16be" },
  );
  assertStdout(
    await runExamples([MODULE], database),
    "table\ttëxt\ncolumns\ta\ntypes\t\nrows\ncafé 𝄞\n1.5\n\n",
  );
});

testWithSqlite3(`${MODULE} writes blobs as X'…' and leaves virtual columns empty`, async () => {
  const database = await buildDatabase(`
    CREATE TABLE t (a BLOB, b INTEGER AS (length(a)), c INTEGER GENERATED ALWAYS AS (2) STORED);
    INSERT INTO t (a) VALUES (x'00ff10'), (x'');
    ALTER TABLE t ADD COLUMN d TEXT DEFAULT 'later';
    INSERT INTO t (a) VALUES (NULL);`);
  assertStdout(
    await runExamples([MODULE], database),
    "table\tt\ncolumns\ta\tb\tc\td\ntypes\tBLOB\tINTEGER\tINTEGER\tTEXT\nrows\n" +
      "X'00FF10'\t\t2\t\nX''\t\t2\t\n\t\t2\tlater\n\n",
  );
});

testWithSqlite3(`${MODULE} passes over a first virtual table to the first b-tree`, async () => {
  // A virtual table has rootpage 0 in sqlite_master: it has no b-tree to dump.
  const database = await buildDatabase(`
    CREATE VIRTUAL TABLE v USING fts4(body);
    CREATE TABLE t (x); INSERT INTO t VALUES (1);`);
  const tables = await queryDatabase(
    database,
    "SELECT name FROM sqlite_master WHERE type = 'table';",
  );
  assert.ok(tables.startsWith("v\n"));
  assertStdout(
    await runExamples([MODULE], database),
    "table\tv_content\ncolumns\tdocid\tc0body\ntypes\tINTEGER\t\nrows\n\n",
  );
});

testWithSqlite3(`${MODULE} dumps a WITHOUT ROWID table in key order (column key)`, async () => {
  const database = await buildDatabase(`
    CREATE TABLE t (label TEXT, code TEXT PRIMARY KEY, n INTEGER) WITHOUT ROWID;
    INSERT INTO t VALUES ('b', 'zz', 1), ('a', 'aa', 2), (NULL, 'mm', 3);
    CREATE TABLE later (x);`);
  await assertRowsLikeSqlite3(
    database,
    "table\tt\ncolumns\tlabel\tcode\tn\ntypes\tTEXT\tTEXT\tINTEGER\n",
  );
});

testWithSqlite3(
  `${MODULE} dumps a WITHOUT ROWID table over interior and overflow pages (table key)`,
  async () => {
    const database = await buildDatabase(
      `CREATE TABLE t (note TEXT, b INTEGER, a TEXT, r REAL, PRIMARY KEY (a, b DESC))
        WITHOUT ROWID;
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
      INSERT INTO t SELECT printf('note %d', i), i, printf('key %d', i % 100), i / 4.0 FROM n;
      INSERT INTO t VALUES (printf('%.*c', 5000, 'n'), 1, printf('%.*c', 3000, 'k'), 2);`,
      { pageSize: 512 },
    );
    assert.equal(database[512], 0x02, "the table's root is an interior index page");
    await assertRowsLikeSqlite3(
      database,
      "table\tt\ncolumns\tnote\tb\ta\tr\ntypes\tTEXT\tINTEGER\tTEXT\tREAL\n",
    );
  },
);

testWithSqlite3(`${MODULE} gives empty output for a database without tables`, async () => {
  const database = await buildDatabase("CREATE TABLE t (a); DROP TABLE t;");
  assertStdout(await runExamples([MODULE], database), "\n");
});

testWithSqlite3(
  `${MODULE} gives empty output when the dump exceeds 8 MiB (5 MB blob)`,
  async () => {
    const database = await buildDatabase(
      "CREATE TABLE t (a BLOB); INSERT INTO t VALUES (zeroblob(5000000));",
    );
    assert.ok(database.length <= CAP_BYTES);
    assertStdout(await runExamples([MODULE], database), "\n");
  },
);
