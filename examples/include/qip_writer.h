// The bounded output writer of the C modules in examples/, and the short integer types they use.
//
// A module writes its result into a fixed buffer whose size is the capacity it reports to the
// host (qip_stage.h). Rather than checking the remaining space at every call site, a write that
// does not fit is cut at the end of the buffer and sets the sticky `overflow` flag; everything
// after it is dropped. Each module then decides once, at the end, what an overflow means for it:
// empty output (return 0), or the output up to the last complete line. The same writer also fills
// smaller scratch buffers, such as a name or an error message.
//
// Freestanding wasm32 has no libc: only compiler builtins that need no library are used.
#ifndef QIP_WRITER_H
#define QIP_WRITER_H

#include <stdint.h>

typedef uint8_t u8;
typedef uint32_t u32;

typedef struct {
  u8 *bytes;
  u32 cap;      // bytes available at `bytes`
  u32 len;      // bytes written so far, never more than `cap`
  int overflow; // set when a write did not fit; `len` is then `cap`
} qip_writer;

static inline qip_writer qip_writer_over(u8 *bytes, u32 cap) {
  qip_writer w = {bytes, cap, 0, 0};
  return w;
}

static inline void put_byte(qip_writer *w, u8 b) {
  if (w->len < w->cap) {
    w->bytes[w->len++] = b;
  } else {
    w->overflow = 1;
  }
}

// Writes what fits of `n` bytes: the same result as `n` put_byte calls, in one copy.
static inline void put_bytes(qip_writer *w, const u8 *p, u32 n) {
  u32 room = w->cap - w->len;
  u32 fits = n < room ? n : room;
  __builtin_memcpy(w->bytes + w->len, p, fits);
  w->len += fits;
  if (fits < n) w->overflow = 1;
}

// Written out rather than __builtin_strlen, which may become a call to an (absent) libc.
static inline u32 c_string_length(const char *s) {
  u32 n = 0;
  while (s[n]) n++;
  return n;
}

static inline void put_str(qip_writer *w, const char *s) {
  put_bytes(w, (const u8 *)s, c_string_length(s));
}

// Decimal, right-aligned in `width` columns with `pad` (space for tables, '0' for dates).
static inline void put_uint_padded(qip_writer *w, u32 value, u32 width, u8 pad) {
  u8 digits[10];
  u32 n = 0;
  do {
    digits[n++] = (u8)('0' + value % 10);
    value /= 10;
  } while (value != 0);
  for (u32 i = n; i < width; i++) put_byte(w, pad);
  while (n > 0) put_byte(w, digits[--n]);
}

static inline void put_uint(qip_writer *w, u32 value) { put_uint_padded(w, value, 0, '0'); }

// Code points arrive from entity references and tables; U+FFFD stands in for ones that cannot be
// encoded (surrogates, beyond U+10FFFF) so the output stays valid UTF-8.
static inline void put_utf8(qip_writer *w, u32 cp) {
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
  if (cp < 0x80) {
    put_byte(w, (u8)cp);
  } else if (cp < 0x800) {
    put_byte(w, (u8)(0xC0 | (cp >> 6)));
    put_byte(w, (u8)(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    put_byte(w, (u8)(0xE0 | (cp >> 12)));
    put_byte(w, (u8)(0x80 | ((cp >> 6) & 0x3F)));
    put_byte(w, (u8)(0x80 | (cp & 0x3F)));
  } else {
    put_byte(w, (u8)(0xF0 | (cp >> 18)));
    put_byte(w, (u8)(0x80 | ((cp >> 12) & 0x3F)));
    put_byte(w, (u8)(0x80 | ((cp >> 6) & 0x3F)));
    put_byte(w, (u8)(0x80 | (cp & 0x3F)));
  }
}

#endif
