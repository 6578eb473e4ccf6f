/**
 * The `tile` session contract: the tile stages of one image block, instantiated once per worker
 * and kept for every band of the image. Each stage is its own session (its own instance and
 * cancel flag); the sessions of one block on one worker find each other through a worker-local
 * registry, so a pipeline A band runs every stage on every tile without leaving the worker.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import type { GuestContext } from "./guest_call.ts";
import type { SessionCall, SessionHandler } from "./session_protocol.ts";
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

/** How the host opens one stage of a block. */
export interface TileSessionOptions {
  /** Names the block run; unique per host process. */
  readonly blockKey: string;
  /** Position of this stage in the block. */
  readonly stageIndex: number;
  /** `qip image` query uniforms, applied before validation (spec: cli.md §5.3 step 6). */
  readonly uniforms?: UniformValues;
  /** Appended to error details, such as `stage 1 (blur.wasm)`. */
  readonly label?: string;
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
  /** Per-image preparation (abi.md §4.2); resolves to the stage's halo in pixels. */
  readonly prepare: SessionCall<
    { readonly op: "prepare"; readonly width: number; readonly height: number },
    number
  >;
  /** Pipeline A over `rows` with every stage of the block on this worker. */
  readonly tiles: SessionCall<
    { readonly op: "tiles"; readonly planes: ImagePlanes; readonly rows: TileRows },
    null
  >;
  /** Pipeline B, this stage only, over `rows`. */
  readonly halo: SessionCall<{
    readonly op: "halo";
    readonly source: SharedPlane;
    readonly target: SharedPlane;
    readonly rows: TileRows;
  }, null>;
  /**
   * Does nothing. The host keeps one pending on every other stage of the block during a
   * pipeline A band, so that the time limit interrupts whichever stage is running.
   */
  readonly hold: SessionCall<{ readonly op: "hold" }, null>;
  /** Forgets the block on this worker (before the sessions are closed). */
  readonly release: SessionCall<{ readonly op: "release" }, null>;
};

/** The requests a tile session answers. */
export type TileRequest = TileCalls[keyof TileCalls]["request"];

/** Open blocks on this worker: block key → stages by index. */
const blocks = new Map<string, TileInstance[]>();

/**
 * Opens one tile stage: uniforms, then export validation (spec: cli.md §5.3 step 6).
 *
 * @throws {QipError} uniform and tile-export errors with the spec's messages.
 */
export function openTileSession(
  context: GuestContext,
  options: TileSessionOptions,
): SessionHandler<TileCalls> {
  const { blockKey, stageIndex, uniforms = {}, label } = options;
  const instance = labelled(label, () => {
    applyUniforms(context, uniforms);
    return validateTileInstance(context, label);
  });
  const stages = blocks.get(blockKey) ?? [];
  stages[stageIndex] = instance;
  blocks.set(blockKey, stages);
  return tileHandler(blockKey, instance);
}

function tileHandler(blockKey: string, instance: TileInstance): SessionHandler<TileCalls> {
  return {
    prepare: (request) => ({ result: prepareTileInstance(instance, request) }),
    tiles: (request) => {
      const stages = blocks.get(blockKey) ?? [];
      // Array.from turns holes (stages never opened here) into undefined, which some() visits.
      if (Array.from(stages).some((stage) => stage === undefined)) {
        throw new QipError("contract", "Cannot run tiles: a stage of the block is not open here");
      }
      runTilesThroughStages(stages, request.planes, request.rows);
      return { result: null };
    },
    halo: (request) => {
      runTilesWithHalo(instance, plane(request.source), plane(request.target), request.rows);
      return { result: null };
    },
    hold: () => ({ result: null }),
    release: () => {
      blocks.delete(blockKey);
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
