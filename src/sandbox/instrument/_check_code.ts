/**
 * The instructions inserted at every check point (function entry, loop header).
 *
 * Cancellation is one atomic load of the flag at byte 0 of the added shared memory and one
 * branch: `i32.const 0; i32.atomic.load align=4 (memory M); if; unreachable; end`.
 * Fuel, when on, comes first: `fuel -= 1; if (fuel < 0) unreachable`.
 *
 * @module
 */

import { ByteWriter } from "./_byte_writer.ts";

const I32_CONST = 0x41;
const I64_CONST = 0x42;
const GLOBAL_GET = 0x23;
const GLOBAL_SET = 0x24;
const I64_SUB = 0x7d;
const I64_LT_S = 0x53;
const ATOMIC_PREFIX = 0xfe;
const I32_ATOMIC_LOAD = 0x10;
/** Alignment 2^2 = 4 bytes; bit 6 says a memory index follows. */
const ALIGN_4 = 0x02;
const HAS_MEMORY_INDEX = 0x40;
/** `if` with the empty block type, `unreachable`, `end`. */
const TRAP_IF_SET = [0x04, 0x40, 0x00, 0x0b];

/**
 * Builds the check sequence for a cancel flag in memory `cancelMemoryIndex` and, when
 * `fuelGlobalIndex` is given, fuel counted in that i64 global.
 *
 * @example Cancellation only, flag in memory 1
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildCheckCode } from "./_check_code.ts";
 * assert.deepEqual(
 *   [...buildCheckCode(1, undefined)],
 *   [0x41, 0, 0xfe, 0x10, 0x42, 1, 0, 0x04, 0x40, 0x00, 0x0b],
 * );
 * ```
 */
export function buildCheckCode(
  cancelMemoryIndex: number,
  fuelGlobalIndex: number | undefined,
): Uint8Array {
  const code = new ByteWriter(32);
  if (fuelGlobalIndex !== undefined) {
    code.u8(GLOBAL_GET);
    code.u32(fuelGlobalIndex);
    code.bytes([I64_CONST, 1, I64_SUB, GLOBAL_SET]);
    code.u32(fuelGlobalIndex);
    code.u8(GLOBAL_GET);
    code.u32(fuelGlobalIndex);
    code.bytes([I64_CONST, 0, I64_LT_S, ...TRAP_IF_SET]);
  }
  code.bytes([I32_CONST, 0, ATOMIC_PREFIX, I32_ATOMIC_LOAD]);
  if (cancelMemoryIndex === 0) {
    code.u8(ALIGN_4);
  } else {
    code.u8(ALIGN_4 | HAS_MEMORY_INDEX);
    code.u32(cancelMemoryIndex);
  }
  code.u8(0); // offset
  code.bytes(TRAP_IF_SET);
  return code.toBytes().slice();
}
