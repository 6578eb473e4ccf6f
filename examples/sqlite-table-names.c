// qip-build: -Wl,--stack-first
// sqlite-table-names: the names of the tables of a SQLite database file, one per line, in the
// order of the schema table (sqlite_master), which is the order they were created in.
//
// Run contract (zero-argument export functions):
//   input  bytes, input_bytes_cap  5 MiB
//   output UTF-8, output_utf8_cap  256 KiB
//
//   qip run -i examples/sqlite3/countries.sqlite examples/sqlite-table-names.wasm
//     -> countries⏎country_calling_codes⏎time_zones⏎country_time_zones⏎
//
// Every schema row of type "table" is listed, WITHOUT ROWID, virtual and SQLite's own tables
// (sqlite_sequence, sqlite_stat1) included; indexes, views and triggers are not. Each name ends
// with a newline, so the host's own newline leaves a blank line at the end. Names in a UTF-16
// database are converted to UTF-8.
//
// Soft failure, empty output: an input that is not a SQLite database (no header, a bad page
// size, a damaged schema b-tree), and names that do not fit in 256 KiB. The (stack-first) stack
// makes any runaway recursion trap instead of overwriting the buffers.
#include "sqlite3/_sqlite_file.h"

#define QIP_INPUT_CAP MIB(5)
#define QIP_OUTPUT_CAP KIB(256)
#define QIP_INPUT_KIND QIP_BYTES
#include "include/qip_stage.h"

static u8 scratch[QIP_INPUT_CAP];

typedef struct {
  sqlite_file *db;
  qip_writer *out;
} names_walk;

static walk_result list_table_name(void *ctx, int64_t rowid, const u8 *payload, u32 size) {
  (void)rowid;
  names_walk *walk = ctx;
  schema_row row;
  if (!read_schema_row(payload, size, &row)) return WALK_CORRUPT;
  if (!schema_row_is_table(walk->db, &row) || row.name.kind != VALUE_TEXT) return WALK_CONTINUE;
  put_text(walk->out, walk->db, row.name.bytes, row.name.size);
  put_byte(walk->out, '\n');
  return walk->out->overflow ? WALK_CORRUPT : WALK_CONTINUE;
}

QIP_EXPORT("run") uint32_t run(uint32_t input_size) {
  sqlite_file db;
  if (!sqlite_open(&db, qip_input, qip_input_size(input_size), scratch, sizeof scratch)) return 0;
  qip_writer out = qip_writer_over(qip_output, QIP_OUTPUT_CAP);
  names_walk walk = {&db, &out};
  if (sqlite_walk_table(&db, 1, list_table_name, &walk) == WALK_CORRUPT) return 0;
  return out.len;
}
