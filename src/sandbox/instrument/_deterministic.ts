/**
 * The deterministic mode of the rewriter (docs/determinism.md): what it inserts and where.
 *
 * - NaN canonicalisation: after every instruction whose result the WebAssembly spec lets an
 *   engine choose among NaNs (`nans{…}`: arithmetic, rounding, `min`/`max`, `sqrt`, `demote`,
 *   `promote`, scalar and SIMD), a NaN result is replaced by the canonical one (f32
 *   `0x7fc00000`, f64 `0x7ff8000000000000`), branch-free: `x == x ? x : NaN` with `select`, or
 *   a lane mask and `v128.bitselect`. Every other float instruction is bit-exact by the spec.
 * - Relaxed SIMD is refused, naming the instruction and the function.
 * - Call depth: a counter global, raised at function entry (trapping past the limit) and lowered
 *   at every exit; the body is wrapped in a block so that branches to the function's label exit
 *   through the lowering too. Functions that catch exceptions reset the counter from a local
 *   after each place a catch can land, since the frames a throw unwinds never lower it.
 *
 * @module
 */

import { ByteWriter } from "./_byte_writer.ts";
import { cannotInstrument } from "./_errors.ts";

/**
 * The call depth at which deep recursion stops in deterministic mode, in frame units: a frame
 * counts one unit, plus one per {@linkcode FRAME_UNIT_BYTES} of its parameters and locals, so
 * that V8's own stack limit (about 984 KiB; 12,897 one-local frames in a worker) is not reached
 * first by frames with many locals. See docs/determinism.md.
 */
export const DEFAULT_MAX_CALL_DEPTH = 10_000;

/** Bytes of parameters and locals (8 per scalar, 16 per v128) that add one frame unit. */
export const FRAME_UNIT_BYTES = 64;

/**
 * The frame units of a function whose parameters and locals take `slotBytes`: one for the
 * frame itself, one per started {@linkcode FRAME_UNIT_BYTES}. V8 frames measured at about
 * 64 + 8 bytes per slot + 14, so a unit never stands for more than about 78 bytes, and the
 * default limit for at most about 780 KiB of V8's 984 KiB stack.
 */
export function frameUnits(slotBytes: number): number {
  return 1 + Math.ceil(slotBytes / FRAME_UNIT_BYTES);
}

/**
 * Functions that call nothing and weigh at most this many units are not counted: they cannot
 * recurse, and the one frame they add fits in the room the limit leaves below V8's.
 */
export const UNCOUNTED_LEAF_UNITS = 16;

/** The canonical NaNs (positive, quiet, zero payload), as little-endian bytes. */
export const CANONICAL_F32_NAN = [0x00, 0x00, 0xc0, 0x7f] as const;
export const CANONICAL_F64_NAN = [0, 0, 0, 0, 0, 0, 0xf8, 0x7f] as const;

/**
 * What the code scan records at a site: a check, a chunking helper call (0 and up), or one of
 * the deterministic insertions below.
 */
export const Site = {
  Check: -1,
  CanonF32: -2,
  CanonF64: -3,
  CanonF32x4: -4,
  CanonF64x2: -5,
  /** Before `return` and tail calls: lower the depth. */
  Exit: -6,
  /** After a place a catch can land: reset the depth from this frame's local. */
  Restore: -7,
  /** Before the function's final `end`: close the wrapper block, lower the depth. */
  WrapEnd: -8,
  /** A check, then a reset of the depth (loop headers of functions that catch). */
  CheckRestore: -9,
} as const;

const SCALAR_F32 = [0x8d, 0x8e, 0x8f, 0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0xb6];
const SCALAR_F64 = [0x9b, 0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xbb];
const SIMD_F32X4 = [0x67, 0x68, 0x69, 0x6a, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0x5e];
const SIMD_F64X2 = [0x74, 0x75, 0x7a, 0x94, 0xef, 0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0x5f];

function kinds(entries: readonly (readonly [readonly number[], number])[], size: number) {
  const table = new Int8Array(size);
  for (const [opcodes, kind] of entries) for (const opcode of opcodes) table[opcode] = kind;
  return table;
}

/**
 * By one-byte opcode: the canonicalisation its result needs (0: none). These are the f32 and
 * f64 instructions whose NaN result the spec leaves to the engine: `ceil floor trunc nearest
 * sqrt add sub mul div min max`, `f32.demote_f64`, `f64.promote_f32`. Not listed, because the
 * spec fixes their bits: `abs neg copysign` (sign bit only), loads, constants,
 * `reinterpret`, integer conversions (never NaN), `select`, locals and globals.
 */
export const PLAIN_CANON: Int8Array = kinds(
  [[SCALAR_F32, Site.CanonF32], [SCALAR_F64, Site.CanonF64]],
  256,
);

/**
 * By SIMD sub-opcode below 0x100: the same for `f32x4`/`f64x2` (`pmin`/`pmax` are selects and
 * `abs`/`neg` sign-bit operations, so bit-exact; `f32x4.demote_f64x2_zero` and
 * `f64x2.promote_low_f32x4` are not).
 */
export const SIMD_CANON: Int8Array = kinds(
  [[SIMD_F32X4, Site.CanonF32x4], [SIMD_F64X2, Site.CanonF64x2]],
  0x100,
);

/**
 * By one-byte opcode: the canonicalisation kind whose value it consumes as its last operand and
 * turns into a NaN when it is one (so that the value needs no canonicalisation of its own: its
 * bits cannot reach anything but this instruction, whose result is canonicalised).
 */
export const PLAIN_CONSUMES: Int8Array = kinds(
  [
    [[...SCALAR_F32.slice(0, -1), 0xbb], Site.CanonF32],
    [[...SCALAR_F64.slice(0, -1), 0xb6], Site.CanonF64],
  ],
  256,
);

/** The same for SIMD sub-opcodes below 0x100. */
export const SIMD_CONSUMES: Int8Array = kinds(
  [
    [[...SIMD_F32X4.slice(0, -1), 0x5f], Site.CanonF32x4],
    [[...SIMD_F64X2.slice(0, -1), 0x5e], Site.CanonF64x2],
  ],
  0x100,
);

/** Relaxed SIMD by sub-opcode minus 0x100: results differ between machines by design. */
const RELAXED_SIMD_NAMES = [
  "i8x16.relaxed_swizzle",
  "i32x4.relaxed_trunc_f32x4_s",
  "i32x4.relaxed_trunc_f32x4_u",
  "i32x4.relaxed_trunc_f64x2_s_zero",
  "i32x4.relaxed_trunc_f64x2_u_zero",
  "f32x4.relaxed_madd",
  "f32x4.relaxed_nmadd",
  "f64x2.relaxed_madd",
  "f64x2.relaxed_nmadd",
  "i8x16.relaxed_laneselect",
  "i16x8.relaxed_laneselect",
  "i32x4.relaxed_laneselect",
  "i64x2.relaxed_laneselect",
  "f32x4.relaxed_min",
  "f32x4.relaxed_max",
  "f64x2.relaxed_min",
  "f64x2.relaxed_max",
  "i16x8.relaxed_q15mulr_s",
  "i16x8.relaxed_dot_i8x16_i7x16_s",
  "i32x4.relaxed_dot_i8x16_i7x16_add_s",
];

/** The first relaxed SIMD sub-opcode. */
export const FIRST_RELAXED_SIMD = 0x100;

/**
 * The refusal of a relaxed SIMD instruction.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { relaxedSimdRefused } from "./_deterministic.ts";
 * assert.equal(
 *   relaxedSimdRefused(0x105, 3).detail,
 *   "cannot instrument: deterministic mode refuses relaxed SIMD: f32x4.relaxed_madd in function 3",
 * );
 * ```
 */
export function relaxedSimdRefused(subOpcode: number, functionIndex: number) {
  const name = RELAXED_SIMD_NAMES[subOpcode - FIRST_RELAXED_SIMD] ??
    `relaxed SIMD 0xfd ${subOpcode.toString(16)}`;
  return cannotInstrument(
    `deterministic mode refuses relaxed SIMD: ${name} in function ${functionIndex}`,
  );
}

/** Opcodes that leave the function without reaching its final `end`. */
export const RETURN = 0x0f;
export const RETURN_CALL = 0x12;
export const RETURN_CALL_INDIRECT = 0x13;
export const RETURN_CALL_REF = 0x15;
/** Opcodes that call: a function without them is a leaf. */
export const CALL = 0x10;
export const CALL_INDIRECT = 0x11;
export const CALL_REF = 0x14;
/** Opcodes that open exception handling: a function with one resets its depth after catches. */
export const TRY = 0x06;
export const TRY_TABLE = 0x1f;
/** Opcodes after which a catch lands: legacy `catch`, `catch_all`, and block `end`s. */
export const CATCH = 0x07;
export const CATCH_ALL = 0x19;
export const END = 0x0b;

const LOCAL_GET = 0x20;
const LOCAL_TEE = 0x22;
const GLOBAL_GET = 0x23;
const GLOBAL_SET = 0x24;
const I32_CONST = 0x41;
const I32_ADD = 0x6a;
const I32_SUB = 0x6b;
const I32_GT_U = 0x4b;
const F32_CONST = 0x43;
const F64_CONST = 0x44;
const F32_EQ = 0x5b;
const F64_EQ = 0x61;
const SELECT = 0x1b;
const BLOCK = 0x02;
const SIMD = 0xfd;
const V128_CONST = 0x0c;
const F32X4_EQ = 0x41;
const F64X2_EQ = 0x47;
const V128_BITSELECT = 0x52;
const I32 = 0x7f;
const F32 = 0x7d;
const F64 = 0x7c;
const V128 = 0x7b;

/** Which temporaries a body's canonicalisations use (bit per kind). */
export const USES_F32 = 1;
export const USES_F64 = 2;
export const USES_V128 = 4;

/** The canonicalisation kind's temporary-local bit. */
export function usesOf(kind: number): number {
  return kind === Site.CanonF32 ? USES_F32 : kind === Site.CanonF64 ? USES_F64 : USES_V128;
}

/** What the deterministic rewrite of one function body inserts, by site kind. */
export interface DeterministicBody {
  /** The body's local declarations, with the added locals after the module's own. */
  readonly locals: Uint8Array;
  /**
   * Raise and check the depth, then open the wrapper block: before the entry check (empty
   * when the function's depth is not counted).
   */
  readonly entry: Uint8Array;
  /** By `-kind` (see {@linkcode Site}): the bytes inserted at such a site. */
  readonly inserts: readonly Uint8Array[];
}

/** The module-wide parts of the deterministic rewrite. */
export interface DeterministicModule {
  /** Index of the added depth-counter global. */
  readonly depthGlobal: number;
  /** The depth past which a call traps. */
  readonly maxCallDepth: number;
}

/**
 * Builds the insertions of one body.
 *
 * @param originalLocals the body's local declarations as written (group count, then groups)
 * @param groupCount how many groups `originalLocals` declares
 * @param firstAdded the first local index past the parameters and the module's own locals
 * @param uses which temporaries the body's canonicalisations need ({@linkcode USES_F32} …)
 * @param wrapperBlockType the encoded block type of the wrapper: the function's results
 * @param units what the frame adds to the call depth ({@linkcode frameUnits}), or `undefined`
 *   for a function whose depth is not counted
 */
export function buildDeterministicBody(
  module: DeterministicModule,
  originalLocals: Uint8Array,
  groupCount: number,
  groupsStart: number,
  firstAdded: number,
  uses: number,
  wrapperBlockType: Uint8Array,
  units: number | undefined,
): DeterministicBody {
  const counted = units !== undefined;
  const added = counted ? [I32] : [];
  if (uses & USES_F32) added.push(F32);
  if (uses & USES_F64) added.push(F64);
  if (uses & USES_V128) added.push(V128);
  const locals = new ByteWriter(originalLocals.length + 16);
  locals.u32(groupCount + added.length);
  locals.bytes(originalLocals.subarray(groupsStart));
  for (const type of added) locals.bytes([1, type]);
  const saved = firstAdded;
  let next = counted ? firstAdded + 1 : firstAdded;
  const f32 = uses & USES_F32 ? next++ : -1;
  const f64 = uses & USES_F64 ? next++ : -1;
  const v128 = uses & USES_V128 ? next++ : -1;
  const depth = module.depthGlobal;

  const canon: Uint8Array[] = [];
  canon[-Site.CanonF32] = canonScalar(f32, F32_CONST, CANONICAL_F32_NAN, F32_EQ);
  canon[-Site.CanonF64] = canonScalar(f64, F64_CONST, CANONICAL_F64_NAN, F64_EQ);
  canon[-Site.CanonF32x4] = canonVector(v128, CANONICAL_F32_NAN, F32X4_EQ);
  canon[-Site.CanonF64x2] = canonVector(v128, CANONICAL_F64_NAN, F64X2_EQ);
  if (!counted) return { locals: locals.toBytes(), entry: new Uint8Array(), inserts: canon };

  const entry = new ByteWriter(32 + wrapperBlockType.length);
  entry.u8(GLOBAL_GET), entry.u32(depth), entry.u8(I32_CONST), entry.bytes(signedLeb128(units));
  entry.bytes([I32_ADD, LOCAL_TEE]);
  entry.u32(saved), entry.u8(GLOBAL_SET), entry.u32(depth), entry.u8(LOCAL_GET), entry.u32(saved);
  entry.u8(I32_CONST), entry.bytes(signedLeb128(module.maxCallDepth));
  entry.bytes([I32_GT_U, 0x04, 0x40, 0x00, END, BLOCK]), entry.bytes(wrapperBlockType);

  const lower = new ByteWriter(16);
  lower.u8(LOCAL_GET), lower.u32(saved), lower.u8(I32_CONST), lower.bytes(signedLeb128(units));
  lower.bytes([I32_SUB, GLOBAL_SET]);
  lower.u32(depth);
  const restore = new ByteWriter(12);
  restore.u8(LOCAL_GET), restore.u32(saved), restore.u8(GLOBAL_SET), restore.u32(depth);

  const inserts = canon;
  inserts[-Site.Exit] = lower.toBytes();
  inserts[-Site.Restore] = restore.toBytes();
  inserts[-Site.WrapEnd] = new Uint8Array([END, ...lower.toBytes()]);
  return { locals: locals.toBytes(), entry: entry.toBytes(), inserts };
}

/** `local.tee t; NaN; local.get t; local.get t; eq; select`: x when x == x, else NaN. */
function canonScalar(local: number, constOp: number, nan: readonly number[], eqOp: number) {
  if (local < 0) return new Uint8Array();
  const code = new ByteWriter(24);
  code.u8(LOCAL_TEE), code.u32(local), code.u8(constOp), code.bytes(nan);
  code.u8(LOCAL_GET), code.u32(local), code.u8(LOCAL_GET), code.u32(local);
  code.bytes([eqOp, SELECT]);
  return code.toBytes();
}

/** `local.tee t; v128.const NaN…; local.get t; local.get t; eq; v128.bitselect`. */
function canonVector(local: number, nan: readonly number[], eqOp: number) {
  if (local < 0) return new Uint8Array();
  const code = new ByteWriter(40);
  code.u8(LOCAL_TEE), code.u32(local), code.bytes([SIMD, V128_CONST]);
  for (let lane = 0; lane < 16 / nan.length; lane++) code.bytes(nan);
  code.u8(LOCAL_GET), code.u32(local), code.u8(LOCAL_GET), code.u32(local);
  code.bytes([SIMD, eqOp, SIMD, V128_BITSELECT]);
  return code.toBytes();
}

/** A non-negative integer as a signed LEB128 (`i32.const` immediate). */
function signedLeb128(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const low = value & 0x7f;
    value = Math.floor(value / 128);
    if (value === 0 && (low & 0x40) === 0) return [...out, low];
    out.push(low | 0x80);
  }
}

/** The bytes a body's deterministic rewrite adds, besides its inserts at sites. */
export function deterministicBodyGrowth(body: DeterministicBody, originalLocalsLength: number) {
  return body.locals.length - originalLocalsLength + body.entry.length;
}
