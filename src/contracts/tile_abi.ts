/**
 * The RGBA tile contract for one instance (spec: abi.md §4.1–4.3, §4.8): validate the exports,
 * prepare for an image (size uniform, halo, cap check), and run one tile in place at
 * `input_ptr`. The tile loops over whole images live in tile_bands.ts.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import { readExportU32, toU32 } from "./_export_reader.ts";
import type { GuestContext } from "./guest_call.ts";
import { callPrefixed } from "./uniform_abi.ts";

/** Side of a tile's core, in pixels. */
export const TILE_SIZE = 64;

/** The tile function's export name. */
export const TILE_FUNCTION = "tile_rgba_f32_64x64";

/** One validated tile instance and, once prepared, its halo. */
export interface TileInstance {
  readonly context: GuestContext;
  readonly memory: WebAssembly.Memory;
  readonly inputPtr: number;
  readonly inputBytesCap: number;
  readonly tile: (x: number, y: number) => unknown;
  /** Parameter count of the tile function (2 is right; others fail at the first tile). */
  readonly tileParamCount: number;
  /** Halo in pixels after clamping negatives to 0; 0 until prepared. */
  haloPx: number;
  /** Where errors happened, such as `stage 1 (blur.wasm)`; appended to their detail. */
  readonly label: string | undefined;
}

/**
 * Checks the tile exports in the spec's order and reads `input_ptr` and `input_bytes_cap`.
 *
 * @throws {QipError} `Wasm module must export tile_rgba_f32_64x64`, `Wasm module must export
 *   input_ptr as global or function`, `… input_bytes_cap …`, export call failures, and
 *   `Wasm module must export memory`.
 */
export function validateTileInstance(
  context: GuestContext,
  label: string | undefined,
): TileInstance {
  const tile = context.exports[TILE_FUNCTION];
  if (typeof tile !== "function") {
    throw new QipError("contract", `Wasm module must export ${TILE_FUNCTION}`);
  }
  const inputPtr = readExportU32(context, "input_ptr");
  if (inputPtr === undefined) {
    throw new QipError("contract", "Wasm module must export input_ptr as global or function");
  }
  const inputBytesCap = readExportU32(context, "input_bytes_cap");
  if (inputBytesCap === undefined) {
    throw new QipError(
      "contract",
      "Wasm module must export input_bytes_cap as global or function",
    );
  }
  const memory = context.exports["memory"];
  if (!(memory instanceof WebAssembly.Memory)) {
    throw new QipError("contract", "Wasm module must export memory");
  }
  return {
    context,
    memory,
    inputPtr,
    inputBytesCap,
    tile: tile as (x: number, y: number) => unknown,
    tileParamCount: context.layout.functionExports.get(TILE_FUNCTION)?.params.length ?? 2,
    haloPx: 0,
    label,
  };
}

/**
 * Per-image preparation (spec: abi.md §4.2): `uniform_set_width_and_height`, then
 * `calculate_halo_px`, then the tile buffer against `input_bytes_cap`. Returns the halo.
 *
 * @throws {QipError} `Error running uniform_set_width_and_height: …`, `Error running
 *   calculate_halo_px: …`, `Tile buffer exceeds module input_bytes_cap`.
 */
export function prepareTileInstance(
  instance: TileInstance,
  size: { readonly width: number; readonly height: number },
): number {
  return labelled(instance.label, () => prepare(instance, size));
}

function prepare(
  instance: TileInstance,
  size: { readonly width: number; readonly height: number },
): number {
  const { exports } = instance.context;
  const setSize = exports["uniform_set_width_and_height"];
  if (typeof setSize === "function") {
    const [width, height] = [Math.fround(size.width), Math.fround(size.height)];
    callPrefixed(instance.context, "uniform_set_width_and_height", () => setSize(width, height));
  }
  const calculateHalo = exports["calculate_halo_px"];
  let haloPx = 0;
  if (typeof calculateHalo === "function") {
    const result: unknown = callPrefixed(
      instance.context,
      "calculate_halo_px",
      () => calculateHalo(),
    );
    const type = instance.context.layout.functionExports.get("calculate_halo_px")?.results[0];
    // The result as a signed i32, from its raw bits whatever its declared type (NaN included).
    const first = Array.isArray(result) ? result[0] : result;
    if (type !== undefined) haloPx = Math.max(0, toU32(first, type) | 0);
  }
  const span = BigInt(TILE_SIZE + 2 * haloPx);
  const tileBytes = span * span * 16n;
  if (tileBytes > BigInt(instance.inputBytesCap)) {
    throw new QipError("capacity", "Tile buffer exceeds module input_bytes_cap", {
      detail:
        `halo ${haloPx} px needs ${tileBytes} bytes, input_bytes_cap is ${instance.inputBytesCap}`,
    });
  }
  instance.haloPx = haloPx;
  return haloPx;
}

/**
 * Calls the tile function for one tile already written at `input_ptr` and checks that the
 * `byteCount` bytes there can be read back (the module may have grown its memory meanwhile).
 *
 * @throws {QipError} `Error running tile_rgba_f32_64x64: …`, `Could not read tile from wasm
 *   memory`, naming the stage.
 */
export function callTileAt(instance: TileInstance, byteCount: number, x: number, y: number): void {
  labelled(instance.label, () => {
    callTile(instance, x, y);
    if (instance.inputPtr + byteCount > instance.memory.buffer.byteLength) {
      throw new QipError("capacity", "Could not read tile from wasm memory", {
        detail: beyondMemory(instance, byteCount),
      });
    }
  });
}

/**
 * Throws the time-limit (or fuel) error of the next tile call when the module was already
 * interrupted, so host work on a large tile stops with the budget instead of finishing first.
 *
 * @throws {QipError} `Error running tile_rgba_f32_64x64: Wasm module exceeded …`, naming the
 *   stage.
 */
export function stopIfInterrupted(instance: TileInstance): void {
  const interruption = instance.context.interruption();
  if (interruption === undefined) return;
  throw withLabel(
    new QipError(interruption.kind, `Error running ${TILE_FUNCTION}: ${interruption.message}`),
    instance.label,
  );
}

/**
 * Pipeline A's step for one stage, with the tile already in the previous stage's memory (or,
 * for the first stage, converted straight into this one's): copy it in, call the tile
 * function, check that it can be read back. `from` is `undefined` for the first stage.
 *
 * @throws {QipError} the same messages as {@linkcode runTile}.
 */
export function runTileInPlace(
  instance: TileInstance,
  from: TileInstance | undefined,
  byteCount: number,
  x: number,
  y: number,
): void {
  try {
    const { memory, inputPtr } = instance;
    const end = inputPtr + byteCount;
    if (end > memory.buffer.byteLength) {
      throw new QipError("capacity", "Could not write tile to wasm memory", {
        detail: beyondMemory(instance, byteCount),
      });
    }
    if (from !== undefined) {
      new Uint8Array(memory.buffer).set(
        new Uint8Array(from.memory.buffer, from.inputPtr, byteCount),
        inputPtr,
      );
    }
    callTile(instance, x, y);
    if (end > memory.buffer.byteLength) {
      throw new QipError("capacity", "Could not read tile from wasm memory", {
        detail: beyondMemory(instance, byteCount),
      });
    }
  } catch (error) {
    throw withLabel(error, instance.label);
  }
}

/**
 * Checks that a tile of `byteCount` bytes fits at `input_ptr` in the module's memory as it is
 * now. The tile's size comes from the module (its halo and cap), so this runs before the host
 * builds or allocates anything for it.
 *
 * @throws {QipError} `Could not write tile to wasm memory`, naming the stage, the pointer, the
 *   tile size and the memory size.
 */
export function assertTileFits(instance: TileInstance, byteCount: number): void {
  if (instance.inputPtr + byteCount > instance.memory.buffer.byteLength) {
    throw withLabel(
      new QipError("capacity", "Could not write tile to wasm memory", {
        detail: beyondMemory(instance, byteCount),
      }),
      instance.label,
    );
  }
}

function beyondMemory(instance: TileInstance, byteCount: number): string {
  return `input_ptr ${instance.inputPtr} + ${byteCount} bytes exceeds memory of ${instance.memory.buffer.byteLength} bytes`;
}

function callTile(instance: TileInstance, x: number, y: number): void {
  if (instance.tileParamCount !== 2) {
    throw new QipError(
      "trap",
      `Error running ${TILE_FUNCTION}: expected ${instance.tileParamCount} params, but passed 2`,
    );
  }
  callPrefixed(instance.context, TILE_FUNCTION, () => instance.tile(x, y));
}

/**
 * Runs `work`, adding `label` to the detail of its failure. Limit errors are named too when
 * they carry the call they interrupted (`Error running …`); the bare spec message stays bare.
 */
export function labelled<T>(label: string | undefined, work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw withLabel(error, label);
  }
}

function withLabel(error: unknown, label: string | undefined): unknown {
  if (label === undefined || !(error instanceof QipError)) return error;
  const limit = error.kind === "time_limit" || error.kind === "fuel";
  if (limit && !error.message.startsWith("Error running ")) return error;
  return error.withContext(label);
}
