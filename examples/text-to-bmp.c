// qip-build: -Wl,--stack-first
// text-to-bmp: draws plain text as a picture: black 8×8 characters on white, 80 per row.
//
// Run contract: exported functions, UTF-8 in, binary out.
//   input_utf8_cap 64 KiB, output_bytes_cap 8 MiB
//
//   printf "Hello\nWorld" | qip run examples/text-to-bmp.wasm   ->  a 640×24 BMP, 61 494 bytes
//   printf x | qip run examples/text-to-bmp.wasm                ->  a 640×12 BMP (so does no input)
//
// Layout and BMP format: bmp/_text_raster.h (80 columns, line breaks "\r\n", "\r" and "\n", tabs
// to multiples of 4 columns, rows of 8 + leading pixels, at least one row, 2835 pixels per metre).
// The glyphs: bmp/_font_8x8.h.
//
// Uniform: uniform_set_leading(i32) -> i32 sets the blank pixels between text rows, clamped to
// 0..64 (default 4, so rows are 12 pixels high) and returns the value kept. qip never calls it for
// a run module; another host, or a test, may.

#define QIP_INPUT_CAP (64 * 1024)
#define QIP_OUTPUT_CAP (8 * 1024 * 1024)
#define QIP_INPUT_KIND QIP_UTF8
#define QIP_OUTPUT_KIND QIP_BYTES
#include "include/qip_stage.h"

#include "bmp/_text_raster.h"

static uint32_t leading = 4;

QIP_EXPORT("uniform_set_leading") int32_t uniform_set_leading(int32_t pixels) {
  leading = pixels < 0 ? 0 : pixels > 64 ? 64 : (uint32_t)pixels;
  return (int32_t)leading;
}

QIP_EXPORT("run") uint32_t run(uint32_t input_size) {
  return text_to_bmp(qip_input, qip_input_size(input_size), leading, qip_output, QIP_OUTPUT_CAP, 0,
                     0);
}
