/**
 * What follows each opcode: one immediate "shape" per opcode, for the plain opcodes and for
 * each prefix (0xFB GC, 0xFC misc, 0xFD SIMD, 0xFE threads). Opcodes V8 does not run by
 * default (wide arithmetic, FP16, stack switching, stringref) are {@linkcode Immediates.Invalid}.
 *
 * @module
 */

/** The immediate shapes; the numbers index the decoder's `switch`. */
export const Immediates = {
  /** Not an opcode V8 runs: decoding stops with an error. */
  Invalid: 0,
  /** No immediates. */
  None: 1,
  /** One u32 index (label, function, local, global, table, tag, type, data, elem, memory). */
  Index: 2,
  /** Two u32 indices. */
  Index2: 3,
  /** A block type (`block`, `loop`, `if`, `try`). */
  Block: 4,
  /** A memory argument: alignment flags, memory index when flag bit 6 is set, u64 offset. */
  MemArg: 5,
  /** An s32 LEB128 (`i32.const`). */
  S32: 6,
  /** An s64 LEB128 (`i64.const`). */
  S64: 7,
  /** Four raw bytes (`f32.const`). */
  Bytes4: 8,
  /** Eight raw bytes (`f64.const`). */
  Bytes8: 9,
  /** `br_table`: a vector of labels, then the default label. */
  BrTable: 10,
  /** `select t*`: a vector of value types. */
  SelectTyped: 11,
  /** `try_table`: a block type, then a vector of catch clauses. */
  TryTable: 12,
  /** One heap type (`ref.null`, `ref.test`, `ref.cast`). */
  HeapType: 13,
  /** A prefix byte: a u32 LEB128 sub-opcode follows. */
  Prefix: 14,
  /** A memory argument, then a lane byte (`v128.load8_lane` …). */
  MemArgLane: 15,
  /** One byte: a SIMD lane index, or the reserved byte of `atomic.fence`. */
  Byte: 16,
  /** Sixteen raw bytes (`v128.const`, `i8x16.shuffle`). */
  Bytes16: 17,
  /** `br_on_cast`/`br_on_cast_fail`: a flags byte, a label, two heap types. */
  BrOnCast: 18,
} as const;

/** One of the {@linkcode Immediates} numbers. */
export type ImmediateShape = typeof Immediates[keyof typeof Immediates];

const I = Immediates;

function table(size: number, ranges: readonly (readonly [number, number, ImmediateShape])[]) {
  const shapes = new Uint8Array(size); // zero is Invalid
  for (const [first, last, shape] of ranges) shapes.fill(shape, first, last + 1);
  return shapes;
}

/** Shapes of the one-byte opcodes. */
export const PLAIN_OPCODES: Uint8Array = table(256, [
  [0x00, 0x01, I.None], // unreachable nop
  [0x02, 0x04, I.Block], // block loop if
  [0x05, 0x05, I.None], // else
  [0x06, 0x06, I.Block], // try (legacy exceptions)
  [0x07, 0x09, I.Index], // catch throw rethrow
  [0x0a, 0x0b, I.None], // throw_ref end
  [0x0c, 0x0d, I.Index], // br br_if
  [0x0e, 0x0e, I.BrTable],
  [0x0f, 0x0f, I.None], // return
  [0x10, 0x10, I.Index], // call
  [0x11, 0x11, I.Index2], // call_indirect type table
  [0x12, 0x12, I.Index], // return_call
  [0x13, 0x13, I.Index2], // return_call_indirect
  [0x14, 0x15, I.Index], // call_ref return_call_ref
  [0x18, 0x18, I.Index], // delegate
  [0x19, 0x1b, I.None], // catch_all drop select
  [0x1c, 0x1c, I.SelectTyped],
  [0x1f, 0x1f, I.TryTable],
  [0x20, 0x26, I.Index], // local.* global.* table.get table.set
  [0x28, 0x3e, I.MemArg], // loads and stores
  [0x3f, 0x40, I.Index], // memory.size memory.grow (memory index)
  [0x41, 0x41, I.S32],
  [0x42, 0x42, I.S64],
  [0x43, 0x43, I.Bytes4],
  [0x44, 0x44, I.Bytes8],
  [0x45, 0xc4, I.None], // numeric, sign extension
  [0xd0, 0xd0, I.HeapType], // ref.null
  [0xd1, 0xd1, I.None], // ref.is_null
  [0xd2, 0xd2, I.Index], // ref.func
  [0xd3, 0xd4, I.None], // ref.eq ref.as_non_null
  [0xd5, 0xd6, I.Index], // br_on_null br_on_non_null
  [0xfb, 0xfe, I.Prefix],
]);

/** Shapes after 0xFB (GC). */
export const GC_OPCODES: Uint8Array = table(31, [
  [0, 1, I.Index], // struct.new struct.new_default
  [2, 5, I.Index2], // struct.get struct.get_s struct.get_u struct.set
  [6, 7, I.Index], // array.new array.new_default
  [8, 10, I.Index2], // array.new_fixed (type, length) array.new_data array.new_elem
  [11, 14, I.Index], // array.get array.get_s array.get_u array.set
  [15, 15, I.None], // array.len
  [16, 16, I.Index], // array.fill
  [17, 19, I.Index2], // array.copy array.init_data array.init_elem
  [20, 23, I.HeapType], // ref.test ref.test null ref.cast ref.cast null
  [24, 25, I.BrOnCast], // br_on_cast br_on_cast_fail
  [26, 30, I.None], // any.convert_extern extern.convert_any ref.i31 i31.get_s i31.get_u
]);

/** Shapes after 0xFC (saturating truncation, bulk memory, tables). */
export const MISC_OPCODES: Uint8Array = table(18, [
  [0, 7, I.None], // *.trunc_sat_*
  [8, 8, I.Index2], // memory.init data memory
  [9, 9, I.Index], // data.drop
  [10, 10, I.Index2], // memory.copy
  [11, 11, I.Index], // memory.fill
  [12, 12, I.Index2], // table.init elem table
  [13, 13, I.Index], // elem.drop
  [14, 14, I.Index2], // table.copy
  [15, 17, I.Index], // table.grow table.size table.fill
]);

/** Shapes after 0xFD (SIMD and relaxed SIMD). */
export const SIMD_OPCODES: Uint8Array = table(0x114, [
  [0x00, 0x0b, I.MemArg], // v128.load* v128.store
  [0x0c, 0x0d, I.Bytes16], // v128.const i8x16.shuffle
  [0x0e, 0x14, I.None], // swizzle, splats
  [0x15, 0x22, I.Byte], // extract_lane / replace_lane
  [0x23, 0x53, I.None], // comparisons, bitwise, any_true
  [0x54, 0x5b, I.MemArgLane], // v128.load*_lane v128.store*_lane
  [0x5c, 0x5d, I.MemArg], // v128.load32_zero v128.load64_zero
  [0x5e, 0xff, I.None], // arithmetic (holes below)
  [0x100, 0x113, I.None], // relaxed SIMD
]);
for (const hole of [0x9a, 0xa2, 0xa5, 0xa6, 0xaf, 0xb0, 0xb2, 0xb3, 0xb4, 0xbb, 0xc2, 0xc5]) {
  SIMD_OPCODES[hole] = I.Invalid;
}
for (const hole of [0xc6, 0xcf, 0xd0, 0xd2, 0xd3, 0xd4, 0xe2, 0xee]) {
  SIMD_OPCODES[hole] = I.Invalid;
}

/** Shapes after 0xFE (threads). */
export const ATOMIC_OPCODES: Uint8Array = table(0x4f, [
  [0x00, 0x02, I.MemArg], // memory.atomic.notify wait32 wait64
  [0x03, 0x03, I.Byte], // atomic.fence (reserved byte)
  [0x10, 0x4e, I.MemArg], // atomic loads, stores, read-modify-write
]);

/** The sub-opcode tables, indexed by `prefix - 0xFB`. */
export const PREFIXED_OPCODES: readonly Uint8Array[] = [
  GC_OPCODES,
  MISC_OPCODES,
  SIMD_OPCODES,
  ATOMIC_OPCODES,
];
