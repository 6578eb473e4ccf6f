#!/usr/bin/env bash
# Rebuilds examples/sqlite3/countries.sqlite from examples/sqlite3/countries.sql with the sqlite3
# CLI (Debian: apt-get install sqlite3). An argument writes the database elsewhere instead (the
# test that checks the committed file builds a second copy).
#
#   scripts/build_sqlite_fixture.sh [output.sqlite]
#
# The file is deterministic: the schema and rows come from the script alone, the page size is
# fixed, and the header fields that record which SQLite version wrote the file (offsets 92..99,
# "version-valid-for" and "SQLITE_VERSION_NUMBER") are zeroed afterwards. SQLite treats a
# version-valid-for that does not match the change counter as "in-header database size is
# unreliable" and falls back to the file size, so the file stays a valid database whose bytes do
# not name the sqlite3 that wrote it.
set -euo pipefail

database="${1:-}"
[[ -z "$database" || "$database" == /* ]] || database="$PWD/$database"
cd "$(dirname "$0")/.."
source_sql="examples/sqlite3/countries.sql"
database="${database:-examples/sqlite3/countries.sqlite}"
command -v sqlite3 >/dev/null || { echo "sqlite3 not found (apt-get install sqlite3)" >&2; exit 1; }

rm -f "$database"
sqlite3 -bail "$database" "PRAGMA page_size = 4096; PRAGMA journal_mode = DELETE;" >/dev/null
sqlite3 -bail "$database" < "$source_sql"
sqlite3 -bail "$database" "VACUUM;"
printf '\0\0\0\0\0\0\0\0' | dd of="$database" bs=1 seek=92 count=8 conv=notrunc status=none
echo "wrote $database ($(wc -c < "$database") bytes)"
