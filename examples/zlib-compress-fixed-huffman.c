// zlib-compress-fixed-huffman: zlib stream holding one final deflate block coded with the
// *fixed* Huffman codes, after greedy LZ77 (3-byte hash, 15 hash bits, chain of 64, 32 KiB
// window, matches of 3 to 258 bytes).
//
// Run contract (zero-argument export functions):
//   input  bytes, input_bytes_cap  8 MiB
//   output bytes, output_bytes_cap 9 MiB + 16
//
//   printf %s "qip + wasm" | qip run examples/zlib-compress-fixed-huffman.wasm \
//     examples/base64-encode.wasm
//     -> eAErzCxQ0FYoTyzOBQASeQNu
#include "zlib/_deflate_encoder.h"

#define QIP_INPUT_CAP MIB(8)
// The worst case is all literals: no fixed code is longer than 9 bits, and a match costs less
// per byte (a 3-byte match at most 7 + 5 + 13 = 25 bits, a longer one at most 8 + 5 + 5 + 13).
// So 9/8 of the input, plus 10 bits of block header and end-of-block code (2 bytes), plus the
// 2-byte zlib header and the 4-byte checksum: 9 MiB + 8; 16 leaves room to spare.
#define QIP_OUTPUT_CAP (QIP_INPUT_CAP / 8 * 9 + 16)

#define QIP_INPUT_KIND QIP_BYTES
#define QIP_OUTPUT_KIND QIP_BYTES
#include "include/qip_stage.h"

static BlockCodes fixed_codes;

QIP_EXPORT("run") uint32_t run(uint32_t input_size) {
  input_size = qip_input_size(input_size);
  BlockCodes *codes = &fixed_codes;
  deflate_fixed_lengths(codes->litlen_lengths, codes->dist_lengths);
  deflate_reversed_codes(codes->litlen_lengths, DEFLATE_FIXED_LITLEN_SYMBOLS, codes->litlen_codes);
  deflate_reversed_codes(codes->dist_lengths, DEFLATE_FIXED_DIST_SYMBOLS, codes->dist_codes);

  BitWriter w = bit_writer(qip_output, QIP_OUTPUT_CAP);
  put_zlib_header(&w);
  put_bits(&w, 1, 1); // BFINAL
  put_bits(&w, 1, 2); // BTYPE 01: fixed Huffman codes

  // The fixed code needs no statistics, so tokens are written as they are found.
  Lz77 lz = lz77_start(qip_input, input_size);
  while (lz.pos < input_size) {
    uint32_t literal_pos = lz.pos;
    Lz77Token token = lz77_next(&lz);
    if (token.length == 0) {
      put_symbol(&w, codes, qip_input[literal_pos]);
    } else {
      put_match(&w, codes, token.length, token.distance);
    }
  }
  put_symbol(&w, codes, DEFLATE_END_OF_BLOCK);

  put_zlib_trailer(&w, qip_input, input_size);
  return w.bytes.overflow ? 0 : w.bytes.len;
}
