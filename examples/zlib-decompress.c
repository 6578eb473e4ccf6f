// zlib-decompress: strict zlib (RFC 1950) decoder for one stream of stored, fixed-Huffman and
// dynamic-Huffman deflate blocks (RFC 1951), whoever the encoder.
//
// Run contract (zero-argument export functions):
//   input  bytes, input_bytes_cap  8 MiB
//   output bytes, output_bytes_cap 16 MiB
//
// Anything but exactly one valid stream gives empty output: a bad header (not deflate, a window
// over 32 KiB, a failed FCHECK, a preset dictionary), corrupt or truncated data, a wrong Adler-32,
// bytes after the checksum, or more than 16 MiB of output. The validity rules of the codes are
// zlib's own, so that what zlib accepts is accepted here too.
//
//   printf %s "qip + wasm" | qip run examples/zlib-compress.wasm examples/zlib-decompress.wasm
//     -> qip + wasm
#include "zlib/_zlib_common.h"

#define QIP_INPUT_CAP MIB(8)
#define QIP_OUTPUT_CAP MIB(16)

#define QIP_INPUT_KIND QIP_BYTES
#define QIP_OUTPUT_KIND QIP_BYTES
#include "include/qip_stage.h"

// --- Bit reader ---

typedef struct {
  const uint8_t *next; // next byte not yet in `bits`
  const uint8_t *end;
  uint64_t bits;       // buffered input, the next bit lowest
  uint32_t count;      // number of valid bits in `bits`
} BitReader;

// Tops the buffer up to at least 57 bits, or to whatever input is left. Past the end the buffer
// reads as zero bits; callers compare `count` with what they consume to detect truncation.
static inline void refill(BitReader *r) {
  while (r->count <= 56 && r->next < r->end) {
    r->bits |= (uint64_t)*r->next++ << r->count;
    r->count += 8;
  }
}

// Reads `n` (<= 16) bits as an unsigned number, first bit lowest; -1 when the input ends first.
static inline int32_t read_bits(BitReader *r, uint32_t n) {
  refill(r);
  if (r->count < n) return -1;
  int32_t value = (int32_t)(r->bits & ((1u << n) - 1));
  r->bits >>= n;
  r->count -= n;
  return value;
}

// Drops the bits left in the current byte, then hands the whole buffered bytes back to the input,
// so that `next` is the position of the next unread byte (stored blocks and the trailer are
// byte-aligned and are read straight from memory).
static inline void align_to_byte(BitReader *r) {
  r->count -= r->count % 8;
  r->next -= r->count / 8;
  r->bits = 0;
  r->count = 0;
}

// --- Huffman decoding tables ---

// One entry per possible value of the next `bits` input bits: the symbol whose code those bits
// start with (symbol << 4 | code length), or 0 where no code matches. A code shorter than `bits`
// fills every entry that begins with it.
typedef struct {
  uint16_t *entries;
  uint32_t bits; // the longest code length, at least 1
} DecodeTable;

static uint16_t litlen_entries[1u << DEFLATE_MAX_CODE_BITS];
static uint16_t dist_entries[1u << DEFLATE_MAX_CODE_BITS];
static uint16_t codelen_entries[1u << DEFLATE_MAX_CODELEN_BITS];

// Builds `table` for `count` code lengths; 0 when they do not form an acceptable code. Like
// zlib: an over-subscribed set is never acceptable, an incomplete one only as a single 1-bit code
// of a literal/length or distance code (`strict` rejects even that), and a code without any
// symbol is accepted but decodes nothing.
static int build_table(DecodeTable *table, const uint8_t *lengths, int count, int strict) {
  uint16_t codes[DEFLATE_FIXED_LITLEN_SYMBOLS];
  DeflateCodeShape shape = deflate_reversed_codes(lengths, count, codes);
  uint32_t longest = 0;
  for (int symbol = 0; symbol < count; symbol++) {
    if (lengths[symbol] > longest) longest = lengths[symbol];
  }
  if (shape == DEFLATE_CODE_OVERSUBSCRIBED) return 0;
  if (shape == DEFLATE_CODE_INCOMPLETE && longest > 0 && (strict || longest > 1)) return 0;

  table->bits = longest == 0 ? 1 : longest;
  uint32_t size = 1u << table->bits;
  for (uint32_t i = 0; i < size; i++) table->entries[i] = 0;
  for (int symbol = 0; symbol < count; symbol++) {
    uint32_t bits = lengths[symbol];
    if (bits == 0) continue;
    for (uint32_t i = codes[symbol]; i < size; i += 1u << bits) {
      table->entries[i] = (uint16_t)(symbol << 4 | bits);
    }
  }
  return 1;
}

// The next symbol, or -1 for a bit pattern that is no code or input that ends inside the code.
static inline int32_t decode_symbol(BitReader *r, const DecodeTable *table) {
  refill(r);
  uint16_t entry = table->entries[r->bits & ((1u << table->bits) - 1)];
  uint32_t bits = entry & 15;
  if (bits == 0 || bits > r->count) return -1;
  r->bits >>= bits;
  r->count -= bits;
  return entry >> 4;
}

// --- Blocks ---

typedef struct {
  BitReader in;
  uint8_t *out;
  uint32_t size; // bytes decoded so far
} Inflater;

static int inflate_stored(Inflater *z) {
  align_to_byte(&z->in);
  if (z->in.end - z->in.next < 4) return 0;
  const uint8_t *header = z->in.next;
  uint32_t length = header[0] | (uint32_t)header[1] << 8;
  uint32_t complement = header[2] | (uint32_t)header[3] << 8;
  if ((length ^ 0xffff) != complement) return 0;
  z->in.next += 4;
  if ((uint32_t)(z->in.end - z->in.next) < length || QIP_OUTPUT_CAP - z->size < length) return 0;
  __builtin_memcpy(z->out + z->size, z->in.next, length);
  z->in.next += length;
  z->size += length;
  return 1;
}

// Decodes literals and matches up to the end-of-block symbol.
static int inflate_codes(Inflater *z, const DecodeTable *litlen, const DecodeTable *dist) {
  for (;;) {
    int32_t symbol = decode_symbol(&z->in, litlen);
    if (symbol < 0) return 0;
    if (symbol < 256) {
      if (z->size == QIP_OUTPUT_CAP) return 0;
      z->out[z->size++] = (uint8_t)symbol;
      continue;
    }
    if (symbol == DEFLATE_END_OF_BLOCK) return 1;

    int index = symbol - 257;
    if (index >= 29) return 0; // 286 and 287 exist in the fixed code but mean nothing
    int32_t length_extra = read_bits(&z->in, deflate_length_extra[index]);
    int32_t dist_symbol = decode_symbol(&z->in, dist);
    if (length_extra < 0 || dist_symbol < 0 || dist_symbol >= DEFLATE_DIST_SYMBOLS) return 0;
    int32_t dist_extra = read_bits(&z->in, deflate_dist_extra[dist_symbol]);
    if (dist_extra < 0) return 0;
    uint32_t length = deflate_length_base[index] + (uint32_t)length_extra;
    uint32_t distance = deflate_dist_base[dist_symbol] + (uint32_t)dist_extra;
    if (distance > z->size || QIP_OUTPUT_CAP - z->size < length) return 0;

    // Byte by byte: when the distance is shorter than the length the copy reads bytes it has
    // just written, which is how deflate encodes runs.
    uint8_t *to = z->out + z->size;
    const uint8_t *from = to - distance;
    for (uint32_t i = 0; i < length; i++) to[i] = from[i];
    z->size += length;
  }
}

static int inflate_fixed(Inflater *z) {
  uint8_t litlen_lengths[DEFLATE_FIXED_LITLEN_SYMBOLS];
  uint8_t dist_lengths[DEFLATE_FIXED_DIST_SYMBOLS];
  deflate_fixed_lengths(litlen_lengths, dist_lengths);
  DecodeTable litlen = {litlen_entries, 0}, dist = {dist_entries, 0};
  build_table(&litlen, litlen_lengths, DEFLATE_FIXED_LITLEN_SYMBOLS, 0);
  build_table(&dist, dist_lengths, DEFLATE_FIXED_DIST_SYMBOLS, 0);
  return inflate_codes(z, &litlen, &dist);
}

static int inflate_dynamic(Inflater *z) {
  int32_t hlit = read_bits(&z->in, 5), hdist = read_bits(&z->in, 5), hclen = read_bits(&z->in, 4);
  if (hlit < 0 || hdist < 0 || hclen < 0) return 0;
  int litlen_count = hlit + 257, dist_count = hdist + 1;
  if (litlen_count > DEFLATE_LITLEN_SYMBOLS || dist_count > DEFLATE_DIST_SYMBOLS) return 0;

  uint8_t codelen_lengths[DEFLATE_CODELEN_SYMBOLS] = {0};
  for (int i = 0; i < hclen + 4; i++) {
    int32_t bits = read_bits(&z->in, 3);
    if (bits < 0) return 0;
    codelen_lengths[deflate_codelen_order[i]] = (uint8_t)bits;
  }
  DecodeTable codelen = {codelen_entries, 0};
  if (!build_table(&codelen, codelen_lengths, DEFLATE_CODELEN_SYMBOLS, 1)) return 0;

  // Both length lists arrive as one run-length coded sequence; a run may cross between them.
  uint8_t lengths[DEFLATE_LITLEN_SYMBOLS + DEFLATE_DIST_SYMBOLS];
  int total = litlen_count + dist_count;
  for (int i = 0; i < total;) {
    int32_t symbol = decode_symbol(&z->in, &codelen);
    if (symbol < 0) return 0;
    if (symbol < 16) {
      lengths[i++] = (uint8_t)symbol;
      continue;
    }
    // 16: the previous length 3-6 times; 17: 3-10 zeros; 18: 11-138 zeros.
    if (symbol == 16 && i == 0) return 0; // nothing to repeat
    uint8_t value = symbol == 16 ? lengths[i - 1] : 0;
    int32_t extra = read_bits(&z->in, symbol == 16 ? 2 : symbol == 17 ? 3 : 7);
    int32_t repeat = (symbol == 18 ? 11 : 3) + extra;
    if (extra < 0 || repeat > total - i) return 0; // input ended, or the run overflows the lists
    while (repeat-- > 0) lengths[i++] = value;
  }
  if (lengths[DEFLATE_END_OF_BLOCK] == 0) return 0; // the block could never end

  DecodeTable litlen = {litlen_entries, 0}, dist = {dist_entries, 0};
  if (!build_table(&litlen, lengths, litlen_count, 0)) return 0;
  if (!build_table(&dist, lengths + litlen_count, dist_count, 0)) return 0;
  return inflate_codes(z, &litlen, &dist);
}

// --- The module ---

// The number of bytes of the one stream in `in`, or -1 if it is not exactly one valid stream.
static int64_t inflate_zlib(const uint8_t *in, uint32_t in_size, uint8_t *out) {
  if (in_size < 2) return -1;
  uint32_t cmf = in[0], flg = in[1];
  int deflate_method = (cmf & 0x0f) == 8 && (cmf >> 4) <= 7; // window of at most 32 KiB
  int check_passes = (cmf << 8 | flg) % 31 == 0;
  int preset_dictionary = (flg & 0x20) != 0; // would need the dictionary, which we cannot have
  if (!deflate_method || !check_passes || preset_dictionary) return -1;

  Inflater z = {.in = {.next = in + 2, .end = in + in_size}, .out = out, .size = 0};
  int32_t final;
  do {
    final = read_bits(&z.in, 1);
    int32_t type = read_bits(&z.in, 2);
    int ok = 0;
    if (type == 0) ok = inflate_stored(&z);
    if (type == 1) ok = inflate_fixed(&z);
    if (type == 2) ok = inflate_dynamic(&z);
    if (!ok) return -1; // includes type 3 (reserved) and input that ended in the header
  } while (final == 0);

  align_to_byte(&z.in);
  if (z.in.end - z.in.next != 4) return -1; // truncated checksum, or trailing bytes
  const uint8_t *trailer = z.in.next;
  uint32_t expected = (uint32_t)trailer[0] << 24 | (uint32_t)trailer[1] << 16 |
                      (uint32_t)trailer[2] << 8 | trailer[3];
  if (adler32(out, z.size) != expected) return -1;
  return z.size;
}

QIP_EXPORT("run") uint32_t run(uint32_t input_size) {
  input_size = qip_input_size(input_size);
  int64_t size = inflate_zlib(qip_input, input_size, qip_output);
  return size < 0 ? 0 : (uint32_t)size;
}
