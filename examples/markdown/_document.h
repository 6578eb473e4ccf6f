// Shared by the modules of the text/markdown recipe chain (markdown-basic.c, autolink-https.c,
// html-page-wrap.c): the document they read and the HTML they write, as module-wide state (a
// run-mode module handles exactly one input per instance, and passing both to every helper would
// only add noise). The buffers and exports are include/qip_stage.h's.
//
// The host refuses an input over QIP_INPUT_CAP ("Input is too large"); an output that would
// exceed QIP_OUTPUT_CAP makes the whole result empty, the soft failure of the other text modules,
// rather than a truncated document.
#ifndef QIP_MARKDOWN_DOCUMENT_H
#define QIP_MARKDOWN_DOCUMENT_H

#include "../include/qip_ascii.h"
#include "../include/qip_stage.h"
#include "../include/qip_writer.h"

static uint32_t input_len; // bytes of qip_input in use
static qip_writer html;    // over qip_output

// Called first by `run`.
static inline void begin_output(uint32_t input_size) {
  input_len = qip_input_size(input_size);
  html = qip_writer_over(qip_output, QIP_OUTPUT_CAP);
}

// What `run` returns: the output length, or 0 after an overflow.
static inline uint32_t end_output(void) { return html.overflow ? 0 : html.len; }

// For text that must not be read as markup (code, attribute values, a page title).
static inline void put_escaped(qip_writer *w, const uint8_t *bytes, uint32_t count) {
  for (uint32_t i = 0; i < count; i++) {
    switch (bytes[i]) {
    case '&': put_str(w, "&amp;"); break;
    case '<': put_str(w, "&lt;"); break;
    case '>': put_str(w, "&gt;"); break;
    case '"': put_str(w, "&quot;"); break;
    default: put_byte(w, bytes[i]);
    }
  }
}

// Whether the input holds `prefix` at `p`.
static inline int input_starts_with(uint32_t p, const char *prefix) {
  for (uint32_t i = 0; prefix[i] != '\0'; i++) {
    if (p + i >= input_len || qip_input[p + i] != (uint8_t)prefix[i]) return 0;
  }
  return 1;
}

#endif
