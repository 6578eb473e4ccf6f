// qip-build: -Wl,--stack-first
// c-to-bmp: draws C source code as a picture, 8×8 characters on white, 80 per row, with the C
// keywords in blue.
//
// Run contract: exported functions, UTF-8 in, binary out.
//   input_utf8_cap 64 KiB, output_bytes_cap 8 MiB
//
//   printf x | qip run examples/c-to-bmp.wasm      ->  a 640×12 BMP (so does no input)
//   echo x | qip run examples/c-to-bmp.wasm        ->  a 640×24 BMP: the final newline starts a row
//
// Layout and BMP format as text-to-bmp (bmp/_text_raster.h) with a fixed leading of 4 pixels
// (rows 12 pixels high); keywords found as bmp/_source_highlight.h describes: the C23 keywords,
// including the underscore spellings of C11 and the _Bool/_Complex family, outside comments and
// string and character literals.

#define QIP_INPUT_CAP (64 * 1024)
#define QIP_OUTPUT_CAP (8 * 1024 * 1024)
#define QIP_INPUT_KIND QIP_UTF8
#define QIP_OUTPUT_KIND QIP_BYTES
#include "include/qip_stage.h"

#include "bmp/_source_highlight.h"
#include "bmp/_text_raster.h"

static const char *const C_KEYWORDS[] = {
    "alignas", "alignof", "auto", "bool", "break", "case", "char", "const", "constexpr",
    "continue", "default", "do", "double", "else", "enum", "extern", "false", "float", "for",
    "goto", "if", "inline", "int", "long", "nullptr", "register", "restrict", "return", "short",
    "signed", "sizeof", "static", "static_assert", "struct", "switch", "thread_local", "true",
    "typedef", "typeof", "typeof_unqual", "union", "unsigned", "void", "volatile", "while",
    "_Alignas", "_Alignof", "_Atomic", "_BitInt", "_Bool", "_Complex", "_Decimal128",
    "_Decimal32", "_Decimal64", "_Generic", "_Imaginary", "_Noreturn", "_Static_assert",
    "_Thread_local", 0,
};

static uint8_t colours[QIP_INPUT_CAP];

QIP_EXPORT("run") uint32_t run(uint32_t input_size) {
  uint32_t size = qip_input_size(input_size);
  highlight_keywords(qip_input, size, C_KEYWORDS, 0, colours);
  return text_to_bmp(qip_input, size, 4, qip_output, QIP_OUTPUT_CAP, colours, HIGHLIGHT_PALETTE);
}
