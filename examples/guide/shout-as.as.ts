// shout-as: upper-cases ASCII letters and adds "!"; the AssemblyScript version of shout.wat
// (docs/modules.md).
//
// Run contract: exported i32 globals, UTF-8 in and out.
//   input_utf8_cap 65535 bytes, output_utf8_cap 65536 bytes (the whole input plus "!")
//
//   printf %s 'hi there' | qip run examples/guide/shout-as.wasm   ->  HI THERE!
//   echo hi | qip run examples/guide/shout-as.wasm                ->  HI!
//
// Only raw memory is used (load/store, no strings or arrays): AssemblyScript strings are UTF-16
// and need a runtime, while the host speaks UTF-8 bytes. Built with `--runtime stub` and
// `--use abort=`, the module imports nothing.
//
// Soft failure: empty (or all-whitespace) input returns 0. Hard failure: a NUL byte traps.

const INPUT_CAP: u32 = 65535;
const OUTPUT_CAP: u32 = INPUT_CAP + 1;

// memory.data reserves static space at compile time, so these addresses are constants that the
// module exports as globals.
export const input_ptr: usize = memory.data(INPUT_CAP);
export const input_utf8_cap: u32 = INPUT_CAP;
export const output_ptr: usize = memory.data(OUTPUT_CAP);
export const output_utf8_cap: u32 = OUTPUT_CAP;

function isSpace(c: u32): bool {
  return c == 0x20 || c - 0x09 < 5;
}

export function run(input_size: u32): u32 {
  // The host already refuses larger inputs; clamping keeps the module safe on its own.
  if (input_size > INPUT_CAP) input_size = INPUT_CAP;

  // Drop trailing whitespace, such as the newline `echo` adds.
  while (input_size > 0 && isSpace(load<u8>(input_ptr + input_size - 1))) input_size--;

  // Soft failure: nothing to shout.
  if (input_size == 0) return 0;

  for (let i: u32 = 0; i < input_size; i++) {
    let c: u32 = load<u8>(input_ptr + i);
    // Hard failure: binary input means the chain is wrong.
    if (c == 0) unreachable();
    if (c - 0x61 < 26) c -= 0x20;
    store<u8>(output_ptr + i, c);
  }
  store<u8>(output_ptr + input_size, 0x21);
  return input_size + 1;
}
