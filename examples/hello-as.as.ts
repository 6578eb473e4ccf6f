// hello-as: "Hello, " followed by the input; empty input gives "Hello, World".
// The AssemblyScript counterpart of hello.wat and hello-c.c.
//
// Run contract: exported i32 globals, UTF-8 in and out.
//   input_utf8_cap 64 KiB, output_utf8_cap 64 KiB
//
//   printf %s World | qip run examples/hello-as.wasm   ->  Hello, World
//   qip run examples/hello-as.wasm < /dev/null          ->  Hello, World
//
// Only raw memory is used (no strings, arrays or allocator): AssemblyScript strings are UTF-16
// and would need a runtime, while the host speaks UTF-8 bytes. An input of more than 65 529
// bytes does not fit after the greeting; `run` then reports the real length without writing it,
// and the host refuses the stage ("Module returned more bytes than its stated capacity").

const CAP: u32 = 65536;

// memory.data reserves static space at compile time, so these addresses are constants that the
// module exports as globals.
export const input_ptr: usize = memory.data(CAP);
export const input_utf8_cap: u32 = CAP;
export const output_ptr: usize = memory.data(CAP);
export const output_utf8_cap: u32 = CAP;

// "Hello, World" in UTF-8; the first 7 bytes are the greeting used before an input.
const HELLO_WORLD: usize = memory.data<u8>([
  0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x2c, 0x20, 0x57, 0x6f, 0x72, 0x6c, 0x64,
]);
const HELLO_WORLD_LENGTH: u32 = 12;
const GREETING_LENGTH: u32 = 7;

export function run(input_size: u32): u32 {
  // The host already refuses larger inputs; clamping keeps the module safe on its own.
  if (input_size > CAP) input_size = CAP;

  if (input_size == 0) {
    memory.copy(output_ptr, HELLO_WORLD, HELLO_WORLD_LENGTH);
    return HELLO_WORLD_LENGTH;
  }
  const length = GREETING_LENGTH + input_size;
  if (length > CAP) return length;
  memory.copy(output_ptr, HELLO_WORLD, GREETING_LENGTH);
  memory.copy(output_ptr + GREETING_LENGTH, input_ptr, input_size);
  return length;
}
