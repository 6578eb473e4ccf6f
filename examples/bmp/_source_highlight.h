// Keyword highlighting for the source-code pictures (c-to-bmp, js-to-bmp): gives every input
// byte a palette index for bmp/_text_raster.h, HIGHLIGHT_KEYWORD for the letters of a keyword and
// HIGHLIGHT_PLAIN for everything else.
//
// A small lexer finds the words: identifiers are runs of letters, digits, '_' and '$' not
// starting with a digit; a keyword is an identifier equal to one of the language's keywords.
// Comments ("// …" to the end of the line, "/* … */") and string literals ('…', "…", and `…` when
// the language has template literals; backslash escapes honoured, unterminated ones run to the
// end of the line) are skipped, so words inside them stay plain. Numbers such as 0x1Fu are
// skipped whole, so their letters never start a word.
#ifndef QIP_SOURCE_HIGHLIGHT_H
#define QIP_SOURCE_HIGHLIGHT_H

#include <stdint.h>

#define HIGHLIGHT_PLAIN 0
#define HIGHLIGHT_KEYWORD 1

// Palette for text_to_bmp: plain text black, keywords dark blue.
static const uint32_t HIGHLIGHT_PALETTE[2] = {0x000000, 0x1f3fbf};

static int is_word_start(uint8_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}

static int is_word_char(uint8_t c) { return is_word_start(c) || (c >= '0' && c <= '9'); }

static int is_keyword(const uint8_t *word, uint32_t length, const char *const *keywords) {
  for (; *keywords; keywords++) {
    const char *k = *keywords;
    uint32_t i = 0;
    while (i < length && k[i] == (char)word[i]) i++;
    if (i == length && k[i] == '\0') return 1;
  }
  return 0;
}

// Fills colours[0..size) for `text`. `keywords` ends with a null pointer; `template_literals`
// says whether backquotes open strings.
static void highlight_keywords(const uint8_t *text, uint32_t size, const char *const *keywords,
                               int template_literals, uint8_t *colours) {
  for (uint32_t i = 0; i < size; i++) colours[i] = HIGHLIGHT_PLAIN;
  uint32_t i = 0;
  while (i < size) {
    uint8_t c = text[i];
    if (c == '/' && i + 1 < size && text[i + 1] == '/') {
      while (i < size && text[i] != '\n') i++;
    } else if (c == '/' && i + 1 < size && text[i + 1] == '*') {
      i += 2;
      while (i < size && !(text[i] == '*' && i + 1 < size && text[i + 1] == '/')) i++;
      i = i + 2 < size ? i + 2 : size;
    } else if (c == '"' || c == '\'' || (c == '`' && template_literals)) {
      for (i++; i < size && text[i] != c && (c == '`' || text[i] != '\n'); i++) {
        if (text[i] == '\\') i++;
      }
      i++;
    } else if (is_word_start(c)) {
      uint32_t start = i;
      while (i < size && is_word_char(text[i])) i++;
      if (is_keyword(text + start, i - start, keywords)) {
        for (uint32_t k = start; k < i; k++) colours[k] = HIGHLIGHT_KEYWORD;
      }
    } else if (c >= '0' && c <= '9') {
      while (i < size && is_word_char(text[i])) i++;
    } else {
      i++;
    }
  }
}

#endif
