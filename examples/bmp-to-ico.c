// qip-build: -Wl,--stack-first
// bmp-to-ico: wraps a BMP picture in a Windows icon (.ico) file with one image.
//
// Run contract: exported functions, binary in and out.
//   input_bytes_cap 16 MiB, output_bytes_cap 24 MiB
//
//   qip run -i logo.svg examples/svg-rasterize.wasm examples/bmp-double.wasm \
//     examples/bmp-to-ico.wasm > logo.ico
//
// The input must be an uncompressed (BI_RGB) 24- or 32-bpp BMP of at most 256×256 pixels, rows
// stored top-down or bottom-up; anything else gives empty output. The icon is, little-endian:
//
//   ICONDIR        u16 0, u16 1 (icon), u16 1 (one image)
//   ICONDIRENTRY   u8 width, u8 height (0 meaning 256), u8 0 colours, u8 0, u16 1 plane,
//                  u16 bits per pixel, u32 image bytes, u32 22 (where the image starts)
//   image          BITMAPINFOHEADER: u32 40, i32 width, i32 2·height (the colour bitmap and the
//                  mask stacked), u16 1, u16 bits per pixel, u32 0, u32 colour + mask bytes,
//                  then four u32 0 (resolution and palette fields);
//                  the colour ("XOR") bitmap in the input's bit depth, bottom row first, each row
//                  padded with zeros to a multiple of 4 bytes;
//                  the transparency ("AND") mask, 1 bit per pixel, all 0 (every pixel opaque;
//                  a 32-bpp image carries its own alpha), rows padded to a multiple of 4 bytes.
//
// A 1×1 24-bpp red BMP gives the 70-byte icon whose base64 is
// AAABAAEAAQEAAAEAGAAwAAAAFgAAACgAAAABAAAAAgAAAAEAGAAAAAAACAAAAAAAAAAAAAAAAAAAAAAAAAAAAP8AAAAAAA==

#define QIP_INPUT_CAP (16 * 1024 * 1024)
#define QIP_OUTPUT_CAP (24 * 1024 * 1024)
#define QIP_INPUT_KIND QIP_BYTES
#define QIP_OUTPUT_KIND QIP_BYTES
#include "include/qip_stage.h"

#include "bmp/_bmp.h"

#define ICON_MAX_SIDE 256u
#define ICONDIR_BYTES 6u
#define ICONDIRENTRY_BYTES 16u
#define INFO_HEADER_BYTES 40u

QIP_EXPORT("run") uint32_t run(uint32_t input_size) {
  bmp_info in;
  if (!bmp_read_info(qip_input, qip_input_size(input_size), &in)) return 0;
  if (in.width > ICON_MAX_SIDE || in.height > ICON_MAX_SIDE) return 0;

  uint32_t pixel_row_bytes = in.width * in.bits_per_pixel / 8;
  uint32_t colour_bytes = in.row_stride * in.height;
  uint32_t mask_stride = (in.width + 31) / 32 * 4;
  uint32_t mask_bytes = mask_stride * in.height;
  uint32_t image_offset = ICONDIR_BYTES + ICONDIRENTRY_BYTES;
  uint32_t image_bytes = INFO_HEADER_BYTES + colour_bytes + mask_bytes;
  uint32_t out_size = image_offset + image_bytes;
  uint8_t *out = qip_output;
  __builtin_memset(out, 0, out_size);

  write_u16(out + 2, 1);
  write_u16(out + 4, 1);

  uint8_t *entry = out + ICONDIR_BYTES;
  entry[0] = (uint8_t)in.width; // 256 wraps to 0, which means 256
  entry[1] = (uint8_t)in.height;
  write_u16(entry + 4, 1);
  write_u16(entry + 6, in.bits_per_pixel);
  write_u32(entry + 8, image_bytes);
  write_u32(entry + 12, image_offset);

  uint8_t *info = out + image_offset;
  write_u32(info, INFO_HEADER_BYTES);
  write_u32(info + 4, in.width);
  write_u32(info + 8, in.height * 2);
  write_u16(info + 12, 1);
  write_u16(info + 14, in.bits_per_pixel);
  write_u32(info + 20, colour_bytes + mask_bytes);

  // Output row i counts from the bottom; it is stored row i of a bottom-up input and stored row
  // height−1−i of a top-down one. The padding stays zero, and so does the mask after it.
  uint8_t *colour = info + INFO_HEADER_BYTES;
  for (uint32_t i = 0; i < in.height; i++) {
    uint32_t stored_row = in.top_down ? in.height - 1 - i : i;
    __builtin_memcpy(colour + i * in.row_stride,
                     qip_input + in.pixel_offset + stored_row * in.row_stride, pixel_row_bytes);
  }
  return out_size;
}
