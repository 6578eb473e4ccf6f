/**
 * `scripts/build_sqlite_fixture.sh`: the committed `examples/sqlite3/countries.sqlite` holds
 * what `countries.sql` says, and the script builds the same bytes every time. Skipped, with the
 * reason, without the `sqlite3` CLI.
 *
 * @module
 */

import assert from "node:assert/strict";
import { REPO_ROOT } from "../support/run_qip.ts";
import { queryDatabase, SQLITE3_MISSING } from "../support/sqlite_cli.ts";
import { withTempDir } from "../support/temp_dir.ts";

const SCRIPT = `${REPO_ROOT}/scripts/build_sqlite_fixture.sh`;
const COMMITTED = `${REPO_ROOT}/examples/sqlite3/countries.sqlite`;

if (SQLITE3_MISSING !== undefined) {
  console.log(`build_sqlite_fixture_test.ts: skipped, ${SQLITE3_MISSING}`);
}

async function buildFixture(path: string): Promise<Uint8Array> {
  const output = await new Deno.Command(SCRIPT, { args: [path] }).output();
  assert.ok(output.success, new TextDecoder().decode(output.stderr));
  return await Deno.readFile(path);
}

Deno.test({
  name: "build_sqlite_fixture.sh builds the same bytes twice (countries.sqlite)",
  ignore: SQLITE3_MISSING !== undefined,
  async fn() {
    await withTempDir(async (dir) => {
      const first = await buildFixture(`${dir}/first.sqlite`);
      const second = await buildFixture(`${dir}/second.sqlite`);
      assert.deepEqual(first, second);
      assert.deepEqual(Array.from(first.subarray(92, 100)), [0, 0, 0, 0, 0, 0, 0, 0]);
    });
  },
});

Deno.test({
  name: "build_sqlite_fixture.sh agrees with the committed countries.sqlite (schema and rows)",
  ignore: SQLITE3_MISSING !== undefined,
  async fn() {
    await withTempDir(async (dir) => {
      const fresh = await buildFixture(`${dir}/fresh.sqlite`);
      const committed = await Deno.readFile(COMMITTED);
      // Compared as SQL rather than as bytes: another sqlite3 version may lay pages out
      // differently, and the committed file must still say what countries.sql says.
      assert.equal(await queryDatabase(committed, ".dump"), await queryDatabase(fresh, ".dump"));
      assert.equal(await queryDatabase(committed, "PRAGMA integrity_check;"), "ok\n");
    });
  },
});
