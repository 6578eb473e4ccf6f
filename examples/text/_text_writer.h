// Bounded output writer shared by the C text, HTML and form modules.
//
// A module writes its result into a fixed buffer whose size is the capacity it reports to the
// host. Rather than checking the remaining space at every call site, a write that does not fit
// sets the sticky `overflow` flag and is dropped; each module then decides once, at the end, what
// an overflow means for it (empty output, or the output up to the last complete line).
//
// Freestanding wasm32 has no libc, so the few helpers a text module needs live here too.
#ifndef QIP_TEXT_WRITER_H
#define QIP_TEXT_WRITER_H

typedef unsigned char u8;
typedef unsigned int u32;

typedef struct {
  u8 *bytes;
  u32 cap;
  u32 len;
  int overflow;
} text_writer;

static inline text_writer writer_over(u8 *bytes, u32 cap) {
  text_writer w = {bytes, cap, 0, 0};
  return w;
}

static inline void put_byte(text_writer *w, u8 b) {
  if (w->len < w->cap) {
    w->bytes[w->len++] = b;
  } else {
    w->overflow = 1;
  }
}

static inline void put_bytes(text_writer *w, const u8 *p, u32 n) {
  for (u32 i = 0; i < n; i++) put_byte(w, p[i]);
}

static inline u32 c_string_length(const char *s) {
  u32 n = 0;
  while (s[n]) n++;
  return n;
}

static inline void put_str(text_writer *w, const char *s) {
  put_bytes(w, (const u8 *)s, c_string_length(s));
}

// Decimal, right-aligned in `width` columns with `pad` (space for tables, '0' for dates).
static inline void put_uint_padded(text_writer *w, u32 value, u32 width, u8 pad) {
  u8 digits[10];
  u32 n = 0;
  do {
    digits[n++] = (u8)('0' + value % 10);
    value /= 10;
  } while (value != 0);
  for (u32 i = n; i < width; i++) put_byte(w, pad);
  while (n > 0) put_byte(w, digits[--n]);
}

// Code points arrive from entity references and tables; U+FFFD stands in for ones that cannot be
// encoded (surrogates, beyond U+10FFFF) so the output stays valid UTF-8.
static inline void put_utf8(text_writer *w, u32 cp) {
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
  if (cp < 0x80) {
    put_byte(w, (u8)cp);
  } else if (cp < 0x800) {
    put_byte(w, (u8)(0xC0 | (cp >> 6)));
    put_byte(w, (u8)(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    put_byte(w, (u8)(0xE0 | (cp >> 12)));
    put_byte(w, (u8)(0x80 | ((cp >> 6) & 0x3F)));
    put_byte(w, (u8)(0x80 | (cp & 0x3F)));
  } else {
    put_byte(w, (u8)(0xF0 | (cp >> 18)));
    put_byte(w, (u8)(0x80 | ((cp >> 12) & 0x3F)));
    put_byte(w, (u8)(0x80 | ((cp >> 6) & 0x3F)));
    put_byte(w, (u8)(0x80 | (cp & 0x3F)));
  }
}

static inline int is_ascii_digit(u8 c) { return c >= '0' && c <= '9'; }
static inline int is_ascii_alpha(u8 c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static inline u8 ascii_lower(u8 c) {
  return (c >= 'A' && c <= 'Z') ? (u8)(c + 32) : c;
}

// The HTML definition of ASCII whitespace (no vertical tab).
static inline int is_ascii_space(u8 c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

// Parses exactly `n` ASCII digits; 0 when any of them is not a digit.
static inline int parse_fixed_digits(const u8 *p, u32 n, u32 *value) {
  u32 v = 0;
  for (u32 i = 0; i < n; i++) {
    if (!is_ascii_digit(p[i])) return 0;
    v = v * 10 + (u32)(p[i] - '0');
  }
  *value = v;
  return 1;
}

#endif
