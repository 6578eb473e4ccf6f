/**
 * Test helper: assembles WebAssembly text with every feature wabt knows switched on.
 *
 * @module
 */

import wabtInit from "wabt";
import { WABT_FEATURES } from "../../../scripts/build_modules.ts";

const wabt = await wabtInit();

/** The features `deno task modules` assembles with, plus multi-memory (multi_memory.wat). */
const ALL_FEATURES = { ...WABT_FEATURES, multi_memory: true };

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
