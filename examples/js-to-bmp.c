// qip-build: -Wl,--stack-first
// js-to-bmp: draws JavaScript source code as a picture, 8×8 characters on white, 80 per row,
// with the JavaScript keywords in blue.
//
// Run contract: exported functions, UTF-8 in, binary out.
//   input_utf8_cap 64 KiB, output_bytes_cap 8 MiB
//
//   echo 'const x = 1;' | qip run examples/js-to-bmp.wasm   ->  a 640×24 BMP
//   printf 'a\nb\nc' | qip run examples/js-to-bmp.wasm      ->  a 640×36 BMP
//
// Layout and BMP format as text-to-bmp (bmp/_text_raster.h) with a fixed leading of 4 pixels
// (rows 12 pixels high); keywords found as bmp/_source_highlight.h describes: the reserved words
// of ECMAScript plus the literals null, true and false and the contextual let, static, yield,
// async and await, outside comments and string and template literals.

#define QIP_INPUT_CAP (64 * 1024)
#define QIP_OUTPUT_CAP (8 * 1024 * 1024)
#define QIP_INPUT_KIND QIP_UTF8
#define QIP_OUTPUT_KIND QIP_BYTES
#include "include/qip_stage.h"

#include "bmp/_source_highlight.h"
#include "bmp/_text_raster.h"

static const char *const JS_KEYWORDS[] = {
    "async", "await", "break", "case", "catch", "class", "const", "continue", "debugger",
    "default", "delete", "do", "else", "enum", "export", "extends", "false", "finally", "for",
    "function", "if", "import", "in", "instanceof", "let", "new", "null", "return", "static",
    "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with",
    "yield", 0,
};

static uint8_t colours[QIP_INPUT_CAP];

QIP_EXPORT("run") uint32_t run(uint32_t input_size) {
  uint32_t size = qip_input_size(input_size);
  highlight_keywords(qip_input, size, JS_KEYWORDS, 1, colours);
  return text_to_bmp(qip_input, size, 4, qip_output, QIP_OUTPUT_CAP, colours, HIGHLIGHT_PALETTE);
}
