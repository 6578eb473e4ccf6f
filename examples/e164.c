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

#define CAP 65536
#define EXPORT(name) __attribute__((export_name(name)))

static unsigned char input[CAP];
static unsigned char output[CAP];

EXPORT("input_ptr") unsigned input_ptr(void) { return (unsigned)input; }
EXPORT("input_utf8_cap") unsigned input_utf8_cap(void) { return CAP; }
EXPORT("output_ptr") unsigned output_ptr(void) { return (unsigned)output; }
EXPORT("output_utf8_cap") unsigned output_utf8_cap(void) { return CAP; }

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

EXPORT("run") unsigned run(unsigned input_size) {
  // The host already refuses larger inputs; clamping keeps the module safe on its own.
  if (input_size > CAP) input_size = CAP;

  unsigned digits = 0;
  for (unsigned i = 0; i < input_size; i++) digits += is_digit(input[i]);
  if (digits == 0) return 0;
  // A full buffer of digits plus the `+` does not fit. Report the real length without writing
  // it: the host refuses the stage ("Module returned more bytes than its stated capacity").
  if (digits + 1 > CAP) return digits + 1;

  unsigned length = 0;
  output[length++] = '+';
  for (unsigned i = 0; i < input_size; i++) {
    if (is_digit(input[i])) output[length++] = input[i];
  }
  return length;
}
