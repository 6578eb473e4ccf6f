/**
 * Encodes WebAssembly module bytes by hand, piece by piece (LEB128 numbers, names, vectors,
 * sections, function bodies): for modules generated in code, such as the instrumenter benchmark's,
 * and for the tests that need features wabt cannot write (GC, typed function references) or
 * deliberately broken modules.
 *
 * @example A module exporting `run` that returns 42
 * ```ts
 * import { body, exportEntry, funcType, I32, s32, section, vec, wasmModule } from "./wasm_bytes.ts";
 * const bytes = wasmModule(
 *   section(1, vec([funcType([], [I32])])),
 *   section(3, vec([[0]])),
 *   section(7, vec([exportEntry("run", 0x00, 0)])),
 *   section(10, vec([body([], [0x41, ...s32(42), 0x0b])])),
 * );
 * const { run } = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
 * if ((run as () => number)() !== 42) throw new Error("run() did not return 42");
 * ```
 *
 * @module
 */

/** Unsigned LEB128. */
export function u32(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

/** Signed LEB128 (for `i32.const`, `i64.const` of small values and s33 block types). */
export function s32(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** A name: byte count, then UTF-8 bytes. */
export function name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...u32(bytes.length), ...bytes];
}

/** A vector: count, then the entries. */
export function vec(entries: readonly (readonly number[])[]): number[] {
  return [...u32(entries.length), ...entries.flat()];
}

/** A section: id, payload size, payload. */
export function section(id: number, payload: readonly number[]): number[] {
  return [id, ...u32(payload.length), ...payload];
}

/** A custom section named `sectionName` with `payload`. */
export function customSection(sectionName: string, payload: readonly number[]): number[] {
  return section(0, [...name(sectionName), ...payload]);
}

/** A function body: size, locals (`[count, type]` groups), code (which must end with `end`). */
export function body(locals: readonly (readonly number[])[], code: readonly number[]): number[] {
  const content = [...vec(locals), ...code];
  return [...u32(content.length), ...content];
}

/** A whole module: header, then the sections in the order given. */
export function wasmModule(...sections: readonly (readonly number[])[]): Uint8Array<ArrayBuffer> {
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...sections.flat()]);
}

/** Function type `(params) -> (results)`. */
export function funcType(params: readonly number[], results: readonly number[]): number[] {
  return [0x60, ...u32(params.length), ...params, ...u32(results.length), ...results];
}

/** An export entry. */
export function exportEntry(exportName: string, kind: number, index: number): number[] {
  return [...name(exportName), kind, ...u32(index)];
}

/** Value type bytes. */
export const I32 = 0x7f;
export const I64 = 0x7e;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export const FUNCREF = 0x70;
export const EXTERNREF = 0x6f;
export const ANYREF = 0x6e;
/** `(ref null ht)` and `(ref ht)` prefixes. */
export const REF_NULL = 0x63;
export const REF = 0x64;
