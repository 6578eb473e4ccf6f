// module-c: the C version of module.wat, a qip run module to start from; copies its input and
// upper-cases ASCII letters. Rename it, change `run`, and keep the header true.
//
// Run contract: exported functions (C cannot define a wasm global), UTF-8 in and out.
//   input_utf8_cap 65536 bytes, output_utf8_cap 65536 bytes, in static arrays.
// Freestanding: no C library, so write loops or use __builtin_memcpy / __builtin_memset.

#define CAP 65536
#define EXPORT(name) __attribute__((export_name(name)))

static unsigned char input[CAP];
static unsigned char output[CAP];

EXPORT("input_ptr") unsigned input_ptr(void) { return (unsigned)input; }
EXPORT("input_utf8_cap") unsigned input_utf8_cap(void) { return CAP; }
EXPORT("output_ptr") unsigned output_ptr(void) { return (unsigned)output; }
EXPORT("output_utf8_cap") unsigned output_utf8_cap(void) { return CAP; }

// Returns the output length; 0 is an empty output (a soft failure: a chain goes on).
EXPORT("run") unsigned run(unsigned input_size) {
  if (input_size > CAP) input_size = CAP;
  for (unsigned i = 0; i < input_size; i++) {
    unsigned char c = input[i];
    output[i] = c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c;
  }
  return input_size;
}
