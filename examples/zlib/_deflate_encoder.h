// Shared by the zlib compressors: an LSB-first bit writer, the zlib header and trailer, the greedy
// LZ77 tokenizer of the Huffman modules and the writing of literal and match tokens. The
// tokenizer's every choice is fixed by the spec (hash, chain length, tie rules) because it decides
// the exact output bytes, which the reference snapshot pins.
#ifndef QIP_DEFLATE_ENCODER_H
#define QIP_DEFLATE_ENCODER_H

#include "../include/qip_writer.h"
#include "_zlib_common.h"

// --- Bit writer ---

// Bits are collected in `pending` and handed to the byte writer whole; on an overflow the module
// returns no output.
typedef struct {
  qip_writer bytes; // whole bytes so far, bounded by the output capacity
  uint64_t pending; // bits not yet written, the oldest in the low bits
  uint32_t pending_count;
} BitWriter;

static inline BitWriter bit_writer(uint8_t *out, uint32_t capacity) {
  return (BitWriter){.bytes = qip_writer_over(out, capacity)};
}

// Appends the low `count` bits of `value` (count <= 32). Deflate packs fields starting at the
// least significant bit of each byte, so new bits go above the pending ones.
static inline void put_bits(BitWriter *w, uint32_t value, uint32_t count) {
  w->pending |= (uint64_t)value << w->pending_count;
  w->pending_count += count;
  while (w->pending_count >= 8) {
    put_byte(&w->bytes, (uint8_t)w->pending);
    w->pending >>= 8;
    w->pending_count -= 8;
  }
}

// Pads with zero bits to the next byte boundary (stored block headers and the zlib trailer are
// byte-aligned).
static inline void align_to_byte(BitWriter *w) {
  if (w->pending_count > 0) put_bits(w, 0, 8 - w->pending_count);
}

static inline void put_zlib_header(BitWriter *w) {
  put_byte(&w->bytes, ZLIB_HEADER_CMF);
  put_byte(&w->bytes, ZLIB_HEADER_FLG);
}

// The Adler-32 of the uncompressed data, most significant byte first (RFC 1950 is big-endian).
static inline void put_zlib_trailer(BitWriter *w, const uint8_t *data, uint32_t size) {
  align_to_byte(w);
  uint32_t checksum = adler32(data, size);
  for (int shift = 24; shift >= 0; shift -= 8) put_byte(&w->bytes, (uint8_t)(checksum >> shift));
}

// --- Symbols ---

// Index into deflate_length_base of the length symbol covering `length` (3..258); the symbol
// itself is 257 + index.
static inline int length_index(uint32_t length) {
  int index = 28;
  while (deflate_length_base[index] > length) index--;
  return index;
}

// The distance symbol covering `distance` (1..32768).
static inline int distance_symbol(uint32_t distance) {
  int symbol = 29;
  while (deflate_dist_base[symbol] > distance) symbol--;
  return symbol;
}

// One Huffman code per alphabet, as `put_bits` wants them (reversed, see
// deflate_reversed_codes). Sized for the fixed code, whose alphabets are the larger ones.
typedef struct {
  uint8_t litlen_lengths[DEFLATE_FIXED_LITLEN_SYMBOLS];
  uint16_t litlen_codes[DEFLATE_FIXED_LITLEN_SYMBOLS];
  uint8_t dist_lengths[DEFLATE_FIXED_DIST_SYMBOLS];
  uint16_t dist_codes[DEFLATE_FIXED_DIST_SYMBOLS];
} BlockCodes;

static inline void put_symbol(BitWriter *w, const BlockCodes *codes, int symbol) {
  put_bits(w, codes->litlen_codes[symbol], codes->litlen_lengths[symbol]);
}

static inline void put_match(BitWriter *w, const BlockCodes *codes, uint32_t length,
                             uint32_t distance) {
  int index = length_index(length);
  put_symbol(w, codes, 257 + index);
  put_bits(w, length - deflate_length_base[index], deflate_length_extra[index]);
  int symbol = distance_symbol(distance);
  put_bits(w, codes->dist_codes[symbol], codes->dist_lengths[symbol]);
  put_bits(w, distance - deflate_dist_base[symbol], deflate_dist_extra[symbol]);
}

// --- Greedy LZ77 (examples.md §8, step 1) ---

#define LZ77_HASH_BITS 15
#define LZ77_MAX_CHAIN 64

// Hash chains: `lz77_head[h]` is the latest position whose next three bytes hash to h, and
// `lz77_prev[p % window]` the position before p with the same hash. Both hold position + 1 so
// that zero (the initial value) means "none"; a window's worth of `prev` is enough because
// older positions are out of reach anyway.
static uint32_t lz77_head[1u << LZ77_HASH_BITS];
static uint32_t lz77_prev[DEFLATE_WINDOW];

typedef struct {
  const uint8_t *data;
  uint32_t size;
  uint32_t pos; // next byte to tokenize
} Lz77;

// A literal (`length` 0, the byte is data[pos] before the step) or a back-reference.
typedef struct {
  uint32_t length;
  uint32_t distance;
} Lz77Token;

static inline Lz77 lz77_start(const uint8_t *data, uint32_t size) {
  // A fresh instance starts zeroed already; clearing keeps a second `run` call correct too.
  for (uint32_t h = 0; h < (1u << LZ77_HASH_BITS); h++) lz77_head[h] = 0;
  return (Lz77){.data = data, .size = size, .pos = 0};
}

// Multiplicative (Fibonacci) hashing of the next three bytes; the top 15 bits of the product
// mix all 24 input bits.
static inline uint32_t lz77_hash(const uint8_t *bytes) {
  uint32_t value = (uint32_t)bytes[0] << 16 | (uint32_t)bytes[1] << 8 | bytes[2];
  return (value * 2654435761u) >> (32 - LZ77_HASH_BITS);
}

// Positions with fewer than three bytes left cannot start a match, so they are never hashed.
static inline void lz77_insert(Lz77 *lz, uint32_t pos) {
  if (lz->size - pos < DEFLATE_MIN_MATCH) return;
  uint32_t h = lz77_hash(lz->data + pos);
  lz77_prev[pos % DEFLATE_WINDOW] = lz77_head[h];
  lz77_head[h] = pos + 1;
}

// The longest earlier match for the bytes at `pos` among the 64 latest candidates of its hash
// chain; the nearest one wins a tie because only a strictly longer match replaces the best.
static inline Lz77Token lz77_longest_match(const Lz77 *lz, uint32_t pos) {
  const uint8_t *here = lz->data + pos;
  uint32_t max_length = lz->size - pos < DEFLATE_MAX_MATCH ? lz->size - pos : DEFLATE_MAX_MATCH;
  Lz77Token best = {.length = DEFLATE_MIN_MATCH - 1, .distance = 0};
  uint32_t entry = lz77_head[lz77_hash(here)];
  for (int tried = 0; tried < LZ77_MAX_CHAIN && entry != 0; tried++) {
    uint32_t candidate = entry - 1;
    uint32_t distance = pos - candidate;
    if (distance > DEFLATE_WINDOW) break; // the chain only gets older from here
    const uint8_t *there = lz->data + candidate;
    // A longer match must agree at index best.length too: test that byte first (same result,
    // fewer full comparisons).
    if (there[best.length] == here[best.length]) {
      uint32_t length = 0;
      while (length < max_length && there[length] == here[length]) length++;
      if (length > best.length) {
        best = (Lz77Token){.length = length, .distance = distance};
        if (length == max_length) break; // nothing can be strictly longer
      }
    }
    entry = lz77_prev[candidate % DEFLATE_WINDOW];
  }
  if (best.length < DEFLATE_MIN_MATCH) best.length = 0;
  return best;
}

// Tokenizes from lz->pos (which must be < lz->size) and advances past the token. Every position
// the token covers enters the hash chains, so later matches can start inside this one.
static inline Lz77Token lz77_next(Lz77 *lz) {
  uint32_t pos = lz->pos;
  Lz77Token token = {0, 0};
  if (lz->size - pos >= DEFLATE_MIN_MATCH) token = lz77_longest_match(lz, pos);
  uint32_t covered = token.length == 0 ? 1 : token.length;
  for (uint32_t i = 0; i < covered; i++) lz77_insert(lz, pos + i);
  lz->pos = pos + covered;
  return token;
}

#endif
