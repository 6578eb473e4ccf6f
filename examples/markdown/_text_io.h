// Shared by the modules of the text/markdown recipe chain (markdown-basic.c, autolink-https.c,
// html-page-wrap.c): the run-contract exports of a UTF-8 in, UTF-8 out module and an output
// writer. Header-only, included once by each module after it defines INPUT_CAP and OUTPUT_CAP
// (in bytes); `static inline` keeps each module's copy private and lets it drop what it does not
// use.
//
// The buffers are zero-initialised statics, so the linker sizes the initial memory to fit them.
// The host refuses an input over INPUT_CAP ("Input is too large"); an output that would exceed
// OUTPUT_CAP makes the whole result empty, the soft failure of the other text modules, rather
// than a truncated document.
#ifndef QIP_MARKDOWN_TEXT_IO_H
#define QIP_MARKDOWN_TEXT_IO_H

#include <stdint.h>

#define QIP_EXPORT(name) __attribute__((export_name(name)))

static uint8_t input[INPUT_CAP];
static uint8_t output[OUTPUT_CAP];
static uint32_t input_len;
static uint32_t output_len;
static int output_overflowed;

QIP_EXPORT("input_ptr") uint32_t input_ptr(void) { return (uint32_t)(uintptr_t)input; }
QIP_EXPORT("input_utf8_cap") uint32_t input_utf8_cap(void) { return INPUT_CAP; }
QIP_EXPORT("output_ptr") uint32_t output_ptr(void) { return (uint32_t)(uintptr_t)output; }
QIP_EXPORT("output_utf8_cap") uint32_t output_utf8_cap(void) { return OUTPUT_CAP; }

// Called first by `run`. The clamp only matters to a host that skips the cap check.
static inline void begin_output(uint32_t input_size) {
  input_len = input_size < INPUT_CAP ? input_size : INPUT_CAP;
  output_len = 0;
  output_overflowed = 0;
}

// What `run` returns: the output length, or 0 after an overflow.
static inline uint32_t end_output(void) { return output_overflowed ? 0 : output_len; }

static inline void emit(const uint8_t *bytes, uint32_t count) {
  if (output_overflowed || count > OUTPUT_CAP - output_len) {
    output_overflowed = 1;
    return;
  }
  __builtin_memcpy(output + output_len, bytes, count);
  output_len += count;
}

static inline void emit_byte(uint8_t byte) { emit(&byte, 1); }

// Written out rather than __builtin_strlen, which may become a call to an (absent) libc.
static inline uint32_t string_length(const char *text) {
  uint32_t length = 0;
  while (text[length] != '\0') length++;
  return length;
}

static inline void emit_str(const char *text) {
  emit((const uint8_t *)text, string_length(text));
}

static inline void emit_uint(uint32_t value) {
  uint8_t digits[10];
  uint32_t count = 0;
  do {
    digits[count++] = (uint8_t)('0' + value % 10);
    value /= 10;
  } while (value != 0);
  while (count > 0) emit_byte(digits[--count]);
}

// For text that must not be read as markup (code, attribute values, a page title).
static inline void emit_escaped(const uint8_t *bytes, uint32_t count) {
  for (uint32_t i = 0; i < count; i++) {
    switch (bytes[i]) {
    case '&': emit_str("&amp;"); break;
    case '<': emit_str("&lt;"); break;
    case '>': emit_str("&gt;"); break;
    case '"': emit_str("&quot;"); break;
    default: emit_byte(bytes[i]);
    }
  }
}

// Whether the input holds `prefix` at `p`.
static inline int input_starts_with(uint32_t p, const char *prefix) {
  for (uint32_t i = 0; prefix[i] != '\0'; i++) {
    if (p + i >= input_len || input[p + i] != (uint8_t)prefix[i]) return 0;
  }
  return 1;
}

// Character classes are ASCII only: every other byte, UTF-8 included, is ordinary text.

// ASCII white space as HTML defines it.
static inline int is_space(uint8_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static inline uint8_t lower(uint8_t c) { return c >= 'A' && c <= 'Z' ? (uint8_t)(c + 32) : c; }

static inline int is_alpha(uint8_t c) { return lower(c) >= 'a' && lower(c) <= 'z'; }

#endif
