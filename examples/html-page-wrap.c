// html-page-wrap: wraps an HTML fragment in a complete document with an embedded stylesheet
// (run contract, UTF-8 in and out). The title is the text of the first <h1>, or "Document".
//
// The stylesheet is examples/recipes/text/markdown/styles.css, read by the assembler at build
// time (`.incbin` below): edit that file and run `deno task modules` to rebuild this module and
// recipe 20, which is built from this same source.
//
// The output cap can only be exceeded by a huge, heavily escaped title (see markdown/_document.h).

#define QIP_INPUT_CAP (256u * 1024u)
#define QIP_OUTPUT_CAP (512u * 1024u)

#include "include/qip_stage.h"
#include "markdown/_document.h"

// Relative to the directory of the source being compiled: recipe 20's source sits next to
// styles.css and defines its own path before including this file.
#ifndef STYLES_CSS_PATH
#define STYLES_CSS_PATH "recipes/text/markdown/styles.css"
#endif

// The file's bytes, preceded by their length as a 32-bit word.
__asm__(".section .rodata.page_css,\"\",@\n"
        ".globl page_css\n"
        ".p2align 2\n"
        "page_css:\n"
        ".int32 .Lpage_css_end - .Lpage_css_start\n"
        ".Lpage_css_start:\n"
        ".incbin \"" STYLES_CSS_PATH "\"\n"
        ".Lpage_css_end:\n"
        ".size page_css, .Lpage_css_end - page_css\n");

extern const struct {
  uint32_t length;
  uint8_t bytes[];
} page_css;

static int is_line_break(uint8_t c) { return c == '\n' || c == '\r'; }

// The heading's text, without its tags.
static uint8_t title[QIP_INPUT_CAP];

// Copies the text of the first complete <h1>…</h1> into `title`, without tags and trimmed, and
// returns its length (0 when there is no such heading or it has no text).
static uint32_t extract_title(void) {
  uint32_t open = 0;
  // `<h1` must end the tag name: <h1>, <h1 class="x">, but not <h10> or <h1x>.
  while (open < input_len &&
         !(input_starts_with(open, "<h1") && open + 3 < input_len &&
           (qip_input[open + 3] == '>' || is_ascii_space(qip_input[open + 3])))) {
    open++;
  }
  uint32_t start = open + 3;
  while (start < input_len && qip_input[start] != '>') start++;
  if (start >= input_len) return 0;
  start++;
  uint32_t end = start;
  while (end < input_len && !input_starts_with(end, "</h1>")) end++;
  if (end >= input_len) return 0;

  uint32_t length = 0;
  for (uint32_t p = start; p < end; p++) {
    uint32_t close = p;
    if (qip_input[p] == '<') {
      while (close < end && qip_input[close] != '>') close++;
    }
    // A tag (<em>, </a>…) is dropped; a '<' that never closes is text.
    if (qip_input[p] == '<' && close < end) p = close;
    else title[length++] = qip_input[p];
  }
  uint32_t first = 0;
  while (first < length && is_ascii_space(title[first])) first++;
  while (length > first && is_ascii_space(title[length - 1])) length--;
  if (first > 0) __builtin_memmove(title, title + first, length - first);
  return length - first;
}

QIP_EXPORT("run") uint32_t run(uint32_t input_size) {
  begin_output(input_size);

  // The file ends with a newline (or CRLF); the page embeds it without.
  uint32_t css_len = page_css.length;
  while (css_len > 0 && is_line_break(page_css.bytes[css_len - 1])) css_len--;
  uint32_t title_len = extract_title();

  put_str(&html, "<!doctype html><html><head><meta charset=\"utf-8\">"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>");
  if (title_len > 0) put_escaped(&html, title, title_len);
  else put_str(&html, "Document");
  put_str(&html, "</title><style>");
  put_bytes(&html, page_css.bytes, css_len);
  put_str(&html, "</style></head><body><main>");
  put_bytes(&html, qip_input, input_len);
  put_str(&html, "</main></body></html>\n");
  return end_output();
}
