// qip-build: -Wl,--stack-first
// sqlite-first-table-dump: the first table of a SQLite database file as tab-separated text.
//
// Run contract (zero-argument export functions):
//   input  bytes, input_bytes_cap  8 MiB
//   output UTF-8, output_utf8_cap  8 MiB
//
//   qip run -i examples/sqlite3/countries.sqlite examples/sqlite-first-table-dump.wasm
//     -> table⇥countries⏎
//        columns⇥iso_3166_code⇥name_en⇥currency⏎
//        types⇥TEXT⇥TEXT⇥TEXT⏎
//        rows⏎
//        AU⇥Australia⇥AUD⏎
//        …
//
// The first table is the first schema row of type "table" that has a b-tree (virtual tables have
// none and are passed over). Column names and declared types come from its CREATE TABLE
// statement (types as written, empty when none); then one line per row, in rowid order (primary
// key order for a WITHOUT ROWID table), each line, the last included, ending with a newline.
// Values are printed as the sqlite3 CLI prints them in list mode with a tab separator, except
// blobs:
//
//   integer  decimal; the rowid itself for an INTEGER PRIMARY KEY column (stored as NULL)
//   real     15 significant digits, SQLite's "%!.15g": 0.1, 100.0, 1.0e+20 (sqlite3/_real_text.h);
//            an integer in a column of REAL affinity is printed as a real, as SQLite returns it
//   text     as stored (UTF-16 databases converted to UTF-8); tabs and newlines are not escaped
//   NULL     nothing (an empty field), as is a VIRTUAL generated column, which has no stored value,
//            and a column added by ALTER TABLE after the row was written (its DEFAULT is not read)
//   blob     X'…' with upper-case hex digits, as SQL's quote() writes it (the CLI would print the
//            raw bytes, which need not be UTF-8)
//
// Soft failure, empty output: an input that is not a SQLite database or is damaged, a database
// without tables, a CREATE TABLE that cannot be read, and output over 8 MiB.
#include "sqlite3/_create_table.h"
#include "sqlite3/_real_text.h"
#include "sqlite3/_sqlite_file.h"

#define QIP_INPUT_CAP MIB(8)
#define QIP_OUTPUT_CAP MIB(8)
#define QIP_INPUT_KIND QIP_BYTES
#include "include/qip_stage.h"

static u8 scratch[QIP_INPUT_CAP];
static u8 create_sql[MIB(1)]; // the first table's CREATE TABLE, as UTF-8
static table_schema schema;

typedef struct {
  sqlite_file *db;
  qip_writer *out;
  qip_writer sql;
  uint64_t root_page;
} dump_walk;

// Visits sqlite_master until the first table with a b-tree; keeps its name, statement and root.
static walk_result find_first_table(void *ctx, int64_t rowid, const u8 *payload, u32 size) {
  (void)rowid;
  dump_walk *walk = ctx;
  schema_row row;
  if (!read_schema_row(payload, size, &row)) return WALK_CORRUPT;
  if (!schema_row_is_table(walk->db, &row)) return WALK_CONTINUE;
  if (row.root_page.kind != VALUE_INTEGER || row.root_page.integer <= 0) return WALK_CONTINUE;
  if (row.name.kind != VALUE_TEXT || row.sql.kind != VALUE_TEXT) return WALK_CORRUPT;
  put_str(walk->out, "table\t");
  put_text(walk->out, walk->db, row.name.bytes, row.name.size);
  put_byte(walk->out, '\n');
  put_text(&walk->sql, walk->db, row.sql.bytes, row.sql.size);
  walk->root_page = (uint64_t)row.root_page.integer;
  return walk->sql.overflow ? WALK_CORRUPT : WALK_STOP;
}

static void put_integer(qip_writer *w, int64_t value) {
  uint64_t magnitude = (uint64_t)value;
  if (value < 0) {
    put_byte(w, '-');
    magnitude = ~magnitude + 1; // also right for INT64_MIN
  }
  u8 digits[20];
  u32 n = 0;
  do {
    digits[n++] = (u8)('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  while (n > 0) put_byte(w, digits[--n]);
}

static void put_value(qip_writer *w, const sqlite_file *db, const sqlite_value *value,
                      int real_affinity) {
  static const char hex[] = "0123456789ABCDEF";
  switch (value->kind) {
  case VALUE_NULL:
    break;
  case VALUE_INTEGER:
    if (real_affinity) put_real(w, (double)value->integer);
    else put_integer(w, value->integer);
    break;
  case VALUE_REAL:
    put_real(w, value->real);
    break;
  case VALUE_TEXT:
    put_text(w, db, value->bytes, value->size);
    break;
  case VALUE_BLOB: {
    put_str(w, "X'");
    // Straight into the buffer, as far as it has room: a blob can be megabytes long.
    u32 fits = (w->cap - w->len) / 2;
    if (fits > value->size) fits = value->size;
    for (u32 i = 0; i < fits; i++) {
      w->bytes[w->len++] = (u8)hex[value->bytes[i] >> 4];
      w->bytes[w->len++] = (u8)hex[value->bytes[i] & 15];
    }
    if (fits < value->size) w->overflow = 1;
    put_byte(w, '\'');
    break;
  }
  }
}

// Where each column's value is in a record: an ordinary table stores its columns in declaration
// order, a WITHOUT ROWID table its primary key's columns first, then the others in order; a
// VIRTUAL generated column has no place (NO_VALUE).
#define NO_VALUE 0xFFFFu
static uint16_t record_position[MAX_COLUMNS];
static sqlite_value row_values[MAX_COLUMNS];

static void lay_out_record(void) {
  uint16_t next = 0;
  for (u32 i = 0; i < schema.count; i++) record_position[i] = NO_VALUE;
  if (schema.without_rowid) {
    for (u32 k = 0; k < schema.key_count; k++) record_position[schema.key_columns[k]] = next++;
  }
  for (u32 i = 0; i < schema.count; i++) {
    if (record_position[i] == NO_VALUE && !schema.columns[i].not_stored) {
      record_position[i] = next++;
    }
  }
}

static walk_result dump_row(void *ctx, int64_t rowid, const u8 *payload, u32 size) {
  dump_walk *walk = ctx;
  record_reader record;
  if (!record_open(&record, payload, size)) return WALK_CORRUPT;
  u32 count = 0;
  for (int found; count < MAX_COLUMNS && (found = record_next(&record, &row_values[count])) != 0;
       count++) {
    if (found < 0) return WALK_CORRUPT;
  }
  for (u32 i = 0; i < schema.count; i++) {
    const table_column *column = &schema.columns[i];
    if (i > 0) put_byte(walk->out, '\t');
    // A column past the end of the record was added after the row was written.
    if (record_position[i] >= count) continue;
    sqlite_value value = row_values[record_position[i]];
    if (column->rowid_alias && !schema.without_rowid && value.kind == VALUE_NULL) {
      value.kind = VALUE_INTEGER;
      value.integer = rowid;
    }
    put_value(walk->out, walk->db, &value, column->real_affinity);
  }
  put_byte(walk->out, '\n');
  return walk->out->overflow ? WALK_CORRUPT : WALK_CONTINUE;
}

static void put_header_lines(qip_writer *out) {
  put_str(out, "columns");
  for (u32 i = 0; i < schema.count; i++) {
    put_byte(out, '\t');
    put_identifier(out, schema.columns[i].name, schema.columns[i].name_size);
  }
  put_str(out, "\ntypes");
  for (u32 i = 0; i < schema.count; i++) {
    const table_column *column = &schema.columns[i];
    put_byte(out, '\t');
    // The type as written, with every run of white space made one space.
    int pending_space = 0;
    for (u32 j = 0; j < column->type_size; j++) {
      u8 c = column->type[j];
      if (c == ' ' || (c >= '\t' && c <= '\r')) {
        pending_space = 1;
        continue;
      }
      if (pending_space) put_byte(out, ' ');
      pending_space = 0;
      put_byte(out, c);
    }
  }
  put_str(out, "\nrows\n");
}

QIP_EXPORT("run") uint32_t run(uint32_t input_size) {
  sqlite_file db;
  if (!sqlite_open(&db, qip_input, qip_input_size(input_size), scratch, sizeof scratch)) return 0;
  qip_writer out = qip_writer_over(qip_output, QIP_OUTPUT_CAP);
  dump_walk walk = {&db, &out, qip_writer_over(create_sql, sizeof create_sql), 0};
  if (sqlite_walk_table(&db, 1, find_first_table, &walk) != WALK_STOP) return 0;
  if (!parse_create_table(walk.sql.bytes, walk.sql.len, &schema)) return 0;
  lay_out_record();
  put_header_lines(&out);
  walk_result rows = sqlite_walk_tree(&db, walk.root_page, schema.without_rowid, dump_row, &walk);
  if (rows != WALK_CONTINUE) return 0;
  return out.overflow ? 0 : out.len;
}
