// html-link-extractor: one line per `<a href>` in an HTML document, in document order:
//
//   <href> <accessible name>\n
//
// Run contract: exports are functions; UTF-8 in (64 KiB cap), UTF-8 out (64 KiB cap).
//
//   printf %s '<a href="https://x.com/a">Hi <b>there</b></a> <a href="/rel">R</a>' |
//     qip run examples/html-link-extractor.wasm
//   https://x.com/a Hi there
//   /rel R
//
// The href is printed as written apart from what a browser also does before using it: character
// references are decoded, surrounding whitespace is trimmed, and tabs and line breaks inside are
// dropped (so one link is always one line). The name is computed as described in
// html/_html_names.h (aria-labelledby, aria-label, descendant text, title); a link without one
// prints the href alone. Links are not resolved against a base URL. Output that would exceed the
// capacity ends after the last whole line that fits.

#define QIP_INPUT_CAP 65536
#define QIP_OUTPUT_CAP 65536
#define QIP_TRANSFORM
#include "include/qip_stage.h"
#include "html/_html_names.h"

static void put_href(qip_writer *out, html_span href) {
  href = html_trim(href);
  u32 p = href.start, end = href.start + href.len;
  while (p < end) {
    u32 cp;
    int decoded = html_text_unit(&p, end, &cp);
    if (cp == '\t' || cp == '\n' || cp == '\r') continue;
    if (decoded) {
      put_utf8(out, cp);
    } else {
      put_byte(out, (u8)cp);
    }
  }
}

static u32 transform(const u8 *input, u32 size, qip_writer *out) {
  html_begin(input, size);
  html_index_build();

  u32 pos = 0, complete = 0;
  html_token t;
  html_name name;
  html_span href;
  while (html_next(&pos, &t)) {
    if (t.kind != HTML_START_TAG || !html_span_is(t.name, "a") || !html_attr(&t, "href", &href)) {
      continue;
    }
    put_href(out, href);
    name_of_element(&name, &t, output_room(out));
    put_name(out, &name);
    put_line_end(out, &complete);
    if (out->overflow) break;
  }
  return out->overflow ? complete : out->len;
}
