// Shared by the SQLite modules (sqlite-table-names.c, sqlite-first-table-dump.c): a read-only
// reader of the SQLite database file format, written from the published file-format description
// (https://www.sqlite.org/fileformat2.html). It covers what reading tables needs: the 100-byte
// header, table b-trees (interior and leaf pages, in rowid order), the index b-trees that hold
// WITHOUT ROWID tables, payloads spilled onto overflow pages, and records. Free pages, pointer
// maps, the WAL and locking are not read.
//
// The input is untrusted, so every offset is checked before use: a page number outside the file,
// a cell outside its page, a truncated varint or a record header that does not add up makes the
// walk stop with "corrupt", and each module turns that into empty output. A malicious file can
// also link pages into loops or share children between parents; a walk visits at most as many
// pages as the file has, and no deeper than SQLite's own cursors go, so it always ends.
//
// Header-only like the other module families: each module is one translation unit.
#ifndef QIP_SQLITE_FILE_H
#define QIP_SQLITE_FILE_H

#include <stdint.h>

#include "../include/qip_writer.h"

#define KIB(n) ((uint32_t)(n) * 1024u)
#define MIB(n) ((uint32_t)(n) * 1024u * 1024u)

// SQLite's own cursors give up beyond this depth (BTCURSOR_MAX_DEPTH); a deeper tree is corrupt.
#define SQLITE_MAX_DEPTH 20

// The file header's text encodings (offset 56). 0 appears in a database with no schema yet.
enum { ENCODING_UTF8 = 1, ENCODING_UTF16LE = 2, ENCODING_UTF16BE = 3 };

// B-tree page types (first byte of a page's b-tree header).
enum {
  PAGE_INDEX_INTERIOR = 0x02,
  PAGE_TABLE_INTERIOR = 0x05,
  PAGE_INDEX_LEAF = 0x0A,
  PAGE_TABLE_LEAF = 0x0D
};

typedef struct {
  const u8 *bytes;
  u32 page_size;  // 512 .. 65536
  u32 usable;     // page_size minus the reserved bytes at the end of every page
  u32 page_count; // whole pages in the input
  u32 encoding;   // ENCODING_*
  // Where a payload that spills onto overflow pages is put back together. A payload can never be
  // larger than the file, so a buffer as large as the input cap always suffices.
  u8 *scratch;
  u32 scratch_cap;
  u32 pages_left; // visit budget of the current walk
} sqlite_file;

static inline u32 read_be16(const u8 *p) { return (u32)p[0] << 8 | p[1]; }
static inline u32 read_be32(const u8 *p) {
  return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

// Reads a SQLite varint (1 to 9 bytes, big-endian, 7 bits per byte, all 8 bits of a ninth) that
// must end before `end`. Returns its length, or 0 when it is truncated.
static u32 read_varint(const u8 *p, const u8 *end, uint64_t *value) {
  uint64_t v = 0;
  for (u32 i = 0; i < 9; i++) {
    if (p + i >= end) return 0;
    if (i == 8) {
      *value = v << 8 | p[i];
      return 9;
    }
    v = v << 7 | (p[i] & 0x7F);
    if ((p[i] & 0x80) == 0) {
      *value = v;
      return i + 1;
    }
  }
  return 0;
}

// Checks the header and fills `db`. An empty input is a valid, empty database for SQLite, but it
// has no header to read; callers treat it like any other input that is not a database.
static int sqlite_open(sqlite_file *db, const u8 *bytes, u32 size, u8 *scratch, u32 scratch_cap) {
  static const char magic[16] = "SQLite format 3";
  if (size < 100) return 0;
  for (u32 i = 0; i < 16; i++) {
    if (bytes[i] != (u8)magic[i]) return 0;
  }
  u32 raw_page_size = read_be16(bytes + 16);
  u32 page_size = raw_page_size == 1 ? 65536 : raw_page_size;
  if (page_size < 512 || page_size > 65536 || (page_size & (page_size - 1)) != 0) return 0;
  u32 reserved = bytes[20];
  // The payload fractions are fixed by the format; SQLite refuses any other value.
  if (bytes[21] != 64 || bytes[22] != 32 || bytes[23] != 32) return 0;
  if (page_size - reserved < 480) return 0;
  u32 encoding = read_be32(bytes + 56);
  if (encoding == 0) encoding = ENCODING_UTF8;
  if (encoding > ENCODING_UTF16BE) return 0;
  if (size < page_size) return 0;

  db->bytes = bytes;
  db->page_size = page_size;
  db->usable = page_size - reserved;
  db->page_count = size / page_size;
  db->encoding = encoding;
  db->scratch = scratch;
  db->scratch_cap = scratch_cap;
  db->pages_left = 0;
  return 1;
}

// The page numbered `page_no` (from 1), or 0 when there is no such page or the walk has already
// visited as many pages as the file holds.
static const u8 *sqlite_page(sqlite_file *db, uint64_t page_no) {
  if (page_no < 1 || page_no > db->page_count || db->pages_left == 0) return 0;
  db->pages_left--;
  return db->bytes + (u32)(page_no - 1) * db->page_size;
}

// What a row visitor tells the walk: go on, stop because it has what it wanted, or give up.
typedef enum { WALK_CORRUPT = 0, WALK_CONTINUE = 1, WALK_STOP = 2 } walk_result;

// Receives each row of a table in key order: rowid order for an ordinary table, primary-key
// order for a WITHOUT ROWID table (whose rows have no rowid: 0 is passed). `payload` is valid
// only during the call: it may point into the page or into the scratch buffer, which the next
// row reuses.
typedef walk_result (*row_visitor)(void *ctx, int64_t rowid, const u8 *payload, u32 size);

// How many bytes of a payload of `size` bytes stay in its cell; the rest goes to overflow pages
// (file format §1.6). Index cells, WITHOUT ROWID rows included, keep less on the page.
static u32 local_payload_size(const sqlite_file *db, uint64_t size, int index) {
  u32 max_local = index ? (db->usable - 12) * 64 / 255 - 23 : db->usable - 35;
  if (size <= max_local) return (u32)size;
  u32 min_local = (db->usable - 12) * 32 / 255 - 23;
  u32 k = min_local + (u32)((size - min_local) % (db->usable - 4));
  return k <= max_local ? k : min_local;
}

// Hands a payload of `size` bytes starting at `p` to the visitor, first reassembling it from its
// overflow pages if it does not all fit in the cell.
static walk_result visit_payload(sqlite_file *db, const u8 *p, const u8 *cell_end, uint64_t size,
                                 int index, int64_t rowid, row_visitor visit, void *ctx) {
  u32 local = local_payload_size(db, size, index);
  if (local > (u32)(cell_end - p)) return WALK_CORRUPT;
  if (local == size) return visit(ctx, rowid, p, local);

  if (size > db->scratch_cap || (u32)(cell_end - p) < local + 4) return WALK_CORRUPT;
  u32 total = (u32)size;
  __builtin_memcpy(db->scratch, p, local);
  u32 filled = local;
  uint64_t next = read_be32(p + local);
  while (filled < total) {
    const u8 *page = sqlite_page(db, next);
    if (page == 0) return WALK_CORRUPT;
    u32 chunk = db->usable - 4;
    if (chunk > total - filled) chunk = total - filled;
    __builtin_memcpy(db->scratch + filled, page + 4, chunk);
    filled += chunk;
    next = read_be32(page);
  }
  return visit(ctx, rowid, db->scratch, total);
}

// A table leaf cell: payload size, rowid, payload. An index cell (leaf, or interior after its
// child pointer): payload size, payload.
static walk_result visit_cell(sqlite_file *db, const u8 *cell, const u8 *cell_end, int index,
                              row_visitor visit, void *ctx) {
  uint64_t size, rowid = 0;
  u32 n = read_varint(cell, cell_end, &size);
  if (n == 0) return WALK_CORRUPT;
  cell += n;
  if (!index) {
    n = read_varint(cell, cell_end, &rowid);
    if (n == 0) return WALK_CORRUPT;
    cell += n;
  }
  return visit_payload(db, cell, cell_end, size, index, (int64_t)rowid, visit, ctx);
}

// Walks one page and its children in key order. Table b-trees keep rows in leaves only; index
// b-trees also keep one between each pair of children, visited between them.
static walk_result walk_page(sqlite_file *db, uint64_t page_no, int index, u32 depth,
                             row_visitor visit, void *ctx) {
  if (depth > SQLITE_MAX_DEPTH) return WALK_CORRUPT;
  const u8 *page = sqlite_page(db, page_no);
  if (page == 0) return WALK_CORRUPT;
  const u8 *end = page + db->usable;
  const u8 *header = page + (page_no == 1 ? 100 : 0); // page 1 starts with the file header
  u32 type = header[0];
  int leaf = type == (index ? PAGE_INDEX_LEAF : PAGE_TABLE_LEAF);
  if (!leaf && type != (index ? PAGE_INDEX_INTERIOR : PAGE_TABLE_INTERIOR)) return WALK_CORRUPT;
  u32 cell_count = read_be16(header + 3);
  const u8 *pointers = header + (leaf ? 8 : 12);
  if (pointers + 2 * cell_count > end) return WALK_CORRUPT;

  for (u32 i = 0; i < cell_count; i++) {
    const u8 *cell = page + read_be16(pointers + 2 * i);
    if (cell < pointers + 2 * cell_count || cell >= end) return WALK_CORRUPT;
    walk_result result = WALK_CONTINUE;
    if (!leaf) {
      if (cell + 4 > end) return WALK_CORRUPT;
      result = walk_page(db, read_be32(cell), index, depth + 1, visit, ctx);
      cell += 4;
    }
    if (result == WALK_CONTINUE && (leaf || index)) {
      result = visit_cell(db, cell, end, index, visit, ctx);
    }
    if (result != WALK_CONTINUE) return result;
  }
  if (leaf) return WALK_CONTINUE;
  return walk_page(db, read_be32(header + 8), index, depth + 1, visit, ctx);
}

// Visits every row of the table b-tree rooted at `root_page`, in rowid order, or with `index`
// every entry of an index b-tree (how a WITHOUT ROWID table is stored), in key order.
static walk_result sqlite_walk_tree(sqlite_file *db, uint64_t root_page, int index,
                                    row_visitor visit, void *ctx) {
  db->pages_left = db->page_count;
  return walk_page(db, root_page, index, 0, visit, ctx);
}

// Visits every row of the table b-tree rooted at `root_page`, in rowid order.
static walk_result sqlite_walk_table(sqlite_file *db, uint64_t root_page, row_visitor visit,
                                     void *ctx) {
  return sqlite_walk_tree(db, root_page, 0, visit, ctx);
}

// --- Records ------------------------------------------------------------------------------------

typedef enum { VALUE_NULL, VALUE_INTEGER, VALUE_REAL, VALUE_TEXT, VALUE_BLOB } value_kind;

typedef struct {
  value_kind kind;
  int64_t integer;
  double real;
  const u8 *bytes; // text or blob
  u32 size;
} sqlite_value;

// Reads a record's values one by one (file format §2.1, "record format").
typedef struct {
  const u8 *types;     // next serial type in the header
  const u8 *types_end; // end of the header
  const u8 *body;      // next value in the body
  const u8 *end;       // end of the payload
} record_reader;

static int record_open(record_reader *r, const u8 *payload, u32 size) {
  uint64_t header_size;
  u32 n = read_varint(payload, payload + size, &header_size);
  if (n == 0 || header_size < n || header_size > size) return 0;
  r->types = payload + n;
  r->types_end = payload + header_size;
  r->body = payload + header_size;
  r->end = payload + size;
  return 1;
}

// Bytes of a value of serial type `type` in the body; types 10 and 11 are reserved.
static int serial_type_size(uint64_t type, uint64_t *size) {
  static const u8 integer_sizes[10] = {0, 1, 2, 3, 4, 6, 8, 8, 0, 0};
  if (type < 10) {
    *size = integer_sizes[type];
    return 1;
  }
  if (type < 12) return 0;
  *size = (type - 12) / 2;
  return 1;
}

// Returns 1 and the next value, 0 at the end of the record, -1 when the record is corrupt.
static int record_next(record_reader *r, sqlite_value *value) {
  if (r->types >= r->types_end) return 0;
  uint64_t type, size;
  u32 n = read_varint(r->types, r->types_end, &type);
  if (n == 0 || !serial_type_size(type, &size)) return -1;
  if (size > (uint64_t)(r->end - r->body)) return -1;
  r->types += n;
  const u8 *p = r->body;
  r->body += size;

  value->bytes = p;
  value->size = (u32)size;
  if (type == 0) {
    value->kind = VALUE_NULL;
  } else if (type <= 6) { // big-endian two's complement, sign-extended from its width
    uint64_t v = (p[0] & 0x80) ? ~(uint64_t)0 : 0;
    for (u32 i = 0; i < size; i++) v = v << 8 | p[i];
    value->kind = VALUE_INTEGER;
    value->integer = (int64_t)v;
  } else if (type == 7) {
    uint64_t bits = 0;
    for (u32 i = 0; i < 8; i++) bits = bits << 8 | p[i];
    value->kind = VALUE_REAL;
    __builtin_memcpy(&value->real, &bits, 8);
  } else if (type <= 9) { // the constants 0 and 1, stored in the header alone
    value->kind = VALUE_INTEGER;
    value->integer = (int64_t)(type - 8);
  } else {
    value->kind = (type & 1) ? VALUE_TEXT : VALUE_BLOB;
  }
  return 1;
}

// --- Text ---------------------------------------------------------------------------------------

// Writes a text value as UTF-8, converting it from the database's encoding. UTF-8 is copied as
// stored; in UTF-16 a lone surrogate becomes U+FFFD and an odd final byte is dropped.
static void put_text(qip_writer *w, const sqlite_file *db, const u8 *p, u32 size) {
  if (db->encoding == ENCODING_UTF8) {
    put_bytes(w, p, size);
    return;
  }
  int big = db->encoding == ENCODING_UTF16BE;
  for (u32 i = 0; i + 1 < size; i += 2) {
    u32 unit = big ? read_be16(p + i) : (u32)p[i + 1] << 8 | p[i];
    if (unit >= 0xD800 && unit < 0xDC00 && i + 3 < size) {
      u32 low = big ? read_be16(p + i + 2) : (u32)p[i + 3] << 8 | p[i + 2];
      if (low >= 0xDC00 && low < 0xE000) {
        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        i += 2;
      }
    }
    put_utf8(w, unit);
  }
}

// Whether a text value is exactly the ASCII string `ascii`, in the database's encoding.
static int text_equals(const sqlite_file *db, const sqlite_value *value, const char *ascii) {
  if (value->kind != VALUE_TEXT) return 0;
  u32 width = db->encoding == ENCODING_UTF8 ? 1 : 2;
  u32 length = c_string_length(ascii);
  if (value->size != length * width) return 0;
  for (u32 i = 0; i < length; i++) {
    const u8 *unit = value->bytes + i * width;
    u32 c = width == 1                           ? unit[0]
            : db->encoding == ENCODING_UTF16BE ? read_be16(unit)
                                                 : (u32)unit[1] << 8 | unit[0];
    if (c != (u8)ascii[i]) return 0;
  }
  return 1;
}

// --- The schema table ---------------------------------------------------------------------------

// One row of sqlite_master (page 1): `CREATE TABLE sqlite_master(type text, name text,
// tbl_name text, rootpage integer, sql text)`.
typedef struct {
  sqlite_value type, name, table_name, root_page, sql;
} schema_row;

static int read_schema_row(const u8 *payload, u32 size, schema_row *row) {
  record_reader r;
  if (!record_open(&r, payload, size)) return 0;
  sqlite_value *columns[5] = {&row->type, &row->name, &row->table_name, &row->root_page,
                              &row->sql};
  for (u32 i = 0; i < 5; i++) {
    if (record_next(&r, columns[i]) != 1) return 0;
  }
  return 1;
}

// Whether a schema row describes a table (not an index, view or trigger).
static int schema_row_is_table(const sqlite_file *db, const schema_row *row) {
  return text_equals(db, &row->type, "table");
}

#endif
