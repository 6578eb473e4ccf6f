/**
 * Test helper: assembles WebAssembly text with every feature wabt knows switched on.
 *
 * @module
 */

import wabtInit from "wabt";

const wabt = await wabtInit();

const ALL_FEATURES = {
  exceptions: true,
  mutable_globals: true,
  sat_float_to_int: true,
  sign_extension: true,
  simd: true,
  threads: true,
  function_references: true,
  multi_value: true,
  tail_call: true,
  bulk_memory: true,
  reference_types: true,
  annotations: true,
  code_metadata: true,
  gc: true,
  memory64: true,
  multi_memory: true,
  extended_const: true,
  relaxed_simd: true,
};

/** Assembles `text` (a whole `(module …)`) to binary. */
export function wat(text: string, options: { debugNames?: boolean } = {}): Uint8Array<ArrayBuffer> {
  const parsed = wabt.parseWat("test.wat", text, ALL_FEATURES);
  try {
    parsed.resolveNames();
    const { buffer } = parsed.toBinary({ write_debug_names: options.debugNames ?? false });
    return new Uint8Array(buffer);
  } finally {
    parsed.destroy();
  }
}

/** Reads a `.wat` file from `fixtures/` and assembles it. */
export function watFixture(name: string): Uint8Array<ArrayBuffer> {
  return wat(Deno.readTextFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
}
