// zlib-compress: wraps the input in a zlib stream of *stored* (uncompressed) deflate blocks.
//
// Run contract (zero-argument export functions):
//   input  bytes, input_bytes_cap  8 MiB
//   output bytes, output_bytes_cap 8 MiB + 651
//
// Output: 78 01, then blocks of at most 65535 bytes (BFINAL on the last one; empty input gives
// one empty final block), then the Adler-32 of the input.
//
//   printf %s "qip + wasm" | qip run examples/zlib-compress.wasm examples/base64-encode.wasm
//     -> eAEBCgD1/3FpcCArIHdhc20SeQNu
#include "zlib/_deflate_encoder.h"

#define QIP_INPUT_CAP MIB(8)
// Each block costs 5 header bytes (type byte, LEN, NLEN): 129 blocks for 8 MiB = 645 bytes,
// plus the 2-byte zlib header and the 4-byte checksum.
#define BLOCK_COUNT_MAX ((QIP_INPUT_CAP + DEFLATE_STORED_MAX - 1) / DEFLATE_STORED_MAX)
#define QIP_OUTPUT_CAP (QIP_INPUT_CAP + 5 * BLOCK_COUNT_MAX + 6)

#define QIP_INPUT_KIND QIP_BYTES
#define QIP_OUTPUT_KIND QIP_BYTES
#include "include/qip_stage.h"

QIP_EXPORT("run") uint32_t run(uint32_t input_size) {
  input_size = qip_input_size(input_size);
  BitWriter w = bit_writer(qip_output, QIP_OUTPUT_CAP);
  put_zlib_header(&w);

  uint32_t done = 0;
  do {
    uint32_t length = input_size - done;
    if (length > DEFLATE_STORED_MAX) length = DEFLATE_STORED_MAX;
    int final = done + length == input_size;
    // Block header: BFINAL, then BTYPE 00; a stored block's LEN starts at the next byte, so the
    // other five bits of this byte are padding.
    put_byte(&w.bytes, (uint8_t)final);
    put_byte(&w.bytes, (uint8_t)length);
    put_byte(&w.bytes, (uint8_t)(length >> 8));
    put_byte(&w.bytes, (uint8_t)~length);
    put_byte(&w.bytes, (uint8_t)(~length >> 8));
    put_bytes(&w.bytes, qip_input + done, length); // always fits, with the caps above
    done += length;
  } while (done < input_size);

  put_zlib_trailer(&w, qip_input, input_size);
  return w.bytes.overflow ? 0 : w.bytes.len;
}
