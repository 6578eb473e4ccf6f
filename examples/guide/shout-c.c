// shout-c: upper-cases ASCII letters and adds "!"; the C version of shout.wat (docs/modules.md).
//
// Run contract: exported functions, UTF-8 in and out.
//   input_utf8_cap 65535 bytes, output_utf8_cap 65536 bytes (the whole input plus "!")
//   The buffers are static arrays: the linker places them (the 64 KiB stack after them) and sizes
//   the memory to fit.
//
//   printf %s 'hi there' | qip run examples/guide/shout-c.wasm   ->  HI THERE!
//   echo hi | qip run examples/guide/shout-c.wasm                ->  HI!
//
// Soft failure: empty (or all-whitespace) input returns 0. Hard failure: a NUL byte traps.

#define INPUT_CAP 65535
#define OUTPUT_CAP (INPUT_CAP + 1)
#define EXPORT(name) __attribute__((export_name(name)))

static unsigned char input[INPUT_CAP];
static unsigned char output[OUTPUT_CAP];

EXPORT("input_ptr") unsigned input_ptr(void) { return (unsigned)input; }
EXPORT("input_utf8_cap") unsigned input_utf8_cap(void) { return INPUT_CAP; }
EXPORT("output_ptr") unsigned output_ptr(void) { return (unsigned)output; }
EXPORT("output_utf8_cap") unsigned output_utf8_cap(void) { return OUTPUT_CAP; }

static int is_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

EXPORT("run") unsigned run(unsigned input_size) {
  // The host already refuses larger inputs; clamping keeps the module safe on its own.
  if (input_size > INPUT_CAP) input_size = INPUT_CAP;

  // Drop trailing whitespace, such as the newline `echo` adds.
  while (input_size > 0 && is_space(input[input_size - 1])) input_size--;

  // Soft failure: nothing to shout.
  if (input_size == 0) return 0;

  for (unsigned i = 0; i < input_size; i++) {
    unsigned char c = input[i];
    // Hard failure: binary input means the chain is wrong. __builtin_trap() is `unreachable`.
    if (c == 0) __builtin_trap();
    output[i] = c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c;
  }
  output[input_size] = '!';
  return input_size + 1;
}
