// qip-build: -msimd128 -Wl,--stack-first
// bmp-double: enlarges a 32-bpp BMP to twice its width and height, each pixel becoming a 2×2
// block (nearest neighbour).
//
// Run contract: exported functions, binary in and out.
//   input at 0x10000 (after a 64 KiB stack), input_bytes_cap 8 MiB, output_bytes_cap 32 MiB
//
//   echo '<svg width="32" height="32">…</svg>' | qip run examples/svg-rasterize.wasm \
//     examples/bmp-double.wasm                                  ->  a 64×64 BMP, 16 438 bytes
//
// The input must be an uncompressed (BI_RGB) 32-bpp BMP (DIB header of at least 40 bytes, pixel
// data at offset 54 or later, inside the input); anything else gives empty output, as does a
// result larger than the output capacity. Everything before the pixel data is copied as it is,
// with the file size, width and height fields updated (and the pixel byte count, unless the input
// leaves it 0). The sign of the height, and so the row order, is kept: stored row r of the input
// becomes stored rows 2r and 2r+1 of the output, and pixel c of a row becomes pixels 2c and 2c+1.
//
// With -msimd128 the doubling moves four pixels at a time: one 16-byte load, two lane shuffles
// (pixels 0 0 1 1 and 2 2 3 3), two stores. It only copies 4-byte pixels around, so it gives the
// same bytes as the pixel-by-pixel loop that handles the last width mod 4 pixels of each row.

#define QIP_INPUT_CAP (8 * 1024 * 1024)
#define QIP_OUTPUT_CAP (32 * 1024 * 1024)
#define QIP_INPUT_KIND QIP_BYTES
#define QIP_OUTPUT_KIND QIP_BYTES
#include "include/qip_stage.h"

#include <wasm_simd128.h>

#include "bmp/_bmp.h"

// Writes each of the `width` 4-byte pixels at `src` twice, side by side, at `dst`.
static void double_row(uint8_t *dst, const uint8_t *src, uint32_t width) {
  uint32_t c = 0;
  for (; c + 4 <= width; c += 4) {
    v128_t four = wasm_v128_load(src + 4 * c);
    wasm_v128_store(dst + 8 * c, wasm_i32x4_shuffle(four, four, 0, 0, 1, 1));
    wasm_v128_store(dst + 8 * c + 16, wasm_i32x4_shuffle(four, four, 2, 2, 3, 3));
  }
  for (; c < width; c++) {
    __builtin_memcpy(dst + 8 * c, src + 4 * c, 4);
    __builtin_memcpy(dst + 8 * c + 4, src + 4 * c, 4);
  }
}

QIP_EXPORT("run") uint32_t run(uint32_t input_size) {
  uint32_t size = qip_input_size(input_size);
  bmp_info in;
  if (!bmp_read_info(qip_input, size, &in) || in.bits_per_pixel != 32) return 0;

  uint64_t out_row_bytes = (uint64_t)in.width * 8;
  uint64_t out_pixel_bytes = out_row_bytes * in.height * 2;
  uint64_t out_size = in.pixel_offset + out_pixel_bytes;
  if (out_size > QIP_OUTPUT_CAP) return 0;

  __builtin_memcpy(qip_output, qip_input, in.pixel_offset);
  write_u32(qip_output + 2, (uint32_t)out_size);
  write_u32(qip_output + 18, in.width * 2);
  write_u32(qip_output + 22, (in.top_down ? -1u : 1u) * in.height * 2);
  if (read_u32(qip_input + 34) != 0) write_u32(qip_output + 34, (uint32_t)out_pixel_bytes);

  const uint8_t *src = qip_input + in.pixel_offset;
  uint8_t *dst = qip_output + in.pixel_offset;
  for (uint32_t r = 0; r < in.height; r++) {
    double_row(dst, src, in.width);
    __builtin_memcpy(dst + out_row_bytes, dst, (uint32_t)out_row_bytes);
    src += in.row_stride;
    dst += 2 * out_row_bytes;
  }
  return (uint32_t)out_size;
}
