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

#define CAP (4 * 1024 * 1024)
#define EXPORT(name) __attribute__((export_name(name)))

static unsigned char input[CAP];
static unsigned char output[CAP];

EXPORT("input_ptr") unsigned input_ptr(void) { return (unsigned)input; }
EXPORT("input_utf8_cap") unsigned input_utf8_cap(void) { return CAP; }
EXPORT("output_ptr") unsigned output_ptr(void) { return (unsigned)output; }
EXPORT("output_utf8_cap") unsigned output_utf8_cap(void) { return CAP; }

static int is_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

EXPORT("run") unsigned run(unsigned input_size) {
  // The host already refuses larger inputs; clamping keeps the module safe on its own.
  if (input_size > CAP) input_size = CAP;

  unsigned start = 0;
  unsigned end = input_size;
  while (start < end && is_space(input[start])) start++;
  while (end > start && is_space(input[end - 1])) end--;

  for (unsigned i = start; i < end; i++) output[i - start] = input[i];
  return end - start;
}
