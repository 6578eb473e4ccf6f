// Content lines as iCalendar (RFC 5545 §3.1) and vCard (RFC 2426 §2.6) write them, shared by the
// iCalendar and vCard forms: every line ends in CRLF, TEXT values escape `\`, `;` and `,`, and a
// line longer than 75 octets is folded by CRLF plus one space.
//
// Folding never splits a UTF-8 character or an escape pair, so each folded piece is still valid
// UTF-8 on its own and readers that unfold carelessly still see whole characters. Answers reach
// this file already checked to be valid UTF-8 without control characters (form/_form_module.h),
// so there are no line breaks to escape.
#ifndef QIP_FORM_CONTENT_LINES_H
#define QIP_FORM_CONTENT_LINES_H

#include "../include/qip_writer.h"

#define CONTENT_LINE_OCTETS 75

typedef struct {
  qip_writer *out;
  u32 octets; // octets on the current physical line
} content_line;

// Writes one piece that must stay on one physical line, folding before it when needed.
static inline void line_put_piece(content_line *line, const u8 *piece, u32 len) {
  if (line->octets + len > CONTENT_LINE_OCTETS) {
    put_str(line->out, "\r\n ");
    line->octets = 1;
  }
  put_bytes(line->out, piece, len);
  line->octets += len;
}

// ASCII text written as is (property names, parameters, fixed values, URIs).
static inline void line_put_ascii(content_line *line, const char *text) {
  for (u32 i = 0; text[i]; i++) line_put_piece(line, (const u8 *)&text[i], 1);
}

// Starts a line with its name, parameters and colon, e.g. "DTSTART;VALUE=DATE:".
static inline content_line line_begin(qip_writer *out, const char *name) {
  content_line line = {out, 0};
  line_put_ascii(&line, name);
  return line;
}

static inline void line_end(content_line *line) { put_str(line->out, "\r\n"); }

static inline u32 utf8_sequence_length(u8 lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

// A TEXT value (or one component of a structured value such as vCard's N).
static inline void line_put_text(content_line *line, const u8 *text, u32 len) {
  u32 i = 0;
  while (i < len) {
    u8 c = text[i];
    if (c == '\\' || c == ';' || c == ',') {
      u8 escaped[2] = {'\\', c};
      line_put_piece(line, escaped, 2);
      i++;
      continue;
    }
    u32 n = utf8_sequence_length(c);
    if (n > len - i) n = len - i;
    line_put_piece(line, text + i, n);
    i += n;
  }
}

// A number with leading zeros, as in dates and times (20260305, 093000).
static inline void line_put_digits(content_line *line, u32 value, u32 width) {
  u8 digits[10];
  qip_writer w = qip_writer_over(digits, sizeof digits);
  put_uint_padded(&w, value, width, '0');
  for (u32 i = 0; i < w.len; i++) line_put_piece(line, &digits[i], 1);
}

#endif
