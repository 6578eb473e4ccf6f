// ASCII character classes and digit parsing for the C text modules in examples/, which have no
// libc. Every byte outside ASCII, UTF-8 included, is in none of the classes.
#ifndef QIP_ASCII_H
#define QIP_ASCII_H

#include <stdint.h>

static inline int is_ascii_digit(uint8_t c) { return c >= '0' && c <= '9'; }
static inline int is_ascii_alpha(uint8_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static inline uint8_t ascii_lower(uint8_t c) {
  return (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) : c;
}

// The HTML definition of ASCII whitespace (no vertical tab).
static inline int is_ascii_space(uint8_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

// Parses exactly `n` ASCII digits; 0 when any of them is not a digit.
static inline int parse_fixed_digits(const uint8_t *p, uint32_t n, uint32_t *value) {
  uint32_t v = 0;
  for (uint32_t i = 0; i < n; i++) {
    if (!is_ascii_digit(p[i])) return 0;
    v = v * 10 + (uint32_t)(p[i] - '0');
  }
  *value = v;
  return 1;
}

#endif
