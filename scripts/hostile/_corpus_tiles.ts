/**
 * Tile modules (spec: abi.md §4) that lie to the host about their tile: a halo whose tile is
 * gigabytes in a one-page memory, a pointer whose tile wraps past 4 GiB, a halo read from an
 * f32 NaN, and halo tiles so large that the host's own work must stop at the time limit. The
 * host must check the tile against the module's memory before it builds anything, and name the
 * stage in every message. They run as a tile block in `qip run` on a BMP image.
 *
 * @module
 */

import { type HostileModule, STAGE, TIME_LIMIT, wat } from "./_hostile_module.ts";

/** The parts of a tile module; each defaults to a well-behaved identity filter. */
interface TileParts {
  /** @default {"1"} */
  readonly memory?: string;
  /** @default {0} */
  readonly inputPtr?: number;
  /** Read as unsigned. @default {65536} */
  readonly inputBytesCap?: number;
  /** `calculate_halo_px`'s result type and body, or no such export. */
  readonly halo?: { readonly type: "i32" | "f32"; readonly body: string };
  /** The tile function's body. */
  readonly tile?: string;
}

function tileModule(parts: TileParts): Uint8Array {
  const { memory = "1", inputPtr = 0, inputBytesCap = 65536, halo, tile = "" } = parts;
  const haloExport = halo === undefined
    ? ""
    : `(func (export "calculate_halo_px") (result ${halo.type}) ${halo.body})`;
  return wat(`(module
    (memory (export "memory") ${memory})
    (global (export "input_ptr") i32 (i32.const ${inputPtr | 0}))
    (global (export "input_bytes_cap") i32 (i32.const ${inputBytesCap | 0}))
    ${haloExport}
    (func (export "tile_rgba_f32_64x64") (param f32 f32) ${tile}))`);
}

/** The cap check's detail for a halo of `haloPx` and a cap of 65536. */
function capDetail(haloPx: number): string {
  const span = BigInt(64 + 2 * haloPx);
  return `halo ${haloPx} px needs ${span * span * 16n} bytes, input_bytes_cap is 65536`;
}

const TILE_TIME_LIMIT = `Error running tile_rgba_f32_64x64: ${TIME_LIMIT}: ${STAGE}`;

export const TILE_MODULES: readonly HostileModule[] = [
  {
    name: "tile-halo-4gib-one-page",
    does: "halo 8159 with input_bytes_cap 4 GiB - 1 passes the cap check; the tile needs " +
      "4 GiB and the memory is one page",
    build: () => tileModule({ inputBytesCap: -1, halo: { type: "i32", body: "(i32.const 8159)" } }),
    run: {
      command: "run",
      stdinBmp: { width: 100, height: 100 },
      stderr: `Could not write tile to wasm memory: ${STAGE}: ` +
        "input_ptr 0 + 4293918784 bytes exceeds memory of 65536 bytes",
    },
  },
  {
    name: "tile-ptr-wraps",
    does: "`input_ptr` 0xfffffff0 without a halo: pointer + 64 KiB tile wraps around 32 bits",
    build: () => tileModule({ inputPtr: -16 }),
    run: {
      command: "run",
      stdinBmp: { width: 10, height: 10 },
      stderr: `Could not write tile to wasm memory: ${STAGE}: ` +
        "input_ptr 4294967280 + 65536 bytes exceeds memory of 65536 bytes",
    },
  },
  {
    name: "tile-halo-f32-nan",
    does: "`calculate_halo_px` returns an f32 NaN, whose bits are a halo of 2143289344",
    build: () => tileModule({ halo: { type: "f32", body: "(f32.const nan)" } }),
    run: {
      command: "run",
      stdinBmp: { width: 4, height: 4 },
      stderr: `Tile buffer exceeds module input_bytes_cap: ${STAGE}: ${capDetail(0x7fc00000)}`,
    },
  },
  {
    name: "tile-halo-max-i32",
    does: "`calculate_halo_px` returns 2^31 - 1: a tile span beyond 32 bits",
    build: () =>
      tileModule({ inputBytesCap: -1, halo: { type: "i32", body: "(i32.const 0x7fffffff)" } }),
    run: {
      command: "run",
      stdinBmp: { width: 4, height: 4 },
      stderr: `Tile buffer exceeds module input_bytes_cap: ${STAGE}: ` +
        capDetail(0x7fffffff).replace("is 65536", "is 4294967295"),
    },
  },
  {
    name: "tile-halo-host-work",
    does: "halo 1000 in a 1100-page memory: each tile is 2064² cells of host work, which must " +
      "stop at the time limit",
    build: () =>
      tileModule({
        memory: "1100",
        inputBytesCap: -1,
        halo: { type: "i32", body: "(i32.const 1000)" },
      }),
    run: {
      command: "run",
      stdinBmp: { width: 640, height: 640 },
      stderr: TILE_TIME_LIMIT,
      runaway: true,
    },
  },
  {
    name: "tile-loop",
    does: "the tile function loops forever",
    build: () => tileModule({ tile: "(loop $forever (br $forever))" }),
    run: {
      command: "run",
      stdinBmp: { width: 100, height: 100 },
      stderr: TILE_TIME_LIMIT,
      runaway: true,
    },
  },
  {
    name: "tile-traps",
    does: "the tile function traps on its first tile",
    build: () => tileModule({ tile: "(unreachable)" }),
    run: {
      command: "run",
      stdinBmp: { width: 8, height: 8 },
      stderr: `Error running tile_rgba_f32_64x64: wasm error: unreachable: ${STAGE}`,
    },
  },
];
