/**
 * The `tile` session contract: the tile stages of one image block, as one session per worker
 * that owns an instance of every stage, kept for every band of the image. A pipeline A band runs
 * every stage on every tile without leaving the worker; the time limit reaches whichever stage
 * is running, since the session's cancel flags are all set at once.
 *
 * @module
 */

import type { SessionCall, SessionHandler, SessionInstances } from "./session_protocol.ts";
import {
  type ImagePlanes,
  type RgbaPlane,
  runTilesThroughStages,
  runTilesWithHalo,
  type TileRows,
} from "./tile_bands.ts";
import {
  labelled,
  prepareTileInstance,
  type TileInstance,
  validateTileInstance,
} from "./tile_abi.ts";
import { applyUniforms, type UniformValues } from "./uniform_abi.ts";

/** How the host opens a block. */
export interface TileSessionOptions {
  /**
   * `qip image` query uniforms per stage, by block position, applied before validation (spec:
   * cli.md §5.3 step 6).
   */
  readonly uniforms?: readonly (UniformValues | undefined)[];
}

/**
 * A shared RGBA plane as it crosses the worker boundary: `length` values at `byteOffset`. An
 * 8-bit plane lives in a shared wasm memory, which the vectorised conversion reads and writes
 * directly; a float plane in a plain shared buffer.
 */
export type SharedPlane =
  | {
    /** 8-bit values. */
    readonly kind: "bytes";
    /** The shared memory holding the plane. */
    readonly memory: WebAssembly.Memory;
    /** Where the plane starts in `memory`. */
    readonly byteOffset: number;
    /** How many values it holds. */
    readonly length: number;
  }
  | {
    /** 32-bit floats. */
    readonly kind: "floats";
    /** The shared buffer holding the plane. */
    readonly buffer: SharedArrayBuffer;
    /** Where the plane starts in `buffer`. */
    readonly byteOffset: number;
    /** How many values (not bytes) it holds. */
    readonly length: number;
  };

/** The calls a tile session answers, and what each resolves to. */
export type TileCalls = {
  /**
   * Per-image preparation of every stage, in order (abi.md §4.2); resolves to each stage's halo
   * in pixels.
   */
  readonly prepare: SessionCall<
    { readonly op: "prepare"; readonly width: number; readonly height: number },
    number[]
  >;
  /** Pipeline A over `rows`: every stage of the block on each tile. */
  readonly tiles: SessionCall<
    { readonly op: "tiles"; readonly planes: ImagePlanes; readonly rows: TileRows },
    null
  >;
  /** Pipeline B, stage `stage` only, over `rows`. */
  readonly halo: SessionCall<{
    readonly op: "halo";
    readonly stage: number;
    readonly source: SharedPlane;
    readonly target: SharedPlane;
    readonly rows: TileRows;
  }, null>;
};

/** The requests a tile session answers. */
export type TileRequest = TileCalls[keyof TileCalls]["request"];

/**
 * Opens a block: for each stage in order, its instance, its uniforms, then export validation
 * (spec: cli.md §5.3 step 6), so the first failure is the one the spec reports.
 *
 * @throws {QipError} instantiation, uniform and tile-export errors naming the stage.
 */
export function openTileSession(
  instances: SessionInstances,
  options: TileSessionOptions,
): SessionHandler<TileCalls> {
  const stages: TileInstance[] = [];
  for (let index = 0; index < instances.count; index++) {
    const context = instances.instantiate(index);
    const label = instances.label(index);
    stages.push(labelled(label, () => {
      applyUniforms(context, options.uniforms?.[index] ?? {});
      return validateTileInstance(context, label);
    }));
  }
  return {
    prepare: (request) => ({ result: stages.map((stage) => prepareTileInstance(stage, request)) }),
    tiles: (request) => {
      runTilesThroughStages(stages, request.planes, request.rows);
      return { result: null };
    },
    halo: (request) => {
      const stage = stages[request.stage];
      if (stage === undefined) throw new Error(`no stage ${request.stage} in the block`);
      runTilesWithHalo(stage, plane(request.source), plane(request.target), request.rows);
      return { result: null };
    },
  };
}

function plane(shared: SharedPlane): RgbaPlane {
  const { byteOffset, length } = shared;
  return shared.kind === "bytes"
    ? {
      kind: "bytes",
      data: new Uint8Array(shared.memory.buffer, byteOffset, length),
      memory: shared.memory,
    }
    : { kind: "floats", data: new Float32Array(shared.buffer, byteOffset, length) };
}
