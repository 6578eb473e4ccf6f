// markdown-basic: renders a Markdown subset as an HTML fragment (run contract, UTF-8 in and out).
// qip-build: -Wl,--stack-first -Wl,-z,stack-size=131072
//
// Blocks: ATX headings, paragraphs, thematic breaks, bullet and ordered lists (nested by
// indentation), `>` quotes, fenced code, HTML blocks, GFM pipe tables and a leading `---` front
// matter, which is dropped. Inline: code spans, **strong**, *em*, ~~del~~, [links](url "title"),
// ![images](src), <scheme:autolinks>, raw inline HTML and backslash escapes.
//
// Text is copied without escaping, so Markdown can carry raw HTML and entities; only code (where
// `<b>` is meant literally) and attribute values are escaped. Left out on purpose: setext
// headings, indented code blocks, reference links, hard line breaks and entity decoding.
//
// Every block ends with a newline. The inline half of the renderer is in markdown/_inline.h;
// the document and the output writer (overflow → empty output) in markdown/_document.h.
//
// Also built as examples/recipes/text/markdown/10-markdown-basic.wasm, whose source includes this
// file: keep the qip-build line above and the one there identical.

#define QIP_INPUT_CAP (128u * 1024u)
#define QIP_OUTPUT_CAP (256u * 1024u)

#include "include/qip_stage.h"
#include "markdown/_inline.h"

// Lists nested deeper than this continue as siblings at the deepest level.
#define MAX_LIST_DEPTH 16u
#define MAX_TABLE_COLUMNS 128u

// The inline renderer works on `text`; blocks fill it from the input.
static void text_append(uint32_t start, uint32_t end) {
  __builtin_memcpy(text + text_len, qip_input + start, end - start);
  text_len += end - start;
}

// =============================================================================================
// Lines and block recognition

typedef struct {
  uint32_t start; // first byte
  uint32_t end;   // end of the content: before "\n" or "\r\n"
  uint32_t next;  // start of the next line
} Line;

static Line line_at(uint32_t pos) {
  Line line = {pos, pos, pos};
  while (line.end < input_len && qip_input[line.end] != '\n') line.end++;
  line.next = line.end < input_len ? line.end + 1 : line.end;
  if (line.end > line.start && qip_input[line.end - 1] == '\r') line.end--;
  return line;
}

// Indentation in columns (tabs stop every 4) and the first non-blank byte.
static uint32_t indent_of(Line line, uint32_t *first) {
  uint32_t columns = 0, p = line.start;
  for (; p < line.end && is_blank(qip_input[p]); p++) {
    columns = qip_input[p] == '\t' ? columns / 4 * 4 + 4 : columns + 1;
  }
  *first = p;
  return columns;
}

static uint32_t trim_end(uint32_t start, uint32_t end) {
  while (end > start && is_ascii_space(qip_input[end - 1])) end--;
  return end;
}

static uint32_t trim_start(uint32_t start, uint32_t end) {
  while (start < end && is_ascii_space(qip_input[start])) start++;
  return start;
}

static int is_blank_line(Line line) { return trim_start(line.start, line.end) == line.end; }

// Adds a line to the inline text, without its indentation and trailing blanks.
static void text_append_line(uint32_t start, uint32_t end) {
  start = trim_start(start, end);
  text_append(start, trim_end(start, end));
}

// `#` to `######` followed by a blank or the end of the line; returns the level or 0.
static uint32_t heading_level(uint32_t p, uint32_t end) {
  uint32_t level = 0;
  while (p + level < end && qip_input[p + level] == '#') level++;
  if (level == 0 || level > 6 || (p + level < end && !is_blank(qip_input[p + level]))) return 0;
  return level;
}

// Three or more of one of `-`, `*`, `_`, possibly spaced out (`- - -`).
static int is_rule(uint32_t p, uint32_t end) {
  uint8_t c = qip_input[p];
  uint32_t count = 0;
  if (c != '-' && c != '*' && c != '_') return 0;
  for (; p < end; p++) {
    if (qip_input[p] == c) count++;
    else if (!is_blank(qip_input[p])) return 0;
  }
  return count >= 3;
}

typedef struct {
  int ok;
  int ordered;
  uint32_t indent;       // columns before the marker
  uint32_t start_number; // ordered lists only
  uint32_t content;      // first byte of the item's text
} Item;

static Item parse_item(Line line) {
  Item item = {0, 0, 0, 0, 0};
  uint32_t p;
  item.indent = indent_of(line, &p);
  if (p < line.end && (qip_input[p] == '-' || qip_input[p] == '*' || qip_input[p] == '+')) {
    p++;
  } else {
    uint32_t digits = 0;
    while (p + digits < line.end && is_ascii_digit(qip_input[p + digits]) && digits < 9) {
      item.start_number = item.start_number * 10 + (uint32_t)(qip_input[p + digits] - '0');
      digits++;
    }
    if (digits == 0 || p + digits >= line.end ||
        (qip_input[p + digits] != '.' && qip_input[p + digits] != ')')) {
      return item;
    }
    item.ordered = 1;
    p += digits + 1;
  }
  // `-x` and `1.5` are text: the marker needs a blank after it (or nothing at all).
  if (p < line.end && !is_blank(qip_input[p])) return item;
  item.ok = 1;
  item.content = trim_start(p, line.end);
  return item;
}

typedef enum {
  HTML_NONE,
  HTML_UNTIL_BLANK,   // block-level tags: up to the next blank line
  HTML_UNTIL_COMMENT, // `<!--`: up to the line holding `-->`
  HTML_UNTIL_RAW_END, // pre, script, style, textarea: up to their end tag (blank lines allowed)
} HtmlBlock;

// Whether input[p, p + length) is `word` (lower case) in any case.
static int equals_ci(uint32_t p, uint32_t length, const char *word) {
  uint32_t i = 0;
  for (; i < length && word[i] != '\0'; i++) {
    if (ascii_lower(qip_input[p + i]) != (uint8_t)word[i]) return 0;
  }
  return i == length && word[i] == '\0';
}

static int contains_ci(uint32_t start, uint32_t end, const char *needle) {
  uint32_t length = c_string_length(needle);
  for (uint32_t p = start; p + length <= end; p++) {
    if (equals_ci(p, length, needle)) return 1;
  }
  return 0;
}

// The HTML elements that start a block (as in CommonMark), so that `<div>` lines pass through
// while `<span>` or an unknown `<tag>` at the start of a line is paragraph text.
static const char *const BLOCK_TAGS[] = {
    "address", "article", "aside", "base", "basefont", "blockquote", "body", "caption", "center",
    "col", "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5",
    "h6", "head", "header", "hr", "html", "iframe", "legend", "li", "link", "main", "menu",
    "menuitem", "nav", "noframes", "ol", "optgroup", "option", "p", "param", "search", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "track", "ul"};
static const char *const RAW_TAGS[] = {"pre", "script", "style", "textarea"};

static HtmlBlock html_block_at(uint32_t p, uint32_t end) {
  if (p >= end || qip_input[p] != '<') return HTML_NONE;
  if (p + 4 <= end && equals_ci(p, 4, "<!--")) return HTML_UNTIL_COMMENT;
  uint32_t name = p + 1;
  int closing = name < end && qip_input[name] == '/';
  if (closing) name++;
  uint32_t length = 0;
  while (name + length < end && is_alnum(qip_input[name + length])) length++;
  uint32_t after = name + length;
  if (length == 0 ||
      !(after == end || is_blank(qip_input[after]) || qip_input[after] == '>' ||
        (qip_input[after] == '/' && after + 1 < end && qip_input[after + 1] == '>'))) {
    return HTML_NONE;
  }
  for (uint32_t i = 0; !closing && i < sizeof RAW_TAGS / sizeof RAW_TAGS[0]; i++) {
    if (equals_ci(name, length, RAW_TAGS[i])) return HTML_UNTIL_RAW_END;
  }
  for (uint32_t i = 0; i < sizeof BLOCK_TAGS / sizeof BLOCK_TAGS[0]; i++) {
    if (equals_ci(name, length, BLOCK_TAGS[i])) return HTML_UNTIL_BLANK;
  }
  return HTML_NONE;
}

// --- Pipe tables -------------------------------------------------------------------------------

// Walks the cells of one table row: `| a | b |`, `a | b` and `| a` all have the cells a, b (or a).
typedef struct {
  uint32_t pos, end;
  int done;
} Cells;

static Cells cells_of(Line line) {
  uint32_t start = trim_start(line.start, line.end), end = trim_end(start, line.end);
  if (start < end && qip_input[start] == '|') start++;
  if (end > start && qip_input[end - 1] == '|' &&
      !(end - 1 > start && qip_input[end - 2] == '\\')) {
    end--;
  }
  Cells cells = {start, end, 0};
  return cells;
}

static int next_cell(Cells *cells, uint32_t *start, uint32_t *end) {
  if (cells->done) return 0;
  uint32_t p = cells->pos;
  while (p < cells->end &&
         !(qip_input[p] == '|' && !(p > cells->pos && qip_input[p - 1] == '\\'))) {
    p++;
  }
  *start = trim_start(cells->pos, p);
  *end = trim_end(*start, p);
  if (p >= cells->end) cells->done = 1;
  else cells->pos = p + 1;
  return 1;
}

static uint32_t count_cells(Line line) {
  Cells cells = cells_of(line);
  uint32_t start, end, count = 0;
  while (next_cell(&cells, &start, &end)) count++;
  return count;
}

static int has_pipe(Line line) {
  for (uint32_t p = line.start; p < line.end; p++) {
    if (qip_input[p] == '|' && !(p > line.start && qip_input[p - 1] == '\\')) return 1;
  }
  return 0;
}

typedef enum { ALIGN_NONE, ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT } Align;

// Reads a delimiter row (`| --- | :-: |`) into `aligns`; returns the column count, 0 if the line
// is not one.
static uint32_t parse_delimiter_row(Line line, Align aligns[MAX_TABLE_COLUMNS]) {
  Cells cells = cells_of(line);
  uint32_t start, end, count = 0;
  while (next_cell(&cells, &start, &end)) {
    int left = start < end && qip_input[start] == ':';
    int right = end > start + left && qip_input[end - 1] == ':';
    uint32_t dashes = 0;
    for (uint32_t p = start + left; p < end - right; p++) {
      if (qip_input[p] != '-') return 0;
      dashes++;
    }
    if (dashes == 0 || count == MAX_TABLE_COLUMNS) return 0;
    aligns[count++] = left && right ? ALIGN_CENTER
                      : left        ? ALIGN_LEFT
                      : right       ? ALIGN_RIGHT
                                    : ALIGN_NONE;
  }
  return count;
}

// A table starts at a line with a pipe followed by a delimiter row with as many cells.
static int is_table_start(Line line) {
  if (!has_pipe(line) || line.next >= input_len) return 0;
  Align aligns[MAX_TABLE_COLUMNS];
  uint32_t columns = parse_delimiter_row(line_at(line.next), aligns);
  return columns != 0 && columns == count_cells(line);
}

// --- Classification ----------------------------------------------------------------------------

typedef enum {
  BLOCK_BLANK,
  BLOCK_PARAGRAPH, // also: a continuation line of a paragraph, list item or table
  BLOCK_HEADING,
  BLOCK_RULE,
  BLOCK_FENCE,
  BLOCK_QUOTE,
  BLOCK_LIST,
  BLOCK_HTML,
  BLOCK_TABLE,
} BlockKind;

// An opening code fence: three or more backticks or tildes (a backtick fence's info string may
// not contain backticks, or "```x``` text" would be one).
static int fence_at(uint32_t p, uint32_t end, uint8_t *fence_char, uint32_t *fence_len) {
  uint32_t length = 0;
  if (p >= end || (qip_input[p] != '`' && qip_input[p] != '~')) return 0;
  uint8_t c = qip_input[p];
  while (p + length < end && qip_input[p + length] == c) length++;
  if (length < 3) return 0;
  for (uint32_t q = p + length; c == '`' && q < end; q++) {
    if (qip_input[q] == '`') return 0;
  }
  *fence_char = c;
  *fence_len = length;
  return 1;
}

static BlockKind classify(Line line) {
  uint32_t p;
  uint32_t indent = indent_of(line, &p);
  uint8_t fence_char;
  uint32_t fence_len;
  if (p == line.end) return BLOCK_BLANK;
  // Up to three spaces of indentation are allowed before a block marker; more makes the line
  // text (there are no indented code blocks). List items may be indented any amount: that is
  // how they nest.
  if (indent <= 3) {
    if (fence_at(p, line.end, &fence_char, &fence_len)) return BLOCK_FENCE;
    if (heading_level(p, line.end) != 0) return BLOCK_HEADING;
    if (is_rule(p, line.end)) return BLOCK_RULE; // before lists: `- - -` is a rule
    if (qip_input[p] == '>') return BLOCK_QUOTE;
    if (html_block_at(p, line.end) != HTML_NONE) return BLOCK_HTML;
  }
  if (parse_item(line).ok) return BLOCK_LIST;
  if (is_table_start(line)) return BLOCK_TABLE;
  return BLOCK_PARAGRAPH;
}

// =============================================================================================
// Block rendering. Each function starts at the block's first line and returns the position of
// the first line after it.

static void render_heading(uint32_t p, uint32_t end) {
  uint32_t level = heading_level(p, end);
  uint32_t start = trim_start(p + level, end);
  end = trim_end(start, end);
  // An optional closing sequence (`## Title ##`) is not part of the title.
  uint32_t q = end;
  while (q > start && qip_input[q - 1] == '#') q--;
  if (q == start || is_blank(qip_input[q - 1])) end = trim_end(start, q);
  put_str(&html, "<h");
  put_uint(&html, level);
  put_byte(&html, '>');
  text_len = 0;
  text_append(start, end);
  render_inline();
  put_str(&html, "</h");
  put_uint(&html, level);
  put_str(&html, ">\n");
}

// Appends the lines from `pos` on that continue a paragraph (or a list item's text) to `text`;
// returns where the first line that does not continue it starts.
static uint32_t append_continuation_lines(uint32_t pos) {
  while (pos < input_len) {
    Line next = line_at(pos);
    if (classify(next) != BLOCK_PARAGRAPH) break;
    text[text_len++] = '\n';
    text_append_line(next.start, next.end);
    pos = next.next;
  }
  return pos;
}

static uint32_t render_paragraph(Line line) {
  text_len = 0;
  text_append_line(line.start, line.end);
  uint32_t pos = append_continuation_lines(line.next);
  put_str(&html, "<p>");
  render_inline();
  put_str(&html, "</p>\n");
  return pos;
}

static uint32_t render_fence(Line line) {
  uint32_t p;
  uint32_t indent = indent_of(line, &p);
  uint8_t fence_char;
  uint32_t fence_len;
  fence_at(p, line.end, &fence_char, &fence_len);
  // The first word of the info string names the language (```js title="x" → js).
  uint32_t info = trim_start(p + fence_len, line.end), info_end = info;
  while (info_end < line.end && !is_blank(qip_input[info_end])) info_end++;
  put_str(&html, "<pre><code");
  if (info_end > info) {
    put_str(&html, " class=\"language-");
    text_len = 0;
    text_append(info, info_end);
    emit_attribute(0, text_len);
    put_byte(&html, '"');
  }
  put_byte(&html, '>');
  uint32_t pos = line.next;
  while (pos < input_len) {
    Line next = line_at(pos);
    pos = next.next;
    uint32_t q;
    uint32_t next_indent = indent_of(next, &q);
    uint8_t close_char;
    uint32_t close_len;
    if (next_indent <= 3 && fence_at(q, next.end, &close_char, &close_len) &&
        close_char == fence_char && close_len >= fence_len &&
        trim_start(q + close_len, next.end) == next.end) {
      break;
    }
    // Content lines lose as much indentation as the opening fence had.
    uint32_t start = next.start;
    for (uint32_t removed = 0; removed < indent && start < next.end && qip_input[start] == ' ';) {
      start++;
      removed++;
    }
    put_escaped(&html, &qip_input[start], next.end - start);
    put_byte(&html, '\n');
  }
  put_str(&html, "</code></pre>\n");
  return pos;
}

// Each quoted line is its own block (`> hi` / `> there` are two paragraphs): a heading, a rule
// or a one-line paragraph. Nothing else nests inside a quote.
static uint32_t render_quote(Line line) {
  put_str(&html, "<blockquote>\n");
  uint32_t pos = line.start;
  while (pos < input_len) {
    Line next = line_at(pos);
    if (classify(next) != BLOCK_QUOTE) break;
    pos = next.next;
    uint32_t p;
    indent_of(next, &p);
    p++;
    uint32_t start = trim_start(p, next.end), end = trim_end(start, next.end);
    if (start == end) continue;
    if (heading_level(start, end) != 0) {
      render_heading(start, end);
    } else if (is_rule(start, end)) {
      put_str(&html, "<hr>\n");
    } else {
      put_str(&html, "<p>");
      text_len = 0;
      text_append(start, end);
      render_inline();
      put_str(&html, "</p>\n");
    }
  }
  put_str(&html, "</blockquote>\n");
  return pos;
}

static uint32_t skip_blank_lines(uint32_t pos) {
  while (pos < input_len) {
    Line line = line_at(pos);
    if (!is_blank_line(line)) break;
    pos = line.next;
  }
  return pos;
}

// A list of items of one kind (bullet or ordered). An item holds its text (following lines that
// are not a new block continue it) and then any lists indented at least two columns deeper than
// its marker. Blank lines between items do not end the list.
static uint32_t render_list(Line first, uint32_t depth) {
  Item item = parse_item(first);
  uint32_t list_indent = item.indent;
  int ordered = item.ordered;
  if (!ordered) {
    put_str(&html, "<ul>\n");
  } else if (item.start_number != 1) {
    put_str(&html, "<ol start=\"");
    put_uint(&html, item.start_number);
    put_str(&html, "\">\n");
  } else {
    put_str(&html, "<ol>\n");
  }

  uint32_t pos = first.start;
  for (;;) {
    Line line = line_at(pos);
    item = parse_item(line);
    text_len = 0;
    text_append(item.content, trim_end(item.content, line.end));
    pos = append_continuation_lines(line.next);
    put_str(&html, "<li>");
    render_inline();

    int can_nest = depth + 1 < MAX_LIST_DEPTH;
    for (;;) {
      uint32_t at = skip_blank_lines(pos);
      if (at >= input_len || !can_nest) break;
      Line next = line_at(at);
      if (classify(next) != BLOCK_LIST || parse_item(next).indent < list_indent + 2) break;
      pos = render_list(next, depth + 1);
    }
    put_str(&html, "</li>\n");

    uint32_t at = skip_blank_lines(pos);
    if (at >= input_len) break;
    Line next = line_at(at);
    if (classify(next) != BLOCK_LIST) break;
    Item sibling = parse_item(next);
    // Less indented than this list: the item belongs to an enclosing list (at the top level
    // there is none, so it is still ours). Deeper items only get here at the depth limit.
    if (sibling.ordered != ordered || (depth > 0 && sibling.indent < list_indent)) break;
    if (sibling.indent >= list_indent + 2 && can_nest) break;
    pos = at;
  }
  put_str(&html, ordered ? "</ol>\n" : "</ul>\n");
  return pos;
}

static uint32_t render_html_block(Line line) {
  uint32_t p;
  indent_of(line, &p);
  HtmlBlock kind = html_block_at(p, line.end);
  uint32_t pos = line.start;
  while (pos < input_len) {
    Line next = line_at(pos);
    if (kind == HTML_UNTIL_BLANK && is_blank_line(next)) break;
    put_bytes(&html, &qip_input[next.start], next.end - next.start);
    put_byte(&html, '\n');
    pos = next.next;
    if ((kind == HTML_UNTIL_COMMENT && contains_ci(next.start, next.end, "-->")) ||
        (kind == HTML_UNTIL_RAW_END &&
         (contains_ci(next.start, next.end, "</pre>") ||
          contains_ci(next.start, next.end, "</script>") ||
          contains_ci(next.start, next.end, "</style>") ||
          contains_ci(next.start, next.end, "</textarea>")))) {
      break;
    }
  }
  return pos;
}

static void render_cell(const char *tag, Align align, uint32_t start, uint32_t end) {
  static const char *const ALIGN_ATTRIBUTES[] = {"", " align=\"left\"", " align=\"center\"",
                                                 " align=\"right\""};
  put_byte(&html, '<');
  put_str(&html, tag);
  put_str(&html, ALIGN_ATTRIBUTES[align]);
  put_byte(&html, '>');
  // `\|` is how a cell holds a pipe, even inside code: it is unescaped before anything else.
  text_len = 0;
  for (uint32_t p = start; p < end; p++) {
    if (!(qip_input[p] == '\\' && p + 1 < end && qip_input[p + 1] == '|')) {
      text[text_len++] = qip_input[p];
    }
  }
  render_inline();
  put_str(&html, "</");
  put_str(&html, tag);
  put_byte(&html, '>');
}

// Cells past the header's count are dropped and missing ones are added empty, so every row has
// the header's columns.
static void render_row(Line line, const char *tag, const Align *aligns, uint32_t columns) {
  Cells cells = cells_of(line);
  put_str(&html, "<tr>");
  for (uint32_t column = 0; column < columns; column++) {
    uint32_t start = 0, end = 0;
    if (!next_cell(&cells, &start, &end)) start = end = 0;
    render_cell(tag, aligns[column], start, end);
  }
  put_str(&html, "</tr>\n");
}

static uint32_t render_table(Line header) {
  Align aligns[MAX_TABLE_COLUMNS];
  Line delimiter = line_at(header.next);
  uint32_t columns = parse_delimiter_row(delimiter, aligns);
  put_str(&html, "<table>\n<thead>\n");
  render_row(header, "th", aligns, columns);
  put_str(&html, "</thead>\n");
  uint32_t pos = delimiter.next, rows = 0;
  while (pos < input_len) {
    Line row = line_at(pos);
    if (classify(row) != BLOCK_PARAGRAPH) break;
    if (rows++ == 0) put_str(&html, "<tbody>\n");
    render_row(row, "td", aligns, columns);
    pos = row.next;
  }
  if (rows > 0) put_str(&html, "</tbody>\n");
  put_str(&html, "</table>\n");
  return pos;
}

static int is_front_matter_fence(Line line, const char *fence) {
  return trim_end(line.start, line.end) == line.start + 3 && equals_ci(line.start, 3, fence);
}

// A document that opens with a `---` line and has a closing `---` (or `...`) line starts with
// front matter (metadata for other tools), which is not rendered.
static uint32_t skip_front_matter(uint32_t pos) {
  Line line = line_at(pos);
  if (!is_front_matter_fence(line, "---")) return pos;
  for (uint32_t next = line.next; next < input_len;) {
    Line inner = line_at(next);
    if (is_front_matter_fence(inner, "---") || is_front_matter_fence(inner, "...")) {
      return inner.next;
    }
    next = inner.next;
  }
  return pos;
}

static void render_document(void) {
  uint32_t pos = 0;
  // A byte order mark is an encoding detail, not content.
  if (input_len >= 3 && qip_input[0] == 0xef && qip_input[1] == 0xbb && qip_input[2] == 0xbf) {
    pos = 3;
  }
  pos = skip_front_matter(pos);
  while (pos < input_len) {
    Line line = line_at(pos);
    uint32_t p;
    indent_of(line, &p);
    switch (classify(line)) {
    case BLOCK_BLANK: pos = line.next; break;
    case BLOCK_HEADING:
      render_heading(p, line.end);
      pos = line.next;
      break;
    case BLOCK_RULE:
      put_str(&html, "<hr>\n");
      pos = line.next;
      break;
    case BLOCK_FENCE: pos = render_fence(line); break;
    case BLOCK_QUOTE: pos = render_quote(line); break;
    case BLOCK_LIST: pos = render_list(line, 0); break;
    case BLOCK_HTML: pos = render_html_block(line); break;
    case BLOCK_TABLE: pos = render_table(line); break;
    case BLOCK_PARAGRAPH: pos = render_paragraph(line); break;
    }
  }
}

QIP_EXPORT("run") uint32_t run(uint32_t input_size) {
  begin_output(input_size);
  render_document();
  return end_output();
}
