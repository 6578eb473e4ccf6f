// Reads the column list of a CREATE TABLE statement as stored in sqlite_master.sql: each
// column's name (unquoted), its declared type as written, and the facts a reader of the
// rows needs (file format §2.1 and SQLite's CREATE TABLE documentation):
//
// * a column declared exactly `INTEGER PRIMARY KEY` (not DESC), or named alone in a table-level
//   `PRIMARY KEY (…)` with type INTEGER, is an alias of the rowid: its record value is NULL and
//   its value is the rowid;
// * the PRIMARY KEY's columns in the key's order, which a WITHOUT ROWID table stores first;
// * a generated column that is not STORED (`AS (…)`, `GENERATED ALWAYS AS (…) [VIRTUAL]`) has no
//   value in the record at all;
// * a column with REAL affinity gets integers back as reals (SQLite stores a whole REAL as an
//   integer to save space).
//
// It is a tokenizer over the statement, not a SQL parser: it trusts SQLite to have accepted the
// statement and only needs the top-level commas of the column list and a few keywords.
// `table_schema` is large (MAX_COLUMNS columns): modules keep it in a static.
#ifndef QIP_CREATE_TABLE_H
#define QIP_CREATE_TABLE_H

#include <stdint.h>

#include "../include/qip_writer.h"

// SQLite's default SQLITE_MAX_COLUMN.
#define MAX_COLUMNS 2000

typedef struct {
  const u8 *name; // as written, quotes included; see put_identifier
  u32 name_size;
  const u8 *type; // as written, from its first to its last token; may be empty
  u32 type_size;
  int rowid_alias;
  int not_stored;
  int real_affinity;
  int primary_key; // declared PRIMARY KEY in its own definition
} table_column;

typedef struct {
  table_column columns[MAX_COLUMNS];
  u32 count;
  int without_rowid;
  // The PRIMARY KEY's columns, as indexes into `columns`, in the key's order: a WITHOUT ROWID
  // table stores them first in each record.
  uint16_t key_columns[MAX_COLUMNS];
  u32 key_count;
} table_schema;

typedef enum { TOKEN_END, TOKEN_WORD, TOKEN_QUOTED, TOKEN_STRING, TOKEN_OTHER } token_kind;

typedef struct {
  token_kind kind;
  const u8 *start;
  u32 size;
} sql_token;

static int is_word_byte(u8 c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$' || c >= 0x80;
}

// Reads the token at *p (skipping spaces and comments) and moves *p past it.
static sql_token next_token(const u8 **p, const u8 *end) {
  const u8 *s = *p;
  for (;;) {
    while (s < end && (*s == ' ' || (*s >= '\t' && *s <= '\r'))) s++;
    if (s + 1 < end && s[0] == '-' && s[1] == '-') {
      while (s < end && *s != '\n') s++;
    } else if (s + 1 < end && s[0] == '/' && s[1] == '*') {
      s += 2;
      while (s + 1 < end && !(s[0] == '*' && s[1] == '/')) s++;
      s = s + 2 < end ? s + 2 : end;
    } else {
      break;
    }
  }
  sql_token t = {TOKEN_END, s, 0};
  if (s >= end) {
    *p = s;
    return t;
  }
  const u8 *e = s + 1;
  u8 c = *s;
  if (c == '"' || c == '`' || c == '\'' || c == '[') {
    u8 close = c == '[' ? ']' : c;
    // A doubled quote stands for itself inside the quotes; `[…]` has no escape.
    while (e < end && !(*e == close && !(close != ']' && e + 1 < end && e[1] == close))) {
      e += (*e == close) ? 2 : 1;
    }
    e = e < end ? e + 1 : end;
    t.kind = c == '\'' ? TOKEN_STRING : TOKEN_QUOTED;
  } else if (is_word_byte(c)) {
    while (e < end && is_word_byte(*e)) e++;
    t.kind = TOKEN_WORD;
  } else {
    t.kind = TOKEN_OTHER;
  }
  t.size = (u32)(e - s);
  *p = e;
  return t;
}

static int is_punct(sql_token t, u8 c) { return t.kind == TOKEN_OTHER && t.start[0] == c; }

static int word_is(sql_token t, const char *keyword) {
  if (t.kind != TOKEN_WORD) return 0;
  for (u32 i = 0; i < t.size; i++) {
    u8 c = t.start[i];
    if (c >= 'a' && c <= 'z') c = (u8)(c - 32);
    if (keyword[i] == 0 || c != (u8)keyword[i]) return 0;
  }
  return keyword[t.size] == 0;
}

// Whether `text` contains `upper` ignoring ASCII case (SQLite's affinity rules).
static int contains_ignoring_case(const u8 *text, u32 size, const char *upper) {
  u32 n = c_string_length(upper);
  for (u32 i = 0; i + n <= size; i++) {
    u32 j = 0;
    while (j < n) {
      u8 c = text[i + j];
      if (c >= 'a' && c <= 'z') c = (u8)(c - 32);
      if (c != (u8)upper[j]) break;
      j++;
    }
    if (j == n) return 1;
  }
  return 0;
}

// SQLite's affinity rules, in their order: INT, then CHAR/CLOB/TEXT, then BLOB (or no type),
// then REAL/FLOA/DOUB; only the last gives REAL affinity.
static int has_real_affinity(const u8 *type, u32 size) {
  if (contains_ignoring_case(type, size, "INT")) return 0;
  if (contains_ignoring_case(type, size, "CHAR") || contains_ignoring_case(type, size, "CLOB") ||
      contains_ignoring_case(type, size, "TEXT") || contains_ignoring_case(type, size, "BLOB")) {
    return 0;
  }
  return contains_ignoring_case(type, size, "REAL") ||
         contains_ignoring_case(type, size, "FLOA") || contains_ignoring_case(type, size, "DOUB");
}

static int starts_column_constraint(sql_token t) {
  static const char *const keywords[] = {"CONSTRAINT", "PRIMARY", "NOT",        "NULL",
                                         "UNIQUE",     "CHECK",   "DEFAULT",    "COLLATE",
                                         "REFERENCES", "AS",      "GENERATED"};
  for (u32 i = 0; i < sizeof keywords / sizeof keywords[0]; i++) {
    if (word_is(t, keywords[i])) return 1;
  }
  return 0;
}

// Whether two identifiers, each quoted or not, name the same column (ASCII case-insensitive,
// as SQLite compares names). Only the quote characters themselves are removed.
static int same_identifier(const u8 *a, u32 a_size, const u8 *b, u32 b_size) {
  if (a_size >= 2 && (a[0] == '"' || a[0] == '`' || a[0] == '[' || a[0] == '\'')) {
    a++;
    a_size -= 2;
  }
  if (b_size >= 2 && (b[0] == '"' || b[0] == '`' || b[0] == '[' || b[0] == '\'')) {
    b++;
    b_size -= 2;
  }
  if (a_size != b_size) return 0;
  for (u32 i = 0; i < a_size; i++) {
    u8 x = a[i], y = b[i];
    if (x >= 'a' && x <= 'z') x = (u8)(x - 32);
    if (y >= 'a' && y <= 'z') y = (u8)(y - 32);
    if (x != y) return 0;
  }
  return 1;
}

// Reads one column definition whose first token (its name) is `name`, up to the comma or
// closing parenthesis that ends it, which is left unread.
static void parse_column(const u8 **p, const u8 *end, sql_token name, table_column *column) {
  column->name = name.start;
  column->name_size = name.size;
  column->type = name.start + name.size;
  column->type_size = 0;
  column->rowid_alias = column->not_stored = 0;

  int depth = 0, in_type = 1, primary = 0, descending = 0, generated = 0, stored = 0;
  for (;;) {
    const u8 *before = *p;
    sql_token t = next_token(p, end);
    if (t.kind == TOKEN_END) break;
    if (depth == 0 && (is_punct(t, ',') || is_punct(t, ')'))) {
      *p = before;
      break;
    }
    if (in_type && depth == 0 && (t.kind != TOKEN_WORD || starts_column_constraint(t)) &&
        !is_punct(t, '(')) {
      in_type = 0;
    }
    if (in_type) {
      if (column->type_size == 0) column->type = t.start;
      column->type_size = (u32)(t.start + t.size - column->type);
    } else if (depth == 0) {
      if (word_is(t, "PRIMARY")) primary = 1;
      if (primary && word_is(t, "DESC")) descending = 1;
      if (word_is(t, "AS")) generated = 1;
      if (word_is(t, "STORED")) stored = 1;
    }
    if (is_punct(t, '(')) depth++;
    if (is_punct(t, ')')) depth--;
  }
  static const u8 integer[] = "INTEGER";
  column->rowid_alias = primary && !descending &&
                        same_identifier(column->type, column->type_size, integer, 7);
  column->not_stored = generated && !stored;
  column->primary_key = primary;
  column->real_affinity = has_real_affinity(column->type, column->type_size);
}

// The index of the column named by `name`, or schema->count when there is none.
static u32 find_column(const table_schema *schema, sql_token name) {
  u32 i = 0;
  while (i < schema->count &&
         !same_identifier(schema->columns[i].name, schema->columns[i].name_size, name.start,
                          name.size)) {
    i++;
  }
  return i;
}

// Reads a table constraint; a PRIMARY KEY (…) gives the key's columns, and a key of one INTEGER
// column makes that column the rowid alias.
static void parse_table_constraint(const u8 **p, const u8 *end, sql_token first,
                                   table_schema *schema) {
  int depth = 0, primary = word_is(first, "PRIMARY"), item_start = 0;
  for (;;) {
    const u8 *before = *p;
    sql_token t = next_token(p, end);
    if (t.kind == TOKEN_END) break;
    if (depth == 0 && (is_punct(t, ',') || is_punct(t, ')'))) {
      *p = before;
      break;
    }
    if (word_is(t, "PRIMARY")) primary = 1;
    if (is_punct(t, '(')) {
      if (++depth == 1) item_start = 1;
    } else if (is_punct(t, ')')) {
      depth--;
    } else if (depth == 1 && is_punct(t, ',')) {
      item_start = 1;
    } else if (primary && depth == 1 && item_start) { // the column of one item of the key
      item_start = 0;
      u32 column = find_column(schema, t);
      if (column < schema->count && schema->key_count < MAX_COLUMNS) {
        schema->key_columns[schema->key_count++] = (uint16_t)column;
      }
    }
  }
  static const u8 integer[] = "INTEGER";
  if (primary && schema->key_count == 1) {
    table_column *c = &schema->columns[schema->key_columns[0]];
    if (same_identifier(c->type, c->type_size, integer, 7)) c->rowid_alias = 1;
  }
}

// Fills `schema` from a CREATE TABLE statement. Returns 0 when no column list is found or it has
// more than MAX_COLUMNS columns.
static int parse_create_table(const u8 *sql, u32 size, table_schema *schema) {
  const u8 *p = sql, *end = sql + size;
  schema->count = 0;
  schema->without_rowid = 0;
  schema->key_count = 0;
  sql_token t;
  do {
    t = next_token(&p, end);
    if (t.kind == TOKEN_END) return 0;
  } while (!is_punct(t, '('));

  for (;;) {
    t = next_token(&p, end);
    if (t.kind == TOKEN_END) return 0;
    if (word_is(t, "CONSTRAINT") || word_is(t, "PRIMARY") || word_is(t, "UNIQUE") ||
        word_is(t, "CHECK") || word_is(t, "FOREIGN")) {
      parse_table_constraint(&p, end, t, schema);
    } else if (t.kind == TOKEN_WORD || t.kind == TOKEN_QUOTED || t.kind == TOKEN_STRING) {
      if (schema->count == MAX_COLUMNS) return 0;
      table_column *column = &schema->columns[schema->count];
      parse_column(&p, end, t, column);
      if (column->primary_key && schema->key_count == 0) {
        schema->key_columns[schema->key_count++] = (uint16_t)schema->count;
      }
      schema->count++;
    } else {
      return 0;
    }
    t = next_token(&p, end);
    if (is_punct(t, ')')) break;
    if (!is_punct(t, ',')) return 0;
  }
  for (t = next_token(&p, end); t.kind != TOKEN_END; t = next_token(&p, end)) {
    if (word_is(t, "ROWID")) schema->without_rowid = 1; // `WITHOUT ROWID`
  }
  return schema->count > 0;
}

// Writes an identifier without its quotes, undoubling quotes inside ("a""b" is a"b).
static void put_identifier(qip_writer *w, const u8 *name, u32 size) {
  u8 open = size >= 2 ? name[0] : 0;
  if (open != '"' && open != '`' && open != '\'' && open != '[') {
    put_bytes(w, name, size);
    return;
  }
  u8 close = open == '[' ? ']' : open;
  for (u32 i = 1; i + 1 < size; i++) {
    put_byte(w, name[i]);
    if (name[i] == close && close != ']' && i + 2 < size && name[i + 1] == close) i++;
  }
}

#endif
