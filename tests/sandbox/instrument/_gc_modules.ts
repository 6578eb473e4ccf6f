/**
 * Test helper: hand-assembled modules for features wabt cannot write: GC (rec groups,
 * subtypes, structs, arrays, casts, i31, data and element arrays) and typed function
 * references (call_ref, return_call_ref, br_on_null, br_on_non_null, ref.as_non_null).
 *
 * @module
 */

import {
  ANYREF,
  body,
  exportEntry,
  FUNCREF,
  funcType,
  I32,
  REF,
  REF_NULL,
  section,
  vec,
  wasmModule,
} from "../../../scripts/wasm_bytes.ts";

const GC = 0xfb;

/**
 * Types 0-1 are a rec group: `$node` (open struct {mut i32, mut (ref null $leaf)}) and
 * `$leaf` (final subtype adding an immutable i8). Then `$ints` (array mut i32), `$bytes`
 * (array mut i8), `(i32) -> i32`, `(anyref) -> i32`, `$fns` (array mut funcref), `() -> i32`.
 *
 * Exports: `run(n)`, `probe(k)`, `roundtrip(x)`, `data_elem(x)`.
 */
export function gcModule(): Uint8Array<ArrayBuffer> {
  const types = vec([
    [
      0x4e,
      2,
      ...[0x50, 0, 0x5f, 2, I32, 1, REF_NULL, 1, 1],
      ...[0x4f, 1, 0, 0x5f, 3, I32, 1, REF_NULL, 1, 1, 0x78, 0],
    ],
    [0x5e, I32, 1],
    [0x5e, 0x78, 1],
    funcType([I32], [I32]),
    funcType([ANYREF], [I32]),
    [0x5e, FUNCREF, 1],
    funcType([], [I32]),
  ]);
  const run = body([[1, REF_NULL, 1], [1, I32], [1, REF_NULL, 2], [1, REF_NULL, 1]], [
    // Build a list of n leaves, values n..1.
    ...[0x02, 0x40, 0x03, 0x40, 0x20, 0, 0x45, 0x0d, 1],
    ...[0x20, 0, 0x20, 1, 0x20, 0, GC, 0x00, 1, 0x21, 1],
    ...[0x20, 0, 0x41, 1, 0x6b, 0x21, 0, 0x0c, 0, 0x0b, 0x0b],
    // Walk it with br_on_null, reading fields through the subtype and the supertype.
    ...[0x02, 0x40, 0x03, 0x40, 0x20, 1, 0xd5, 1, 0x21, 4],
    ...[0x20, 4, GC, 0x02, 1, 0, 0x20, 4, GC, 0x03, 1, 2, 0x6a, 0x20, 2, 0x6a, 0x21, 2],
    ...[0x20, 4, 0xd4, GC, 0x02, 0, 1, 0x21, 1, 0x0c, 0, 0x0b, 0x0b],
    // Arrays: new, set, fill, copy, len, get, new_fixed, get_u.
    ...[0x41, 7, 0x41, 5, GC, 0x06, 2, 0x21, 3],
    ...[0x20, 3, 0x41, 1, 0x41, 0xe4, 0x00, GC, 0x0e, 2],
    ...[0x20, 3, 0x41, 2, 0x41, 11, 0x41, 2, GC, 0x10, 2],
    ...[0x20, 3, 0x41, 0, 0x20, 3, 0x41, 1, 0x41, 2, GC, 0x11, 2, 2],
    ...[0x20, 3, GC, 0x0f, 0x20, 2, 0x6a, 0x21, 2],
    ...[0x20, 3, 0x41, 0, GC, 0x0b, 2, 0x20, 2, 0x6a, 0x21, 2],
    ...[0x20, 3, 0x41, 4, GC, 0x0b, 2, 0x20, 2, 0x6a, 0x21, 2],
    ...[0x41, 1, 0x41, 2, 0x41, 3, GC, 0x08, 3, 3, 0x41, 2, GC, 0x0d, 3, 0x20, 2, 0x6a, 0x21, 2],
    // i31.
    ...[0x41, 0x7b, GC, 0x1c, GC, 0x1d, 0x20, 2, 0x6a, 0x0b],
  ]);
  const classify = body([], [
    ...[0x02, REF, 0, 0x20, 0, GC, 0x18, 1, 0, ANYREF, 0],
    ...[GC, 0x14, 2, 0x04, I32, 0x41, 20, 0x05, 0x41, 30, 0x0b, 0x0f, 0x0b],
    ...[GC, 0x17, 1, GC, 0x02, 1, 0, 0x41, 0xe8, 0x07, 0x6a, 0x0b],
  ]);
  const probe = body([[1, ANYREF]], [
    ...[0x20, 0, 0x45, 0x04, ANYREF, 0x41, 42, 0xd0, 1, 0x41, 0, GC, 0x00, 1],
    ...[0x05, 0x20, 0, 0x41, 1, 0x46, 0x04, ANYREF, 0x41, 3, GC, 0x07, 2],
    ...[0x05, 0x20, 0, GC, 0x1c, 0x0b, 0x0b],
    ...[0x22, 1, 0x10, 1, 0x41, 0xe4, 0x00, 0x6c, 0x20, 1, 0x10, 3, 0x6a, 0x0b],
  ]);
  const arrayLengthOr = body([], [
    ...[0x02, ANYREF, 0x20, 0, GC, 0x19, 1, 0, ANYREF, 2, GC, 0x0f, 0x0f, 0x0b],
    ...[0x1a, 0x41, 0x7f, 0x0b],
  ]);
  const roundtrip = body([], [
    ...[0x20, 0, GC, 0x1c, GC, 0x1b, GC, 0x1a, GC, 0x16, 0x6c, GC, 0x1e],
    ...[0x20, 0, GC, 0x1c, 0x20, 0, GC, 0x1c, 0xd3, 0x6a, 0x0b],
  ]);
  const dataElem = body([[1, REF_NULL, 2], [1, REF_NULL, 6]], [
    ...[0x41, 0, 0x41, 3, GC, 0x09, 2, 0, 0x21, 1],
    ...[0x20, 1, 0x41, 1, 0x41, 0, 0x41, 2, GC, 0x12, 2, 0],
    ...[0x41, 0, 0x41, 2, GC, 0x0a, 6, 0, 0x21, 2],
    ...[0x20, 2, 0x41, 0, 0x41, 0, 0x41, 1, GC, 0x13, 6, 0],
    ...[0x20, 2, 0x41, 1, GC, 0x0b, 6, GC, 0x16, 7, 0x14, 7],
    ...[0x20, 1, 0x41, 2, GC, 0x0b, 2, 0x6a, 0x20, 1, GC, 0x0f, 0x6a, 0x20, 0, 0x6a, 0x0b],
  ]);
  const seven = body([], [0x41, 7, 0x0b]);
  return wasmModule(
    section(1, types),
    section(3, vec([[4], [5], [4], [5], [4], [4], [7]])),
    section(
      7,
      vec([
        exportEntry("run", 0, 0),
        exportEntry("probe", 0, 2),
        exportEntry("roundtrip", 0, 4),
        exportEntry("data_elem", 0, 5),
      ]),
    ),
    section(9, vec([[0x05, FUNCREF, 2, 0xd2, 6, 0x0b, 0xd2, 6, 0x0b]])),
    section(12, [1]),
    section(10, vec([run, classify, probe, arrayLengthOr, roundtrip, dataElem, seven])),
    section(11, vec([[0x01, 12, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0]])),
  );
}

/**
 * Types: `$unary` (i32) -> i32 and `((ref null $unary), i32) -> i32`. Exports `run(n)`,
 * which returns `6n - 1` through call_ref, return_call_ref, br_on_null, br_on_non_null and
 * ref.as_non_null.
 */
export function typedFunctionReferencesModule(): Uint8Array<ArrayBuffer> {
  const double = body([], [0x20, 0, 0x41, 2, 0x6c, 0x0b]);
  const apply = body([], [
    ...[0x02, 0x40, 0x20, 0, 0xd5, 0, 0x1a],
    ...[0x20, 1, 0x20, 0, 0xd4, 0x15, 0, 0x0b],
    ...[0x41, 0x7f, 0x0b],
  ]);
  const pick = body([[1, REF_NULL, 0]], [
    ...[0x02, REF, 0, 0x20, 0, 0xd6, 0, 0x41, 0, 0x0f, 0x0b],
    ...[0x21, 2, 0x20, 1, 0x20, 2, 0x14, 0, 0x0b],
  ]);
  const run = body([], [
    ...[0xd2, 0, 0x20, 0, 0x10, 1],
    ...[0xd0, 0, 0x20, 0, 0x10, 1, 0x6a],
    ...[0x20, 0, 0xd2, 0, 0x14, 0, 0x6a],
    ...[0xd2, 0, 0x20, 0, 0x10, 2, 0x6a],
    ...[0xd0, 0, 0x20, 0, 0x10, 2, 0x6a, 0x0b],
  ]);
  return wasmModule(
    section(1, vec([funcType([I32], [I32]), [0x60, 2, REF_NULL, 0, I32, 1, I32]])),
    section(3, vec([[0], [1], [1], [0]])),
    section(7, vec([exportEntry("run", 0, 3)])),
    section(9, vec([[0x03, 0x00, 1, 0]])),
    section(10, vec([double, apply, pick, run])),
  );
}
