// Shared by the zlib modules (zlib-compress*.c, zlib-decompress.c): the zlib framing (RFC 1950)
// and the tables and canonical codes of deflate (RFC 1951) that both directions need. The
// run-contract buffers and exports are include/qip_stage.h's (bytes in, bytes out). Header-only:
// every module is one translation unit, so `static` keeps each module's copy private and lets the
// compiler drop what a module does not use.
#ifndef QIP_ZLIB_COMMON_H
#define QIP_ZLIB_COMMON_H

#include <stddef.h>
#include <stdint.h>

// For the caps, which each module defines before including include/qip_stage.h. Nothing is
// written outside the buffers: the host refuses a larger input ("Input is too large"), and every
// writer checks its output bound.
#define KIB(n) ((uint32_t)(n) * 1024u)
#define MIB(n) ((uint32_t)(n) * 1024u * 1024u)

// Every compressed stream starts with the same two bytes: deflate with a 32 KiB window
// (CMF 0x78) and FLEVEL 0, "fastest", which is what the reference modules write (FLG 0x01 makes
// 0x7801 a multiple of 31, as RFC 1950 requires).
#define ZLIB_HEADER_CMF 0x78
#define ZLIB_HEADER_FLG 0x01

// Adler-32 of `size` bytes (RFC 1950 §8.2). The sums are reduced every 5552 bytes, the longest
// run for which `b` cannot overflow 32 bits, instead of after every byte.
static inline uint32_t adler32(const uint8_t *data, uint32_t size) {
  const uint32_t modulus = 65521;
  uint32_t a = 1, b = 0;
  while (size > 0) {
    uint32_t chunk = size < 5552 ? size : 5552;
    size -= chunk;
    while (chunk-- > 0) {
      a += *data++;
      b += a;
    }
    a %= modulus;
    b %= modulus;
  }
  return b << 16 | a;
}

// --- Deflate alphabets (RFC 1951 §3.2.5) ---

#define DEFLATE_LITLEN_SYMBOLS 286 // literals 0-255, end of block 256, lengths 257-285
#define DEFLATE_FIXED_LITLEN_SYMBOLS 288 // the fixed code also defines 286 and 287 (never valid)
#define DEFLATE_DIST_SYMBOLS 30
#define DEFLATE_FIXED_DIST_SYMBOLS 32 // likewise 30 and 31
#define DEFLATE_CODELEN_SYMBOLS 19
#define DEFLATE_END_OF_BLOCK 256
#define DEFLATE_MAX_CODE_BITS 15
#define DEFLATE_MAX_CODELEN_BITS 7
#define DEFLATE_MIN_MATCH 3
#define DEFLATE_MAX_MATCH 258
#define DEFLATE_WINDOW 32768
#define DEFLATE_STORED_MAX 65535 // LEN is 16 bits

// Length symbol 257 + i covers lengths length_base[i] .. length_base[i] + 2^length_extra[i] - 1.
static const uint16_t deflate_length_base[29] = {
    3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
    31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
static const uint8_t deflate_length_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                                 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};

// Distance symbol i covers distances dist_base[i] .. dist_base[i] + 2^dist_extra[i] - 1.
static const uint16_t deflate_dist_base[30] = {
    1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,   65,    97,    129,
    193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
static const uint8_t deflate_dist_extra[30] = {0, 0, 0, 0, 1, 1, 2,  2,  3,  3,  4,  4,  5,  5,  6,
                                               6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

// The order in which a dynamic block lists the code-length code's lengths: the symbols most
// likely to be unused come last, so that HCLEN can cut them off.
static const uint8_t deflate_codelen_order[DEFLATE_CODELEN_SYMBOLS] = {
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

// The fixed code's lengths (RFC 1951 §3.2.6), for both the encoder and the decoder.
static inline void deflate_fixed_lengths(uint8_t litlen[DEFLATE_FIXED_LITLEN_SYMBOLS],
                                         uint8_t dist[DEFLATE_FIXED_DIST_SYMBOLS]) {
  for (int symbol = 0; symbol < DEFLATE_FIXED_LITLEN_SYMBOLS; symbol++) {
    litlen[symbol] = symbol < 144 ? 8 : symbol < 256 ? 9 : symbol < 280 ? 7 : 8;
  }
  for (int symbol = 0; symbol < DEFLATE_FIXED_DIST_SYMBOLS; symbol++) dist[symbol] = 5;
}

// What a set of code lengths amounts to, for the decoder's validity checks.
typedef enum {
  DEFLATE_CODE_COMPLETE,       // every bit pattern of the longest length is a code
  DEFLATE_CODE_INCOMPLETE,     // some patterns are left over
  DEFLATE_CODE_OVERSUBSCRIBED, // more codes than patterns: not a prefix code at all
} DeflateCodeShape;

// Canonical Huffman codes from code lengths (RFC 1951 §3.2.2). Each code is returned
// bit-reversed, because deflate packs Huffman codes most significant bit first into an
// otherwise least-significant-bit-first stream: the encoder can then write a code like any other
// bit field, and the decoder can index its lookup table with the next bits as they arrive.
// Symbols of length 0 get no code.
static inline DeflateCodeShape deflate_reversed_codes(const uint8_t *lengths, int count,
                                                      uint16_t *codes) {
  uint16_t per_length[DEFLATE_MAX_CODE_BITS + 1] = {0};
  for (int symbol = 0; symbol < count; symbol++) per_length[lengths[symbol]]++;
  per_length[0] = 0;

  // `left` is the number of unassigned patterns at the current length (Kraft inequality).
  int32_t left = 1;
  uint16_t next_code[DEFLATE_MAX_CODE_BITS + 1];
  uint16_t code = 0;
  for (int bits = 1; bits <= DEFLATE_MAX_CODE_BITS; bits++) {
    left = left * 2 - per_length[bits];
    if (left < 0) return DEFLATE_CODE_OVERSUBSCRIBED;
    code = (uint16_t)((code + per_length[bits - 1]) << 1);
    next_code[bits] = code;
  }

  for (int symbol = 0; symbol < count; symbol++) {
    int bits = lengths[symbol];
    if (bits == 0) continue;
    uint16_t forward = next_code[bits]++;
    uint16_t reversed = 0;
    for (int bit = 0; bit < bits; bit++) {
      reversed = (uint16_t)(reversed << 1 | (forward >> bit & 1));
    }
    codes[symbol] = reversed;
  }
  return left == 0 ? DEFLATE_CODE_COMPLETE : DEFLATE_CODE_INCOMPLETE;
}

#endif
