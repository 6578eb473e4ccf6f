// utf8-must-be-valid: passes the input through unchanged if it is valid UTF-8, else traps.
//
// Valid means well-formed per RFC 3629: no overlong encodings, no UTF-16 surrogates
// (U+D800..U+DFFF), nothing above U+10FFFF, no stray continuation bytes and no sequence cut
// short by the end of the input. Invalid input is a hard failure (the `unreachable`
// instruction), which stops the whole chain: use it as a guard in front of stages that assume
// their text is valid.
//
// Run contract: exported functions, UTF-8 in and out.
//   input_utf8_cap 1 MiB, output_utf8_cap 1 MiB
//   The output is the input buffer itself: the text is left where the host wrote it.
//
//   printf %s hello | qip run examples/utf8-must-be-valid.wasm    ->  hello
//   printf '\xff' | qip run examples/utf8-must-be-valid.wasm      ->  wasm error: unreachable
//                                                                     (exit code 1)

#define QIP_INPUT_CAP (1024 * 1024)
#define QIP_OUTPUT_CAP (1024 * 1024)
#define QIP_OUTPUT_IN_PLACE
#include "include/qip_stage.h"

static int is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Returns the length of the well-formed sequence starting at `s[0]`, or 0 if there is none.
// The ranges are those of the Unicode Standard's table of well-formed byte sequences: the
// limits on the second byte are what exclude overlongs, surrogates and values past U+10FFFF.
static unsigned sequence_length(const unsigned char *s, unsigned available) {
  unsigned char lead = s[0];
  if (lead < 0x80) return 1;

  unsigned length;
  unsigned char low = 0x80, high = 0xBF; // allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2; // 0xC0 and 0xC1 could only start overlong forms of ASCII
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;  // below U+0800 would be overlong
    if (lead == 0xED) high = 0x9F; // U+D800..U+DFFF are surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;  // below U+10000 would be overlong
    if (lead == 0xF4) high = 0x8F; // above U+10FFFF
  } else {
    return 0; // a continuation byte, or 0xF5..0xFF
  }

  if (length > available) return 0;
  if (s[1] < low || s[1] > high) return 0;
  for (unsigned i = 2; i < length; i++) {
    if (!is_continuation(s[i])) return 0;
  }
  return length;
}

QIP_EXPORT("run") uint32_t run(uint32_t input_size) {
  uint32_t size = qip_input_size(input_size);
  for (uint32_t i = 0; i < size;) {
    uint32_t length = sequence_length(qip_input + i, size - i);
    if (length == 0) __builtin_trap();
    i += length;
  }
  return size;
}
