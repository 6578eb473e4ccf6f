/**
 * The values of exported i32 globals whose initialiser is a plain `i32.const`, read from the
 * module bytes without instantiating: what the host needs to compare an input with the first
 * stage's input cap before the chain's clock starts (spec: cli.md §3.2 step 7).
 *
 * @module
 */

const SECTION_IMPORT = 2;
const SECTION_GLOBAL = 6;
const SECTION_EXPORT = 7;
const EXPORT_GLOBAL = 3;
const TYPE_I32 = 0x7f;
const OP_I32_CONST = 0x41;
const OP_END = 0x0b;

/**
 * Exported i32 globals initialised by a lone `i32.const`, by export name, as unsigned values.
 * Anything else (imports, other initialisers, bytes it does not expect) is left out: the
 * caller then learns the value the usual way, from an instance.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { exportedI32Constants } from "./exported_constants.ts";
 * const bytes = new Uint8Array([
 *   0, 97, 115, 109, 1, 0, 0, 0,
 *   6, 6, 1, 0x7f, 0, 0x41, 0x7f, 0x0b, // global 0: i32, immutable, i32.const -1
 *   7, 7, 1, 3, 99, 97, 112, 3, 0, // export "cap" = global 0
 * ]);
 * assert.deepEqual(exportedI32Constants(bytes), new Map([["cap", 4294967295]]));
 * ```
 */
export function exportedI32Constants(bytes: Uint8Array): Map<string, number> {
  const reader = new Reader(bytes, 8);
  const globals: number[] = [];
  const exported = new Map<string, number>();
  try {
    while (reader.offset < bytes.byteLength) {
      const id = reader.byte();
      const size = reader.u32();
      const end = reader.offset + size;
      if (id === SECTION_IMPORT && reader.u32() > 0) return new Map();
      if (id === SECTION_GLOBAL) readConstantGlobals(reader, globals);
      if (id === SECTION_EXPORT) {
        for (let count = reader.u32(); count > 0; count--) {
          const name = reader.name();
          const kind = reader.byte();
          const index = reader.u32();
          const value = globals[index];
          if (kind === EXPORT_GLOBAL && value !== undefined) exported.set(name, value);
        }
      }
      reader.offset = end;
    }
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  return exported;
}

/** Appends the leading globals with constant i32 values; stops at the first other one. */
function readConstantGlobals(reader: Reader, globals: number[]): void {
  for (let count = reader.u32(); count > 0; count--) {
    if (reader.byte() !== TYPE_I32) return;
    reader.byte(); // mutability: without a start function nothing runs before the host reads it
    if (reader.byte() !== OP_I32_CONST) return;
    const value = reader.s32();
    if (reader.byte() !== OP_END) return;
    globals.push(value >>> 0);
  }
}

class Reader {
  constructor(readonly bytes: Uint8Array, public offset: number) {}

  byte(): number {
    const value = this.bytes[this.offset++];
    if (value === undefined) throw new RangeError("unexpected end of module");
    return value;
  }

  u32(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.byte();
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
    }
    throw new RangeError("LEB128 too long");
  }

  s32(): number {
    let result = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = this.byte();
      result |= (byte & 0x7f) << shift;
      shift += 7;
    } while ((byte & 0x80) !== 0 && shift < 35);
    if (shift < 32 && (byte & 0x40) !== 0) result |= -1 << shift;
    return result | 0;
  }

  name(): string {
    const length = this.u32();
    const end = this.offset + length;
    if (end > this.bytes.byteLength) throw new RangeError("name past the end");
    const text = new TextDecoder().decode(this.bytes.subarray(this.offset, end));
    this.offset = end;
    return text;
  }
}
