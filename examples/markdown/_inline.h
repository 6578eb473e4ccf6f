// The inline half of markdown-basic.c: code spans, emphasis, links, images, autolinks, inline
// HTML and backslash escapes inside one block. Included once, after include/qip_stage.h.
#ifndef QIP_MARKDOWN_INLINE_H
#define QIP_MARKDOWN_INLINE_H

#include "_document.h"

// Deeper nesting is rendered as text instead of recursing further: it keeps the stack small
// however the input is written.
#define MAX_INLINE_DEPTH 24u
// Longer backtick strings never open a code span, so the per-length search cursors stay few.
#define MAX_CODE_TICKS 16u

#define NONE 0xffffffffu

static inline int is_blank(uint8_t c) { return c == ' ' || c == '\t'; }
static inline int is_alnum(uint8_t c) { return is_ascii_alpha(c) || is_ascii_digit(c); }
static inline int is_punct(uint8_t c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
         (c >= '{' && c <= '~');
}

// A block's inline text (its lines trimmed and joined with '\n') is first copied into `text`,
// then prepared in two linear passes and rendered left to right. The passes record in `marks`,
// at the position of an opening character, where its construct ends:
//   '`' → end of the code span     '<' → end of the autolink or HTML tag
//   '[' → index of the matching ']'  '(' → index of the matching ')'
// and 0 where there is none. Knowing these up front means that no search for a closing
// delimiter ever rescans the rest of the block, so even hostile input renders in linear time
// (times the nesting depth), well within the host's time limit.

static uint8_t text[QIP_INPUT_CAP];
static uint32_t text_len;
static uint32_t marks[QIP_INPUT_CAP + 1];
static uint32_t tick_run_start[QIP_INPUT_CAP / 2 + 1];
static uint32_t tick_run_len[QIP_INPUT_CAP / 2 + 1];
static uint32_t bracket_stack[QIP_INPUT_CAP];
static uint32_t paren_stack[QIP_INPUT_CAP];

static uint32_t run_length(uint32_t i, uint32_t end) {
  uint32_t j = i;
  while (j < end && text[j] == text[i]) j++;
  return j - i;
}

// --- Pass 1: code spans, autolinks and HTML tags --------------------------------------------
// These are atomic: nothing inside them is Markdown. Code spans are found by matching each
// backtick string with the next string of the same length; one cursor per length walks the list
// of strings forward only, because openers are met in increasing order.

static uint32_t tick_runs;
static uint32_t tick_cursor[MAX_CODE_TICKS + 1];

static void collect_tick_runs(void) {
  tick_runs = 0;
  for (uint32_t i = 0; i < text_len;) {
    if (text[i] != '`') {
      i++;
      continue;
    }
    uint32_t length = run_length(i, text_len);
    tick_run_start[tick_runs] = i;
    tick_run_len[tick_runs] = length;
    tick_runs++;
    i += length;
  }
  for (uint32_t length = 0; length <= MAX_CODE_TICKS; length++) tick_cursor[length] = 0;
}

// Start of the first backtick string of exactly `length` ticks at or after `from`, or NONE.
static uint32_t find_tick_run(uint32_t from, uint32_t length) {
  uint32_t *cursor = &tick_cursor[length];
  while (*cursor < tick_runs &&
         (tick_run_start[*cursor] < from || tick_run_len[*cursor] != length)) {
    (*cursor)++;
  }
  return *cursor < tick_runs ? tick_run_start[*cursor] : NONE;
}

// End of an autolink or HTML tag opening at `i` ('<'), or 0. A tag may span lines but never
// contains another '<', which also bounds every scan by the next '<'.
static uint32_t angle_end(uint32_t i) {
  uint32_t p = i + 1;
  if (p < text_len && text[p] == '/') p++;
  int declaration = p == i + 1 && p < text_len && (text[p] == '!' || text[p] == '?');
  if (p >= text_len || !(is_ascii_alpha(text[p]) || declaration)) return 0;
  for (; p < text_len; p++) {
    if (text[p] == '>') return p + 1;
    if (text[p] == '<') return 0;
  }
  return 0;
}

static void mark_atoms(void) {
  collect_tick_runs();
  for (uint32_t i = 0; i < text_len;) {
    uint8_t c = text[i];
    if (c == '\\' && i + 1 < text_len && is_punct(text[i + 1])) {
      i += 2;
    } else if (c == '`') {
      uint32_t length = run_length(i, text_len);
      uint32_t close = length <= MAX_CODE_TICKS ? find_tick_run(i + length, length) : NONE;
      marks[i] = close == NONE ? 0 : close + length;
      i = close == NONE ? i + length : close + length;
    } else if (c == '<') {
      marks[i] = angle_end(i);
      i = marks[i] != 0 ? marks[i] : i + 1;
    } else {
      i++;
    }
  }
}

// Where scanning resumes after a backslash escape, code span, autolink or tag starting at `i`,
// or `i` itself. Every later search goes through here, so a `*`, `]` or `)` inside code never
// counts as a delimiter.
static uint32_t skip_atom(uint32_t i, uint32_t end) {
  uint8_t c = text[i];
  if (c == '\\' && i + 1 < end && is_punct(text[i + 1])) return i + 2;
  if ((c == '`' || c == '<') && marks[i] != 0 && marks[i] <= end) return marks[i];
  if (c == '`') return i + run_length(i, end);
  return i;
}

// --- Pass 2: brackets and parentheses --------------------------------------------------------

static void mark_brackets(void) {
  uint32_t brackets = 0, parens = 0;
  for (uint32_t i = 0; i < text_len;) {
    uint32_t next = skip_atom(i, text_len);
    if (next != i) {
      i = next;
      continue;
    }
    switch (text[i]) {
    case '[': bracket_stack[brackets++] = i; break;
    case '(': paren_stack[parens++] = i; break;
    case ']':
      if (brackets > 0) marks[bracket_stack[--brackets]] = i;
      break;
    case ')':
      if (parens > 0) marks[paren_stack[--parens]] = i;
      break;
    }
    i++;
  }
}

// --- Rendering -------------------------------------------------------------------------------

static void render_span(uint32_t start, uint32_t end, uint32_t depth);

// An attribute value: escaped for the quotes it sits in, with backslash escapes resolved
// (`[a](x\_y)` links to `x_y`).
static void emit_attribute(uint32_t start, uint32_t end) {
  for (uint32_t i = start; i < end; i++) {
    if (text[i] == '\\' && i + 1 < end && is_punct(text[i + 1])) i++;
    put_escaped(&html, &text[i], 1);
  }
}

static uint32_t render_code_span(uint32_t i, uint32_t end) {
  uint32_t ticks = run_length(i, end);
  uint32_t close = marks[i];
  if (close == 0 || close > end) {
    put_bytes(&html, &text[i], ticks);
    return i + ticks;
  }
  uint32_t start = i + ticks, stop = close - ticks;
  // One space of padding on both sides lets a span begin or end with a backtick (`` ` ``).
  int all_spaces = 1;
  for (uint32_t p = start; p < stop; p++) all_spaces &= text[p] == ' ' || text[p] == '\n';
  if (!all_spaces && is_ascii_space(text[start]) && is_ascii_space(text[stop - 1])) {
    start++;
    stop--;
  }
  put_str(&html, "<code>");
  for (uint32_t p = start; p < stop; p++) {
    if (text[p] == '\n') put_byte(&html, ' ');
    else put_escaped(&html, &text[p], 1);
  }
  put_str(&html, "</code>");
  return close;
}

// `<scheme:rest>` is a link; anything else that pass 1 marked is an HTML tag, copied as is.
static void render_angle(uint32_t i, uint32_t end) {
  uint32_t p = i + 1;
  while (p < end && (is_alnum(text[p]) || text[p] == '+' || text[p] == '.' || text[p] == '-')) {
    p++;
  }
  int autolink = p - (i + 1) >= 2 && p - (i + 1) <= 32 && p < end && text[p] == ':';
  for (uint32_t q = p; autolink && q < end - 1; q++) autolink = text[q] > ' ';
  if (!autolink) {
    put_bytes(&html, &text[i], end - i);
    return;
  }
  put_str(&html, "<a href=\"");
  emit_attribute(i + 1, end - 1);
  put_str(&html, "\">");
  put_escaped(&html, &text[i + 1], end - 1 - (i + 1));
  put_str(&html, "</a>");
}

typedef struct {
  uint32_t url_start, url_end;
  uint32_t title_start, title_end; // equal when there is no title
  uint32_t after;                  // just past the closing ')'
} Destination;

static uint32_t skip_spaces(uint32_t p, uint32_t end) {
  while (p < end && is_ascii_space(text[p])) p++;
  return p;
}

// Parses `(url "title")` whose '(' is at p - 1. Balanced parentheses may appear in the URL;
// pass 2 paired them, so a nested group is stepped over in one jump.
static int parse_destination(uint32_t p, uint32_t end, Destination *out) {
  p = skip_spaces(p, end);
  if (p < end && text[p] == '<') {
    uint32_t q = p + 1;
    while (q < end && text[q] != '>' && text[q] != '<' && text[q] != '\n') q++;
    if (q >= end || text[q] != '>') return 0;
    out->url_start = p + 1;
    out->url_end = q;
    p = q + 1;
  } else {
    out->url_start = p;
    while (p < end && text[p] > ' ' && text[p] != ')') {
      if (text[p] == '\\' && p + 1 < end && is_punct(text[p + 1])) {
        p += 2;
      } else if (text[p] == '(') {
        if (marks[p] == 0 || marks[p] >= end) return 0;
        p = marks[p] + 1;
      } else {
        p++;
      }
    }
    out->url_end = p;
  }
  p = skip_spaces(p, end);
  out->title_start = out->title_end = p;
  if (p < end && (text[p] == '"' || text[p] == '\'')) {
    uint8_t quote = text[p];
    uint32_t q = p + 1;
    while (q < end && text[q] != quote) q += text[q] == '\\' && q + 1 < end ? 2 : 1;
    if (q >= end) return 0;
    out->title_start = p + 1;
    out->title_end = q;
    p = skip_spaces(q + 1, end);
  }
  if (p >= end || text[p] != ')') return 0;
  out->after = p + 1;
  return 1;
}

// Whether the '[' at `open` starts a link (`[text](dest)`) that ends by `end`.
static int link_at(uint32_t open, uint32_t end, Destination *dest) {
  uint32_t close = marks[open];
  return close != 0 && close + 1 < end && text[close + 1] == '(' &&
         parse_destination(close + 2, end, dest);
}

// Renders `[text](dest)` or `![alt](dest)` at `i`; returns where rendering resumes, or 0 when
// this is not a link (the caller then emits the '!' or '[' as text).
static uint32_t render_link(uint32_t i, uint32_t end, uint32_t depth) {
  int image = text[i] == '!';
  uint32_t open = image ? i + 1 : i;
  uint32_t close = marks[open];
  Destination dest;
  if (!link_at(open, end, &dest)) return 0;
  put_str(&html, image ? "<img src=\"" : "<a href=\"");
  emit_attribute(dest.url_start, dest.url_end);
  if (image) {
    put_str(&html, "\" alt=\"");
    emit_attribute(open + 1, close);
  }
  put_byte(&html, '"');
  if (dest.title_end > dest.title_start) {
    put_str(&html, " title=\"");
    emit_attribute(dest.title_start, dest.title_end);
    put_byte(&html, '"');
  }
  put_byte(&html, '>');
  if (!image) {
    render_span(open + 1, close, depth + 1);
    put_str(&html, "</a>");
  }
  return dest.after;
}

// The five delimiter kinds, for the "no closer after here" memo in render_span.
enum { EMPH_STAR_1, EMPH_STAR_2, EMPH_UNDERSCORE_1, EMPH_UNDERSCORE_2, EMPH_TILDE_2, EMPH_KINDS };

// Finds the closer for a `width`-character opener of `c` whose content starts at `from`: the
// end of the first run of `c` that follows non-space content. A run of exactly two never closes
// a single `*` (it belongs to a nested **strong**), and a run of one never closes a double.
// Links are stepped over, exactly as render_span steps over them, so that emphasis and links
// nest instead of overlapping (and so that the memo in render_emphasis holds).
static uint32_t find_closer(uint8_t c, uint32_t width, uint32_t from, uint32_t end) {
  for (uint32_t p = from; p < end;) {
    uint32_t next = skip_atom(p, end);
    Destination dest;
    if (next == p && text[p] == '[' && link_at(p, end, &dest)) next = dest.after;
    if (next != p) {
      p = next;
      continue;
    }
    if (text[p] != c) {
      p++;
      continue;
    }
    uint32_t length = run_length(p, end);
    int closes =
        p > from && !is_ascii_space(text[p - 1]) && (width == 1 ? length != 2 : length >= 2);
    // snake_case_words: an underscore run followed by a letter or digit is inside a word.
    if (c == '_' && p + length < text_len && is_alnum(text[p + length])) closes = 0;
    if (closes) return p + length - width;
    p += length;
  }
  return NONE;
}

// Renders emphasis opening at `i`; returns where rendering resumes, or 0 to emit one
// delimiter character as text (so that `**a*` still finds the `*a*` inside).
static uint32_t render_emphasis(uint32_t i, uint32_t end, uint32_t depth,
                                uint32_t no_closer_from[EMPH_KINDS]) {
  uint8_t c = text[i];
  uint32_t length = run_length(i, end);
  if (length > 3) {
    put_bytes(&html, &text[i], length);
    return i + length;
  }
  if (c == '~' && length != 2) return 0;
  if (i + length >= end || is_ascii_space(text[i + length])) return 0;
  if (c == '_' && i > 0 && is_alnum(text[i - 1])) return 0;

  uint32_t width = length >= 2 ? 2 : 1;
  uint32_t kind = c == '~' ? EMPH_TILDE_2
                  : c == '*' ? (width == 1 ? EMPH_STAR_1 : EMPH_STAR_2)
                             : (width == 1 ? EMPH_UNDERSCORE_1 : EMPH_UNDERSCORE_2);
  uint32_t from = i + width;
  // A search that failed from some position fails from every later one in the same span
  // (closers do not depend on the opener), so it is never repeated: this keeps `*a *b *c…`
  // linear.
  if (from >= no_closer_from[kind]) return 0;
  uint32_t closer = find_closer(c, width, from, end);
  if (closer == NONE) {
    no_closer_from[kind] = from;
    return 0;
  }
  const char *tag = c == '~' ? "del" : width == 2 ? "strong" : "em";
  put_byte(&html, '<');
  put_str(&html, tag);
  put_byte(&html, '>');
  render_span(from, closer, depth + 1);
  put_str(&html, "</");
  put_str(&html, tag);
  put_byte(&html, '>');
  return closer + width;
}

static void render_span(uint32_t start, uint32_t end, uint32_t depth) {
  uint32_t no_closer_from[EMPH_KINDS];
  for (uint32_t kind = 0; kind < EMPH_KINDS; kind++) no_closer_from[kind] = NONE;

  for (uint32_t i = start; i < end;) {
    uint8_t c = text[i];
    uint32_t next = 0;
    if (c == '\\' && i + 1 < end && is_punct(text[i + 1])) {
      // An escaped '<' or '&' must not turn into markup again.
      put_escaped(&html, &text[i + 1], 1);
      next = i + 2;
    } else if (c == '`') {
      next = render_code_span(i, end);
    } else if (c == '<' && marks[i] != 0 && marks[i] <= end) {
      render_angle(i, marks[i]);
      next = marks[i];
    } else if (depth < MAX_INLINE_DEPTH) {
      if (c == '[' || (c == '!' && i + 1 < end && text[i + 1] == '[')) {
        next = render_link(i, end, depth);
      } else if (c == '*' || c == '_' || c == '~') {
        next = render_emphasis(i, end, depth, no_closer_from);
      }
    }
    if (next == 0) {
      put_byte(&html, c);
      next = i + 1;
    }
    i = next;
  }
}

// Renders text[0, text_len).
static void render_inline(void) {
  __builtin_memset(marks, 0, (text_len + 1) * sizeof marks[0]);
  mark_atoms();
  mark_brackets();
  render_span(0, text_len, 0);
}

#endif
