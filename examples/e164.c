// e164: canonicalises a phone number to `+` followed by every ASCII digit of the input.
//
// Run contract: exported functions, UTF-8 in and out.
//   input_utf8_cap 64 KiB, output_utf8_cap 64 KiB
//
//   printf %s "+14155552671" | qip run examples/e164.wasm         ->  +14155552671
//   echo "+1 (212) 555-0100" | qip run examples/e164.wasm         ->  +12125550100
//   echo "  1212-555-0100  " | qip run examples/e164.wasm         ->  +12125550100
//   printf %s abc | qip run examples/e164.wasm                    ->  (empty line)
//
// Only digits are kept, so spaces, brackets, hyphens, a leading `+` and a trailing newline make
// no difference. The country code is not guessed: the input must already contain it. The number
// of digits is not checked either (E.164 allows 15); no digits at all gives empty output.

#define QIP_INPUT_CAP 65536
#define QIP_OUTPUT_CAP 65536
#include "include/qip_ascii.h"
#include "include/qip_stage.h"

QIP_EXPORT("run") uint32_t run(uint32_t input_size) {
  uint32_t size = qip_input_size(input_size);
  uint32_t digits = 0;
  for (uint32_t i = 0; i < size; i++) digits += is_ascii_digit(qip_input[i]);
  if (digits == 0) return 0;
  // A full buffer of digits plus the `+` does not fit. Report the real length without writing
  // it: the host refuses the stage ("Module returned more bytes than its stated capacity").
  if (digits + 1 > QIP_OUTPUT_CAP) return digits + 1;

  uint32_t length = 0;
  qip_output[length++] = '+';
  for (uint32_t i = 0; i < size; i++) {
    if (is_ascii_digit(qip_input[i])) qip_output[length++] = qip_input[i];
  }
  return length;
}
