// Accessible names for html-link-extractor and html-aria-extractor: a compact reading of the
// W3C "Accessible Name and Description Computation" over the tokens of _html_scan.h.
//
// The order of sources follows that spec: aria-labelledby (the referenced elements' text), then
// aria-label, then what the element itself provides (an input's label or value, or its
// descendant text), then title. Descendant text skips hidden subtrees, uses a descendant's
// aria-label or an image's alt in place of its content, and has its whitespace collapsed, with
// block elements and <br> acting as spaces ("Hi <b>there</b>" gives "Hi there"). Non-breaking
// spaces count as whitespace because the result is printed as one plain line.
//
// Not covered: CSS (display:none), names from embedded form controls, and aria-labelledby
// chains inside referenced elements. Ids are compared as written, before entity decoding.
#ifndef QIP_HTML_NAMES_H
#define QIP_HTML_NAMES_H

#include "_html_scan.h"

// ---- Kinds of elements --------------------------------------------------------------------------

static inline int html_is_heading(html_span name) {
  return html_span_is(name, "h1") || html_span_is(name, "h2") || html_span_is(name, "h3") ||
         html_span_is(name, "h4") || html_span_is(name, "h5") || html_span_is(name, "h6");
}

// Elements that start on a new line when rendered, so their text does not run into the text
// around them.
static inline int html_is_block(html_span name) {
  static const char *const BLOCKS[] = {
      "address", "article", "aside",  "blockquote", "br",     "dd",     "div",  "dl",
      "dt",      "fieldset", "figcaption", "figure", "footer", "form",  "header", "hr",
      "li",      "main",    "nav",    "ol",         "p",      "pre",    "section", "table",
      "tbody",   "td",      "tfoot",  "th",         "thead",  "tr",     "ul"};
  if (html_is_heading(name)) return 1;
  for (u32 i = 0; i < sizeof BLOCKS / sizeof BLOCKS[0]; i++) {
    if (html_span_is(name, BLOCKS[i])) return 1;
  }
  return 0;
}

// ---- Where elements end -------------------------------------------------------------------------

// Names need the extent of elements: a link's text runs to its end tag. Scanning forward from
// every element would make deeply nested markup quadratic, so html_index_build matches start and
// end tags once, with a stack of open elements like a browser's parser, and records for each
// start tag (by its offset) where its content ends and where the whole element ends.
//
// The rules, simplified from the HTML parser: an end tag closes the innermost open element of
// its name and every element opened inside it (any heading end tag closes any heading); links,
// buttons and headings do not nest, so a new one closes the open one; void elements and "/>"
// tags are empty; elements never closed run to the end of the document. Elements nested more
// than 256 levels deep are treated as empty (Chrome's parser likewise stops nesting, at 512):
// the content walks of nested elements overlap, and the bound keeps the worst case, a page of
// thousands of nested, unclosed buttons, well inside the host's 100 ms budget.
#define HTML_MAX_INPUT 65536
#define HTML_MAX_DEPTH 256

#if defined(QIP_INPUT_CAP) && QIP_INPUT_CAP > HTML_MAX_INPUT
#error "the element tables of _html_names.h cover 64 KiB of input"
#endif

static u32 html_content_ends[HTML_MAX_INPUT]; // by start-tag offset: where its content ends
static u32 html_element_ends[HTML_MAX_INPUT]; // by start-tag offset: just past the element

// What a name computation needs to know about a tag, found once by html_index_build (by tag
// offset) so that walking an element's content does not parse every attribute list again.
enum {
  HTML_BLOCK = 1,    // starts or ends a block: acts as a space in names
  HTML_HIDDEN = 2,   // `hidden` or aria-hidden="true": not in the accessibility tree
  HTML_LABELLED = 4, // a non-blank aria-label, which replaces the element's content
  HTML_ALT = 8,      // an <img> or <area> with alt text
};
static u8 html_tag_flags[HTML_MAX_INPUT];

static inline u8 html_flags_of(const html_token *t) {
  u8 flags = html_is_block(t->name) ? HTML_BLOCK : 0;
  html_span value;
  if (t->kind != HTML_START_TAG) return flags;
  if (html_attr(t, "hidden", &value) ||
      (html_attr(t, "aria-hidden", &value) && html_span_is(html_trim(value), "true"))) {
    flags |= HTML_HIDDEN;
  }
  if (html_attr(t, "aria-label", &value) && html_trim(value).len > 0) flags |= HTML_LABELLED;
  if ((html_span_is(t->name, "img") || html_span_is(t->name, "area")) &&
      html_attr(t, "alt", &value)) {
    flags |= HTML_ALT;
  }
  return flags;
}

static inline int html_is_hidden(const html_token *tag) {
  return (html_tag_flags[tag->start] & HTML_HIDDEN) != 0;
}

typedef struct {
  u32 start;
  html_span name;
  int heading;
} html_open_element;

static html_open_element html_open[HTML_MAX_DEPTH];
static u32 html_open_count;

// The innermost open element that a tag named `name` closes, or html_open_count if none.
static inline u32 html_find_open(html_span name) {
  int heading = html_is_heading(name);
  for (u32 i = html_open_count; i > 0; i--) {
    const html_open_element *e = &html_open[i - 1];
    if (heading ? e->heading : html_same_tag(e->name, name)) return i - 1;
  }
  return html_open_count;
}

// Closes html_open[index] and everything opened inside it: their content ends at `content_end`;
// the element at `index` itself ends at `element_end` (past its end tag, when it has one).
static inline void html_close_from(u32 index, u32 content_end, u32 element_end) {
  while (html_open_count > index) {
    const html_open_element *e = &html_open[--html_open_count];
    html_content_ends[e->start] = content_end;
    html_element_ends[e->start] = html_open_count == index ? element_end : content_end;
  }
}

static inline void html_match_tag(const html_token *t) {
  if (t->kind == HTML_END_TAG) {
    u32 index = html_find_open(t->name);
    if (index < html_open_count) html_close_from(index, t->start, t->end);
    return;
  }
  if (html_span_is(t->name, "a") || html_span_is(t->name, "button") || html_is_heading(t->name)) {
    u32 index = html_find_open(t->name);
    if (index < html_open_count) html_close_from(index, t->start, t->start);
  }
  html_content_ends[t->start] = t->end;
  html_element_ends[t->start] = t->end;
  if (t->self_closing || html_is_void(t->name) || html_open_count == HTML_MAX_DEPTH) return;
  html_open_element *e = &html_open[html_open_count++];
  e->start = t->start;
  e->name = t->name;
  e->heading = html_is_heading(t->name);
}

// Returns where the content of the element opened by `open` ends (the start of its end tag, or
// where it was implicitly closed); *after is the position just past the element.
static inline u32 html_element_end(const html_token *open, u32 *after) {
  *after = html_element_ends[open->start];
  return html_content_ends[open->start];
}

// ---- Index of ids and label[for] ----------------------------------------------------------------

// aria-labelledby and <label for> refer to ids anywhere in the document; scanning the whole
// input for each reference would be quadratic, so one pass fills two hash tables first.
// 16384 slots keep the load under one half: a 64 KiB page holds at most 8192 id attributes.
#define HTML_INDEX_SLOTS 16384

typedef struct {
  html_span key;
  u32 tag_start; // where the start tag carrying the key begins
  int used;
} html_index_slot;

static html_index_slot html_ids[HTML_INDEX_SLOTS];
static html_index_slot html_label_fors[HTML_INDEX_SLOTS];

static inline u32 html_hash(html_span s) {
  u32 h = 2166136261u; // FNV-1a
  for (u32 i = 0; i < s.len; i++) h = (h ^ html_bytes[s.start + i]) * 16777619u;
  return h;
}

// The first element with a given key wins, as getElementById does.
static inline void html_index_put(html_index_slot *table, html_span key, u32 tag_start) {
  if (key.len == 0) return;
  u32 slot = html_hash(key) & (HTML_INDEX_SLOTS - 1);
  for (u32 probes = 0; probes < HTML_INDEX_SLOTS; probes++) {
    if (!table[slot].used) {
      table[slot].key = key;
      table[slot].tag_start = tag_start;
      table[slot].used = 1;
      return;
    }
    if (html_span_equals(table[slot].key, key)) return;
    slot = (slot + 1) & (HTML_INDEX_SLOTS - 1);
  }
}

static inline int html_index_get(const html_index_slot *table, html_span key, html_token *tag) {
  u32 slot = html_hash(key) & (HTML_INDEX_SLOTS - 1);
  for (u32 probes = 0; probes < HTML_INDEX_SLOTS && table[slot].used; probes++) {
    if (html_span_equals(table[slot].key, key)) {
      u32 pos = table[slot].tag_start;
      return html_next(&pos, tag);
    }
    slot = (slot + 1) & (HTML_INDEX_SLOTS - 1);
  }
  return 0;
}

// One pass over the document before any name is computed: element extents, tag flags, ids and
// label[for].
static inline void html_index_build(void) {
  for (u32 i = 0; i < HTML_INDEX_SLOTS; i++) {
    html_ids[i].used = 0;
    html_label_fors[i].used = 0;
  }
  html_open_count = 0;
  u32 pos = 0;
  html_token t;
  html_span value;
  while (html_next(&pos, &t)) {
    if (t.kind == HTML_TEXT || t.kind == HTML_OTHER) continue;
    html_tag_flags[t.start] = html_flags_of(&t);
    html_match_tag(&t);
    if (t.kind == HTML_END_TAG) continue;
    if (html_attr(&t, "id", &value)) html_index_put(html_ids, value, t.start);
    if (html_span_is(t.name, "label") && html_attr(&t, "for", &value)) {
      html_index_put(html_label_fors, value, t.start);
    }
  }
  html_close_from(0, html_len, html_len);
}

// ---- Building a name ----------------------------------------------------------------------------

#define HTML_NAME_CAP 65536
static u8 html_name_bytes[HTML_NAME_CAP];

// Whitespace is held back as `pending_space` and only written before the next visible
// character, which collapses runs and trims both ends in one pass.
//
// A name is limited to the room left in the module's output: a longer one could not be printed
// anyway, and stopping there bounds the work per element (once `text.overflow` is set, every
// walk below returns early).
typedef struct {
  qip_writer text;
  int pending_space;
} html_name;

static inline void name_reset(html_name *n, u32 max_bytes) {
  n->text = qip_writer_over(html_name_bytes, max_bytes < HTML_NAME_CAP ? max_bytes : HTML_NAME_CAP);
  n->pending_space = 0;
}

static inline void name_break(html_name *n) {
  if (n->text.len > 0) n->pending_space = 1;
}

static inline void name_put_text(html_name *n, u32 start, u32 end) {
  u32 p = start;
  while (p < end && !n->text.overflow) {
    if (html_bytes[p] == 0xC2 && p + 1 < end && html_bytes[p + 1] == 0xA0) { // raw U+00A0
      name_break(n);
      p += 2;
      continue;
    }
    u32 cp;
    int decoded = html_text_unit(&p, end, &cp);
    if ((cp < 0x80 && is_ascii_space((u8)cp)) || (decoded && cp == 0xA0)) {
      name_break(n);
      continue;
    }
    if (n->pending_space) {
      put_byte(&n->text, ' ');
      n->pending_space = 0;
    }
    if (decoded) {
      put_utf8(&n->text, cp);
    } else {
      put_byte(&n->text, (u8)cp);
    }
  }
}

// Appends a non-blank attribute value; returns whether the name is now non-empty.
static inline int name_put_attr(html_name *n, const html_token *tag, const char *attr) {
  html_span value;
  if (html_attr(tag, attr, &value)) {
    name_break(n);
    name_put_text(n, value.start, value.start + value.len);
  }
  return n->text.len > 0;
}

// Descendant text of the range [from, to), which must lie on token boundaries.
static inline void name_put_content(html_name *n, u32 from, u32 to) {
  u32 pos = from;
  html_token t;
  while (pos < to && !n->text.overflow && html_next(&pos, &t)) {
    if (t.kind == HTML_TEXT) {
      name_put_text(n, t.start, t.end);
      continue;
    }
    if (t.kind == HTML_OTHER) continue;
    u8 flags = html_tag_flags[t.start];
    if (flags & HTML_BLOCK) name_break(n);
    if (t.kind == HTML_END_TAG) continue;
    if (flags & (HTML_HIDDEN | HTML_LABELLED)) {
      if (flags & HTML_LABELLED) name_put_attr(n, &t, "aria-label");
      html_element_end(&t, &pos); // the subtree is replaced, or hidden
      if (flags & HTML_BLOCK) name_break(n);
    } else if (flags & HTML_ALT) {
      name_put_attr(n, &t, "alt");
    }
  }
}

// aria-labelledby lists ids; the name is the referenced elements' names, space-separated.
static inline int name_put_labelledby(html_name *n, const html_token *tag) {
  html_span ids;
  if (!html_attr(tag, "aria-labelledby", &ids)) return 0;
  u32 p = ids.start, end = ids.start + ids.len;
  while (p < end && !n->text.overflow) {
    while (p < end && is_ascii_space(html_bytes[p])) p++;
    html_span id = {p, 0};
    while (p < end && !is_ascii_space(html_bytes[p])) p++;
    id.len = p - id.start;
    html_token target;
    if (id.len > 0 && html_index_get(html_ids, id, &target)) {
      name_break(n);
      if (!name_put_attr(n, &target, "aria-label")) {
        u32 after;
        name_put_content(n, target.end, html_element_end(&target, &after));
      }
    }
  }
  return n->text.len > 0;
}

// The name of a link, button, heading or an element with one of those roles: all of them may
// be named by their content.
static inline void name_of_element(html_name *n, const html_token *tag, u32 max_bytes) {
  name_reset(n, max_bytes);
  if (name_put_labelledby(n, tag) || name_put_attr(n, tag, "aria-label")) return;
  u32 after;
  name_put_content(n, tag->end, html_element_end(tag, &after));
  if (n->text.len == 0) name_put_attr(n, tag, "title");
}

// ---- Output lines -------------------------------------------------------------------------------

// The most a name can usefully hold: what is left of the output.
static inline u32 output_room(const qip_writer *out) { return out->cap - out->len; }

// Appends " <name>" when there is a name: an unnamed element gives "link:" rather than a line
// with trailing whitespace.
static inline void put_name(qip_writer *out, const html_name *n) {
  if (n->text.len == 0) return;
  put_byte(out, ' ');
  put_bytes(out, n->text.bytes, n->text.len);
}

// Ends a line; *complete remembers the output length at the last line that fitted, so an
// output that overflows its capacity is cut after a whole line instead of mid-name. Once the
// output has overflowed nothing more can be printed, and the extractors stop.
static inline void put_line_end(qip_writer *out, u32 *complete) {
  put_byte(out, '\n');
  if (!out->overflow) *complete = out->len;
}

#endif
