// autolink-https: turns bare `https://…` URLs in HTML into links (run contract, UTF-8 in and
// out): `See https://example.com/x now` → `See <a href="https://example.com/x">…</a> now`.
//
// Markup is copied untouched: URLs inside tags (attribute values, comments) and inside an
// existing <a>…</a> are left alone. Everything else is text, including the content of <code>
// and <pre>, whose URLs are linked too. A URL runs up to white space, '<', '>' or '"' (the
// characters that would break the markup it is put in), so trailing punctuation such as
// `https://a.com/x,` is part of it. Only `https://` is linked: plain `http://` stays text.
//
// The output cap is four times the input cap, which a 1 MiB input cannot exceed: the shortest
// link, `https://x`, grows from 9 to 33 bytes.
//
// Also built as examples/recipes/text/markdown/11-autolink-https.wasm, whose source includes
// this file.

#define QIP_INPUT_CAP (1024u * 1024u)
#define QIP_OUTPUT_CAP (4u * 1024u * 1024u)

#include "include/qip_stage.h"
#include "markdown/_document.h"

// End of the tag or comment opening at `p` (a '<'), or `p` when this '<' is text (`a < b`).
// A quoted attribute value may hold a '>'; an unterminated tag runs to the end of the input, as
// it does for a browser.
static uint32_t markup_end(uint32_t p) {
  uint32_t q = p + 1;
  if (input_starts_with(p, "<!--")) {
    for (q = p + 4; q < input_len; q++) {
      if (input_starts_with(q, "-->")) return q + 3;
    }
    return input_len;
  }
  if (q < input_len && (qip_input[q] == '/' || qip_input[q] == '!' || qip_input[q] == '?')) q++;
  if (q >= input_len || !is_ascii_alpha(qip_input[q])) return p;
  uint8_t quote = 0;
  uint8_t previous = 0; // last non-space byte outside quotes
  for (; q < input_len; q++) {
    uint8_t c = qip_input[q];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '>') {
      return q + 1;
    } else if ((c == '"' || c == '\'') && previous == '=') {
      quote = c;
    }
    if (!is_ascii_space(c)) previous = c;
  }
  return input_len;
}

// Whether the tag at `p` is named `name` (lower case, any case in the input), e.g. <a href…>.
static int tag_is(uint32_t p, uint32_t end, const char *name) {
  uint32_t q = p + 1;
  for (uint32_t i = 0; name[i] != '\0'; i++, q++) {
    if (q >= end || ascii_lower(qip_input[q]) != (uint8_t)name[i]) return 0;
  }
  return q < end && (is_ascii_space(qip_input[q]) || qip_input[q] == '>' || qip_input[q] == '/');
}

static int ends_url(uint8_t c) { return c <= ' ' || c == '<' || c == '>' || c == '"' || c == 0x7f; }

QIP_EXPORT("run") uint32_t run(uint32_t input_size) {
  begin_output(input_size);

  int in_link = 0;
  uint32_t text_start = 0; // bytes before `p` not yet copied
  for (uint32_t p = 0; p < input_len;) {
    if (qip_input[p] == '<') {
      uint32_t end = markup_end(p);
      if (end > p) {
        if (tag_is(p, end, "a")) in_link = 1;
        else if (tag_is(p, end, "/a")) in_link = 0;
        p = end;
        continue;
      }
    } else if (!in_link && input_starts_with(p, "https://")) {
      uint32_t end = p + 8;
      while (end < input_len && !ends_url(qip_input[end])) end++;
      if (end > p + 8) {
        put_bytes(&html, qip_input + text_start, p - text_start);
        put_str(&html, "<a href=\"");
        put_bytes(&html, qip_input + p, end - p);
        put_str(&html, "\">");
        put_bytes(&html, qip_input + p, end - p);
        put_str(&html, "</a>");
        text_start = p = end;
        continue;
      }
    }
    p++;
  }
  put_bytes(&html, qip_input + text_start, input_len - text_start);
  return end_output();
}
