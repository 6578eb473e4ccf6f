// BMP plumbing shared by the image-container modules in examples/ (bmp-double, bmp-to-ico,
// svg-rasterize, text-to-bmp): little-endian field access, the checks an uncompressed 24- or
// 32-bpp BMP must pass before its pixels are read, and the 54-byte header the modules write.
//
// Layout of the 54 bytes every such file starts with (all little-endian):
//
//   0  "BM"                   18 i32 width              34 u32 pixel bytes (0 allowed)
//   2  u32 file size          22 i32 height (< 0:       38 i32 horizontal pixels per metre
//   6  u32 reserved, 0               top row first)     42 i32 vertical pixels per metre
//   10 u32 pixel data offset  26 u16 planes, 1          46 u32 palette colours used
//   14 u32 DIB header size    28 u16 bits per pixel     50 u32 important colours
//                             30 u32 compression, 0 = BI_RGB
//
// Pixel rows are stored bottom-up unless the height is negative, each row padded to a multiple
// of 4 bytes, pixels as B, G, R (and A for 32 bpp).
#ifndef QIP_BMP_H
#define QIP_BMP_H

#include <stdint.h>

#define BMP_HEADER_BYTES 54u

static inline uint32_t read_u16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }

static inline uint32_t read_u32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void write_u16(uint8_t *p, uint32_t value) {
  p[0] = (uint8_t)value;
  p[1] = (uint8_t)(value >> 8);
}

static inline void write_u32(uint8_t *p, uint32_t value) {
  p[0] = (uint8_t)value;
  p[1] = (uint8_t)(value >> 8);
  p[2] = (uint8_t)(value >> 16);
  p[3] = (uint8_t)(value >> 24);
}

// What the modules need to know about an input BMP, from bmp_read_info.
typedef struct {
  uint32_t width;          // pixels, at least 1
  uint32_t height;         // pixels, at least 1 (the header's height without its sign)
  int top_down;            // 1 when the header's height is negative: the first stored row is the top one
  uint32_t bits_per_pixel; // 24 or 32
  uint32_t pixel_offset;   // byte offset of the first stored row, at least 54
  uint32_t row_stride;     // bytes per stored row, a multiple of 4
} bmp_info;

// Checks that `bmp` (`size` bytes) is an uncompressed (BI_RGB) 24- or 32-bpp BMP with a DIB header
// of at least 40 bytes, a pixel offset of at least 54 and all its pixel rows inside the input,
// and describes it. Returns 0, leaving `info` unspecified, for anything else.
static inline int bmp_read_info(const uint8_t *bmp, uint32_t size, bmp_info *info) {
  if (size < BMP_HEADER_BYTES || bmp[0] != 'B' || bmp[1] != 'M') return 0;
  if (read_u32(bmp + 14) < 40 || read_u32(bmp + 30) != 0) return 0;
  int32_t width = (int32_t)read_u32(bmp + 18);
  int32_t height = (int32_t)read_u32(bmp + 22);
  uint32_t bits = read_u16(bmp + 28);
  uint32_t offset = read_u32(bmp + 10);
  if (width <= 0 || height == 0 || height == INT32_MIN) return 0;
  if ((bits != 24 && bits != 32) || offset < BMP_HEADER_BYTES) return 0;
  uint32_t rows = height < 0 ? (uint32_t)-height : (uint32_t)height;
  uint64_t stride = ((uint64_t)width * bits + 31) / 32 * 4;
  if ((uint64_t)offset + stride * rows > size) return 0;
  info->width = (uint32_t)width;
  info->height = rows;
  info->top_down = height < 0;
  info->bits_per_pixel = bits;
  info->pixel_offset = offset;
  info->row_stride = (uint32_t)stride;
  return 1;
}

// Writes the 54-byte header of a 32-bpp BI_RGB BMP whose rows follow it directly, bottom-up (a
// positive height), with the given resolution in pixels per metre (0 when unknown).
static inline void bmp_write_header_32(uint8_t *out, uint32_t width, uint32_t height,
                                uint32_t pixels_per_metre) {
  uint32_t pixel_bytes = width * height * 4;
  for (uint32_t i = 0; i < BMP_HEADER_BYTES; i++) out[i] = 0;
  out[0] = 'B';
  out[1] = 'M';
  write_u32(out + 2, BMP_HEADER_BYTES + pixel_bytes);
  write_u32(out + 10, BMP_HEADER_BYTES);
  write_u32(out + 14, 40);
  write_u32(out + 18, width);
  write_u32(out + 22, height);
  write_u16(out + 26, 1);
  write_u16(out + 28, 32);
  write_u32(out + 34, pixel_bytes);
  write_u32(out + 38, pixels_per_metre);
  write_u32(out + 42, pixels_per_metre);
}

#endif
