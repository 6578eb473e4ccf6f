// A small, forgiving HTML tokenizer shared by html-link-extractor and html-aria-extractor.
//
// It is not a tree builder: it cuts the document into text, start tags, end tags and "other"
// (comments, doctypes, stray markup) the way a browser's tokenizer would for ordinary pages,
// which is all that extracting links and labels needs. Tokens are offsets into the document, so
// nothing is copied until a name or URL is written out.
//
// The document is module-wide state (`html_begin`): a run-mode module handles exactly one input
// per instance, and passing it to every helper would only add noise.
#ifndef QIP_HTML_SCAN_H
#define QIP_HTML_SCAN_H

#include "../include/qip_ascii.h"
#include "../include/qip_writer.h"

// A byte range of the document.
typedef struct {
  u32 start;
  u32 len;
} html_span;

typedef enum { HTML_TEXT, HTML_START_TAG, HTML_END_TAG, HTML_OTHER } html_token_kind;

typedef struct {
  html_token_kind kind;
  u32 start;        // first byte of the token
  u32 end;          // one past its last byte; for raw-text elements, past their content
  html_span name;   // tag name, for start and end tags
  u32 attrs_start;  // where the attributes of a start tag begin
  int self_closing; // the start tag ended with "/>"
} html_token;

static const u8 *html_bytes;
static u32 html_len;

static inline void html_begin(const u8 *bytes, u32 len) {
  html_bytes = bytes;
  html_len = len;
}

// Tag, attribute and keyword comparisons in HTML ignore ASCII case.
static inline int html_span_is(html_span s, const char *word) {
  u32 i = 0;
  for (; i < s.len; i++) {
    if (word[i] == 0 || ascii_lower(html_bytes[s.start + i]) != (u8)word[i]) return 0;
  }
  return word[i] == 0;
}

static inline int html_span_equals(html_span a, html_span b) {
  if (a.len != b.len) return 0;
  for (u32 i = 0; i < a.len; i++) {
    if (html_bytes[a.start + i] != html_bytes[b.start + i]) return 0;
  }
  return 1;
}

static inline int html_same_tag(html_span a, html_span b) {
  if (a.len != b.len) return 0;
  for (u32 i = 0; i < a.len; i++) {
    if (ascii_lower(html_bytes[a.start + i]) != ascii_lower(html_bytes[b.start + i])) return 0;
  }
  return 1;
}

static inline html_span html_trim(html_span s) {
  while (s.len > 0 && is_ascii_space(html_bytes[s.start])) {
    s.start++;
    s.len--;
  }
  while (s.len > 0 && is_ascii_space(html_bytes[s.start + s.len - 1])) s.len--;
  return s;
}

// Position of `needle` at or after `from` (ASCII case-insensitive), or html_len if absent.
static inline u32 html_find(u32 from, const char *needle) {
  u32 n = c_string_length(needle);
  for (u32 p = from; p + n <= html_len; p++) {
    u32 i = 0;
    while (i < n && ascii_lower(html_bytes[p + i]) == (u8)needle[i]) i++;
    if (i == n) return p;
  }
  return html_len;
}

// Steps over one attribute of a start tag. Returns 0 at the tag's closing '>' (with *pos on it)
// or at the end of the document. `*slash_close` tells whether the tag ends in "/>", which can
// only be seen here: in `<a href=x/>` the slash belongs to the unquoted value.
static inline int html_next_attr(u32 *pos, html_span *name, html_span *value, int *slash_close) {
  u32 p = *pos;
  *slash_close = 0;
  while (p < html_len && (is_ascii_space(html_bytes[p]) || html_bytes[p] == '/')) {
    if (html_bytes[p] == '/' && p + 1 < html_len && html_bytes[p + 1] == '>') *slash_close = 1;
    p++;
  }
  if (p >= html_len || html_bytes[p] == '>') {
    *pos = p;
    return 0;
  }
  // A name runs to whitespace, '/', '>' or '='; a leading '=' is part of the name (HTML).
  name->start = p++;
  while (p < html_len && !is_ascii_space(html_bytes[p]) && html_bytes[p] != '/' &&
         html_bytes[p] != '>' && html_bytes[p] != '=') {
    p++;
  }
  name->len = p - name->start;
  value->start = p;
  value->len = 0;

  u32 q = p;
  while (q < html_len && is_ascii_space(html_bytes[q])) q++;
  if (q < html_len && html_bytes[q] == '=') {
    q++;
    while (q < html_len && is_ascii_space(html_bytes[q])) q++;
    if (q < html_len && (html_bytes[q] == '"' || html_bytes[q] == '\'')) {
      u8 quote = html_bytes[q++];
      value->start = q;
      while (q < html_len && html_bytes[q] != quote) q++;
      value->len = q - value->start;
      if (q < html_len) q++;
    } else {
      value->start = q;
      while (q < html_len && !is_ascii_space(html_bytes[q]) && html_bytes[q] != '>') q++;
      value->len = q - value->start;
    }
    p = q;
  }
  *pos = p;
  return 1;
}

// Looks up an attribute of a start tag; the first occurrence wins, as in browsers.
static inline int html_attr(const html_token *tag, const char *wanted, html_span *value) {
  u32 p = tag->attrs_start;
  html_span name, v;
  int slash_close;
  while (html_next_attr(&p, &name, &v, &slash_close)) {
    if (html_span_is(name, wanted)) {
      *value = v;
      return 1;
    }
  }
  return 0;
}

// Elements whose content is not markup: a `<a` inside a script must not count as a link.
static inline int html_is_raw_text(html_span name) {
  return html_span_is(name, "script") || html_span_is(name, "style") ||
         html_span_is(name, "textarea") || html_span_is(name, "title") ||
         html_span_is(name, "xmp") || html_span_is(name, "iframe") ||
         html_span_is(name, "noembed") || html_span_is(name, "noframes");
}

static inline int html_is_void(html_span name) {
  static const char *const VOID_ELEMENTS[] = {"area",  "base", "br",   "col",  "embed",
                                              "hr",    "img",  "input", "link", "meta",
                                              "source", "track", "wbr"};
  for (u32 i = 0; i < sizeof VOID_ELEMENTS / sizeof VOID_ELEMENTS[0]; i++) {
    if (html_span_is(name, VOID_ELEMENTS[i])) return 1;
  }
  return 0;
}

static inline u32 html_skip_to_gt(u32 p) {
  while (p < html_len && html_bytes[p] != '>') p++;
  return p < html_len ? p + 1 : html_len;
}

static inline u32 html_tag_name_end(u32 p) {
  while (p < html_len && !is_ascii_space(html_bytes[p]) && html_bytes[p] != '/' &&
         html_bytes[p] != '>') {
    p++;
  }
  return p;
}

// Reads the token at *pos and advances past it; 0 at the end of the document.
static inline int html_next(u32 *pos, html_token *t) {
  u32 p = *pos;
  if (p >= html_len) return 0;
  t->start = p;
  t->self_closing = 0;
  t->name.start = p;
  t->name.len = 0;
  t->attrs_start = p;

  u8 next = p + 1 < html_len ? html_bytes[p + 1] : 0;
  if (html_bytes[p] == '<' && is_ascii_alpha(next)) {
    t->kind = HTML_START_TAG;
    t->name.start = p + 1;
    t->name.len = html_tag_name_end(p + 1) - t->name.start;
    t->attrs_start = t->name.start + t->name.len;
    u32 q = t->attrs_start;
    html_span name, value;
    while (html_next_attr(&q, &name, &value, &t->self_closing)) {
    }
    if (q >= html_len) {
      // A tag cut off by the end of the input is dropped, as a browser would.
      t->kind = HTML_OTHER;
      t->end = html_len;
    } else {
      t->end = q + 1;
      if (html_is_raw_text(t->name) && !t->self_closing) {
        // The raw content travels with the start tag; its end tag follows as a token.
        u32 close = t->end;
        for (;;) {
          close = html_find(close, "</");
          if (close >= html_len) break;
          html_span candidate = {close + 2, html_tag_name_end(close + 2) - (close + 2)};
          if (html_same_tag(candidate, t->name)) break;
          close += 2;
        }
        t->end = close;
      }
    }
  } else if (html_bytes[p] == '<' && next == '/' && p + 2 < html_len &&
             is_ascii_alpha(html_bytes[p + 2])) {
    t->kind = HTML_END_TAG;
    t->name.start = p + 2;
    t->name.len = html_tag_name_end(p + 2) - t->name.start;
    t->end = html_skip_to_gt(t->name.start + t->name.len);
  } else if (html_bytes[p] == '<' && next == '!' && html_find(p, "<!--") == p) {
    u32 close = html_find(p + 4, "-->");
    t->kind = HTML_OTHER;
    t->end = close < html_len ? close + 3 : html_len;
  } else if (html_bytes[p] == '<' && (next == '!' || next == '?' || next == '/')) {
    // Doctypes, processing instructions and malformed end tags: skipped up to '>'.
    t->kind = HTML_OTHER;
    t->end = html_skip_to_gt(p + 1);
  } else {
    // Text runs to the next '<'; a '<' that starts no markup is text itself.
    t->kind = HTML_TEXT;
    u32 q = p + 1;
    while (q < html_len && html_bytes[q] != '<') q++;
    t->end = q;
  }
  *pos = t->end;
  return 1;
}

// Named character references that appear in real link text and labels. Decoding all 2,231 HTML
// names would dwarf the rest of the module; unknown names are left as written.
typedef struct {
  const char *name;
  u32 code_point;
} html_entity;

static const html_entity HTML_ENTITIES[] = {
    {"amp", '&'},        {"lt", '<'},         {"gt", '>'},         {"quot", '"'},
    {"apos", '\''},      {"nbsp", 0xA0},      {"copy", 0xA9},      {"reg", 0xAE},
    {"trade", 0x2122},   {"hellip", 0x2026},  {"mdash", 0x2014},   {"ndash", 0x2013},
    {"lsquo", 0x2018},   {"rsquo", 0x2019},   {"sbquo", 0x201A},   {"ldquo", 0x201C},
    {"rdquo", 0x201D},   {"bdquo", 0x201E},   {"laquo", 0xAB},     {"raquo", 0xBB},
    {"lsaquo", 0x2039},  {"rsaquo", 0x203A},  {"bull", 0x2022},    {"middot", 0xB7},
    {"times", 0xD7},     {"divide", 0xF7},    {"minus", 0x2212},   {"plusmn", 0xB1},
    {"deg", 0xB0},       {"micro", 0xB5},     {"para", 0xB6},      {"sect", 0xA7},
    {"euro", 0x20AC},    {"pound", 0xA3},     {"yen", 0xA5},       {"cent", 0xA2},
    {"iexcl", 0xA1},     {"iquest", 0xBF},    {"frac12", 0xBD},    {"frac14", 0xBC},
    {"frac34", 0xBE},    {"sup2", 0xB2},      {"sup3", 0xB3},      {"larr", 0x2190},
    {"uarr", 0x2191},    {"rarr", 0x2192},    {"darr", 0x2193},    {"harr", 0x2194},
    {"hearts", 0x2665},  {"star", 0x2606},    {"check", 0x2713},   {"shy", 0xAD},
    {"ensp", 0x2002},    {"emsp", 0x2003},    {"thinsp", 0x2009},  {"zwj", 0x200D},
    {"zwnj", 0x200C},    {"dagger", 0x2020},  {"prime", 0x2032},   {"auml", 0xE4},
    {"ouml", 0xF6},      {"uuml", 0xFC},      {"Auml", 0xC4},      {"Ouml", 0xD6},
    {"Uuml", 0xDC},      {"szlig", 0xDF},     {"eacute", 0xE9},    {"egrave", 0xE8},
    {"ecirc", 0xEA},     {"aacute", 0xE1},    {"agrave", 0xE0},    {"acirc", 0xE2},
    {"iacute", 0xED},    {"oacute", 0xF3},    {"uacute", 0xFA},    {"ntilde", 0xF1},
    {"ccedil", 0xE7},    {"Eacute", 0xC9},    {"aring", 0xE5},     {"oslash", 0xF8},
    {"aelig", 0xE6},
};

// Decodes the character reference at `p` (which holds '&'). Returns the bytes it spans, or 0 when
// it is not one we decode — then the '&' is ordinary text. A semicolon is required: without it
// browsers decode only in text, and never in attribute values like `?a=1&copy=2`.
static inline u32 html_char_ref(u32 p, u32 end, u32 *code_point) {
  u32 q = p + 1;
  if (q < end && html_bytes[q] == '#') {
    q++;
    int hex = q < end && (html_bytes[q] == 'x' || html_bytes[q] == 'X');
    if (hex) q++;
    u32 digits_start = q, value = 0;
    while (q < end && q - digits_start < 8) {
      u8 c = html_bytes[q];
      u32 digit;
      if (is_ascii_digit(c)) {
        digit = (u32)(c - '0');
      } else if (hex && ascii_lower(c) >= 'a' && ascii_lower(c) <= 'f') {
        digit = (u32)(ascii_lower(c) - 'a' + 10);
      } else {
        break;
      }
      value = value * (hex ? 16 : 10) + digit;
      q++;
    }
    if (q == digits_start || q >= end || html_bytes[q] != ';') return 0;
    // NUL and out-of-range references become U+FFFD, as in browsers.
    *code_point = (value == 0 || value > 0x10FFFF) ? 0xFFFD : value;
    return q + 1 - p;
  }
  u32 name_start = q;
  while (q < end && q - name_start < 8 && (is_ascii_alpha(html_bytes[q]) ||
                                           is_ascii_digit(html_bytes[q]))) {
    q++;
  }
  if (q >= end || html_bytes[q] != ';') return 0;
  for (u32 i = 0; i < sizeof HTML_ENTITIES / sizeof HTML_ENTITIES[0]; i++) {
    const char *name = HTML_ENTITIES[i].name;
    u32 n = 0;
    while (name[n] && name_start + n < q && html_bytes[name_start + n] == (u8)name[n]) n++;
    if (name[n] == 0 && name_start + n == q) {
      *code_point = HTML_ENTITIES[i].code_point;
      return q + 1 - p;
    }
  }
  return 0;
}

// Reads one unit of text at *pos: a decoded character reference (returns 1, sets *code_point),
// or a single raw byte (returns 0, sets *code_point to the byte). Raw bytes of multi-byte UTF-8
// characters pass through one at a time, unchanged.
static inline int html_text_unit(u32 *pos, u32 end, u32 *code_point) {
  u32 p = *pos;
  if (html_bytes[p] == '&') {
    u32 n = html_char_ref(p, end, code_point);
    if (n > 0) {
      *pos = p + n;
      return 1;
    }
  }
  *code_point = html_bytes[p];
  *pos = p + 1;
  return 0;
}

#endif
