// Plain text drawn into a 32-bpp BMP with the 8×8 font of _font_8x8.h, for text-to-bmp (and any
// module that shows text as a picture, e.g. with highlighted words).
//
// Layout, by input byte:
//   printable ASCII           its glyph in the next column; a row holds 80 columns (640 pixels)
//                             and a character that finds the row full starts a new one
//   "\r\n", "\r", "\n"        end the row: the next character starts a new row at column 0, so a
//                             final line break leaves an empty last row
//   "\t"                      moves on to the next multiple of 4 columns (from a full row: to
//                             column 4 of a new row)
//   0xC0..0xFF                the first byte of a multi-byte UTF-8 character (or an invalid
//                             byte that cannot continue one): one column, drawn as a hollow box
//   anything else             nothing (other control characters, DEL, UTF-8 continuation bytes)
// There is always at least one row. A text row is 8 + leading pixels high, with leading / 2
// (rounded down) blank pixels above the glyphs and the rest below. The background is opaque
// white; ink comes from a palette, black by default.
//
// The image is 640 pixels wide and as high as its rows; rows beyond what the output capacity
// can hold are left out. The BMP: 54-byte header with 2835 pixels per metre (72 dpi) in both
// resolution fields, rows bottom-up, pixels B, G, R, A.
#ifndef QIP_TEXT_RASTER_H
#define QIP_TEXT_RASTER_H

#include <stdint.h>

#include "_bmp.h"
#include "_font_8x8.h"

#define TEXT_COLUMNS 80u
#define TEXT_IMAGE_WIDTH (TEXT_COLUMNS * 8u)
#define TEXT_TAB_STOP 4u
#define TEXT_PIXELS_PER_METRE 2835u

// Where and how text_walk draws; `pixels` 0 means "only count the rows".
typedef struct {
  uint8_t *pixels;          // the BMP's pixel rows, bottom-up
  uint32_t image_height;    // in pixels
  uint32_t row_height;      // 8 + leading
  uint32_t glyph_top;       // blank pixel rows above the glyphs in each text row
  uint32_t max_rows;        // text rows that fit; characters in later rows are not drawn
  const uint8_t *colours;   // optional: a palette index for each input byte
  const uint32_t *palette;  // 0xRRGGBB by index, used with `colours`
} text_canvas;

static void text_draw_glyph(const text_canvas *canvas, uint32_t row, uint32_t col, uint32_t glyph,
                            uint32_t rgb) {
  if (row >= canvas->max_rows) return;
  uint32_t top = row * canvas->row_height + canvas->glyph_top;
  for (uint32_t gy = 0; gy < 8; gy++) {
    uint8_t *line =
        canvas->pixels + ((canvas->image_height - 1 - (top + gy)) * TEXT_IMAGE_WIDTH + col * 8) * 4;
    for (uint32_t gx = 0; gx < 8; gx++) {
      if (!font_ink(glyph, gy, gx)) continue;
      line[gx * 4] = (uint8_t)rgb;
      line[gx * 4 + 1] = (uint8_t)(rgb >> 8);
      line[gx * 4 + 2] = (uint8_t)(rgb >> 16);
    }
  }
}

// Lays out `size` bytes of text (see the top of this file), drawing them when `canvas->pixels`
// is set, and returns how many text rows they take.
static uint32_t text_walk(const uint8_t *text, uint32_t size, const text_canvas *canvas) {
  uint32_t row = 0;
  uint32_t col = 0;
  for (uint32_t i = 0; i < size; i++) {
    uint8_t b = text[i];
    if (b == '\r' || b == '\n') {
      if (b == '\r' && i + 1 < size && text[i + 1] == '\n') i++;
      row++;
      col = 0;
      continue;
    }
    if (b == '\t') {
      if (col == TEXT_COLUMNS) row++, col = 0;
      col = (col / TEXT_TAB_STOP + 1) * TEXT_TAB_STOP;
      continue;
    }
    uint32_t glyph;
    if (b >= FONT_FIRST && b <= FONT_LAST) {
      glyph = b - FONT_FIRST;
    } else if (b >= 0xC0) {
      glyph = FONT_MISSING;
    } else {
      continue;
    }
    if (col == TEXT_COLUMNS) row++, col = 0;
    if (canvas->pixels) {
      uint32_t rgb = canvas->colours ? canvas->palette[canvas->colours[i]] : 0x000000;
      text_draw_glyph(canvas, row, col, glyph, rgb);
    }
    col++;
  }
  return row + 1;
}

// Draws `text` as a BMP into `out` (room for `cap` bytes) and returns the BMP's size. `colours`
// and `palette` are optional (0: all text black).
static uint32_t text_to_bmp(const uint8_t *text, uint32_t size, uint32_t leading, uint8_t *out,
                            uint32_t cap, const uint8_t *colours, const uint32_t *palette) {
  text_canvas canvas = {0, 0, 8 + leading, leading / 2, 0, colours, palette};
  uint32_t rows = text_walk(text, size, &canvas);
  uint32_t row_bytes = TEXT_IMAGE_WIDTH * 4 * canvas.row_height;
  uint32_t fitting_rows = (cap - BMP_HEADER_BYTES) / row_bytes;
  canvas.max_rows = rows < fitting_rows ? rows : fitting_rows;
  canvas.image_height = canvas.max_rows * canvas.row_height;
  canvas.pixels = out + BMP_HEADER_BYTES;
  __builtin_memset(canvas.pixels, 0xFF, canvas.max_rows * row_bytes); // opaque white
  text_walk(text, size, &canvas);
  bmp_write_header_32(out, TEXT_IMAGE_WIDTH, canvas.image_height, TEXT_PIXELS_PER_METRE);
  return BMP_HEADER_BYTES + canvas.max_rows * row_bytes;
}

#endif
