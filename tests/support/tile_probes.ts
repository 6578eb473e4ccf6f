/**
 * Small tile modules written for tests, as WebAssembly text: a halo probe whose output pixel is
 * its left neighbour (so edge clamping and tile seams are visible), a tile function that never
 * returns, and a builder for modules whose memory, pointer, cap and halo the test chooses.
 *
 * @module
 */

import { type CompiledStage, compileStage, DEFAULT_LIMITS } from "../../src/sandbox/mod.ts";
import { wat } from "../sandbox/instrument/_wat.ts";

/**
 * Reports a halo of `haloPx` (1 by default) and replaces every core pixel by its left
 * neighbour; its input_bytes_cap fits a halo of 1 only.
 */
export function shiftRightProbe(haloPx = 1): string {
  return `(module
  (memory (export "memory") 2)
  (global (export "input_ptr") i32 (i32.const 0))
  (global (export "input_bytes_cap") i32 (i32.const 69696))
  (func (export "calculate_halo_px") (result i32) (i32.const ${haloPx}))
  (func (export "tile_rgba_f32_64x64") (param f32 f32)
    (local $row i32) (local $col i32) (local $at i32)
    (local.set $row (i32.const 1))
    (loop $rows
      (local.set $col (i32.const 64))
      (loop $cols
        (local.set $at (i32.shl (i32.add (i32.mul (local.get $row) (i32.const 66)) (local.get $col)) (i32.const 4)))
        (v128.store (local.get $at) (v128.load (i32.sub (local.get $at) (i32.const 16))))
        (local.set $col (i32.sub (local.get $col) (i32.const 1)))
        (br_if $cols (i32.ge_s (local.get $col) (i32.const 1))))
      (local.set $row (i32.add (local.get $row) (i32.const 1)))
      (br_if $rows (i32.le_s (local.get $row) (i32.const 64))))))`;
}

/** A tile module whose tile function loops forever. */
export const SPIN_TILE = `(module
  (memory (export "memory") 1)
  (global (export "input_ptr") i32 (i32.const 0))
  (global (export "input_bytes_cap") i32 (i32.const 65536))
  (func (export "tile_rgba_f32_64x64") (param f32 f32) (loop $forever (br $forever))))`;

/** A valid tile module whose uniform `boom` traps and whose uniform `spin` never returns. */
export const TRAPPING_UNIFORMS = `(module
  (memory (export "memory") 1)
  (global (export "input_ptr") i32 (i32.const 0))
  (global (export "input_bytes_cap") i32 (i32.const 65536))
  (func (export "uniform_set_boom") (param f32) unreachable)
  (func (export "uniform_set_spin") (param i32) (loop $forever (br $forever)))
  (func (export "tile_rgba_f32_64x64") (param f32 f32)))`;

/** The parts of {@linkcode tileProbe}; each defaults to a well-behaved identity filter. */
export interface TileProbeParts {
  /** After `(memory (export "memory")`. @default {"1"} */
  readonly memory?: string;
  /** The `input_ptr` export. @default {an i32 global 0} */
  readonly inputPtr?: string;
  /** `input_bytes_cap` as an i32 global (negative numbers are read as unsigned). @default {65536} */
  readonly inputBytesCap?: number;
  /** The whole `calculate_halo_px` export, or none. */
  readonly halo?: string;
  /** The tile function's body (it leaves the tile alone by default). */
  readonly tile?: string;
  /** More module fields. */
  readonly fields?: string;
}

/**
 * A tile module whose numbers the test chooses: memory, pointer, cap and halo, for the host's
 * checks against what the module really has.
 */
export function tileProbe(parts: TileProbeParts): string {
  const {
    memory = "1",
    inputPtr = '(global (export "input_ptr") i32 (i32.const 0))',
    inputBytesCap = 65536,
    halo = "",
    tile = "",
    fields = "",
  } = parts;
  return `(module
  (memory (export "memory") ${memory})
  ${inputPtr}
  (global (export "input_bytes_cap") i32 (i32.const ${inputBytesCap | 0}))
  ${halo}
  ${fields}
  (func (export "tile_rgba_f32_64x64") (param f32 f32) ${tile}))`;
}

/** `calculate_halo_px` returning the i32 `haloPx`. */
export function haloOf(haloPx: number): string {
  return `(func (export "calculate_halo_px") (result i32) (i32.const ${haloPx}))`;
}

/** Assembles and compiles a probe as a stage named `name`. */
export async function compileProbe(text: string, name: string): Promise<CompiledStage> {
  return await compileStage(wat(text), { source: name, digest: name }, {
    memoryLimitPages: DEFAULT_LIMITS.memoryLimitPages,
    fuel: false,
  });
}
