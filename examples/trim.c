// trim: removes leading and trailing ASCII whitespace (space, \t, \n, \r, \f, \v).
//
// Run contract: exported functions, UTF-8 in and out.
//   input_utf8_cap 4 MiB, output_utf8_cap 4 MiB
//
//   printf %s "  hi  " | qip run examples/trim.wasm            ->  hi
//   echo "   hello world   " | qip run examples/trim.wasm      ->  hello world
//   printf "\t  line one  \n" | qip run examples/trim.wasm     ->  line one
//
// Whitespace inside the text is kept as it is. Only ASCII bytes are trimmed, so multi-byte UTF-8
// characters (including non-breaking spaces) are never cut.

#define QIP_INPUT_CAP (4 * 1024 * 1024)
#define QIP_OUTPUT_CAP (4 * 1024 * 1024)
#include "include/qip_stage.h"

// Unlike HTML's ASCII whitespace (include/qip_ascii.h), this includes the vertical tab.
static int is_space(uint8_t c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

QIP_EXPORT("run") uint32_t run(uint32_t input_size) {
  uint32_t start = 0;
  uint32_t end = qip_input_size(input_size);
  while (start < end && is_space(qip_input[start])) start++;
  while (end > start && is_space(qip_input[end - 1])) end--;

  for (uint32_t i = start; i < end; i++) qip_output[i - start] = qip_input[i];
  return end - start;
}
