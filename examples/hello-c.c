// hello-c: "Hello, " followed by the input; empty input gives "Hello, World".
// The C counterpart of hello.wat and hello-as.as.ts, exporting functions instead of globals.
//
// Run contract: exported functions, UTF-8 in and out.
//   input_utf8_cap 64 KiB, output_utf8_cap 64 KiB
//
//   printf %s World | qip run examples/hello-c.wasm   ->  Hello, World
//   qip run examples/hello-c.wasm < /dev/null          ->  Hello, World
//
// An input of more than 65 529 bytes does not fit after the greeting. `run` then reports the
// real length without writing it, and the host refuses the stage ("Module returned more bytes
// than its stated capacity").
//
// Self-contained on purpose, so that it reads next to hello.wat and hello-as.as.ts: the other C
// modules get the same buffers and exports from include/qip_stage.h.

#define CAP 65536
#define EXPORT(name) __attribute__((export_name(name)))

static unsigned char input[CAP];
static unsigned char output[CAP];

EXPORT("input_ptr") unsigned input_ptr(void) { return (unsigned)input; }
EXPORT("input_utf8_cap") unsigned input_utf8_cap(void) { return CAP; }
EXPORT("output_ptr") unsigned output_ptr(void) { return (unsigned)output; }
EXPORT("output_utf8_cap") unsigned output_utf8_cap(void) { return CAP; }

// Copies a NUL-terminated string; returns the number of bytes copied.
static unsigned copy_string(unsigned char *to, const char *from) {
  unsigned n = 0;
  for (; from[n]; n++) to[n] = (unsigned char)from[n];
  return n;
}

EXPORT("run") unsigned run(unsigned input_size) {
  // The host already refuses larger inputs; clamping keeps the module safe on its own.
  if (input_size > CAP) input_size = CAP;

  unsigned length = copy_string(output, "Hello, ");
  if (input_size == 0) return length + copy_string(output + length, "World");
  if (length + input_size > CAP) return length + input_size;

  for (unsigned i = 0; i < input_size; i++) output[length + i] = input[i];
  return length + input_size;
}
