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
import type { SessionAnswer, SessionHandler } from "./sessions.ts";
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
    readonly kind: "bytes";
    readonly memory: WebAssembly.Memory;
    readonly byteOffset: number;
    readonly length: number;
  }
  | {
    readonly kind: "floats";
    readonly buffer: SharedArrayBuffer;
    readonly byteOffset: number;
    readonly length: number;
  };

/** The calls a tile session answers. */
export type TileRequest =
  /** Per-image preparation (abi.md §4.2); resolves to the stage's halo in pixels. */
  | { readonly op: "prepare"; readonly width: number; readonly height: number }
  /** Pipeline A over `rows` with every stage of the block on this worker. */
  | { readonly op: "tiles"; readonly planes: ImagePlanes; readonly rows: TileRows }
  /** Pipeline B, this stage only, over `rows`. */
  | {
    readonly op: "halo";
    readonly source: SharedPlane;
    readonly target: SharedPlane;
    readonly rows: TileRows;
  }
  /**
   * Does nothing. The host keeps one pending on every other stage of the block during a
   * pipeline A band, so that the time limit interrupts whichever stage is running.
   */
  | { readonly op: "hold" }
  /** Forgets the block on this worker (before the sessions are closed). */
  | { readonly op: "release" };

/** Open blocks on this worker: block key → stages by index. */
const blocks = new Map<string, TileInstance[]>();

/**
 * Opens one tile stage: uniforms, then export validation (spec: cli.md §5.3 step 6).
 *
 * @throws {QipError} uniform and tile-export errors with the spec's messages.
 */
export function openTileSession(
  context: GuestContext,
  options: unknown,
): { handler: SessionHandler; opened: undefined } {
  const { blockKey, stageIndex, uniforms = {}, label } = options as TileSessionOptions;
  const instance = labelled(label, () => {
    applyUniforms(context, uniforms);
    return validateTileInstance(context, label);
  });
  const stages = blocks.get(blockKey) ?? [];
  stages[stageIndex] = instance;
  blocks.set(blockKey, stages);
  return {
    handler: { call: (payload) => answerTile(blockKey, instance, payload as TileRequest) },
    opened: undefined,
  };
}

function answerTile(blockKey: string, instance: TileInstance, request: TileRequest): SessionAnswer {
  switch (request.op) {
    case "prepare":
      return { result: prepareTileInstance(instance, request) };
    case "tiles": {
      const stages = blocks.get(blockKey) ?? [];
      // Array.from turns holes (stages never opened here) into undefined, which some() visits.
      if (Array.from(stages).some((stage) => stage === undefined)) {
        throw new QipError("contract", "Cannot run tiles: a stage of the block is not open here");
      }
      runTilesThroughStages(stages, request.planes, request.rows);
      return { result: null };
    }
    case "halo":
      runTilesWithHalo(instance, plane(request.source), plane(request.target), request.rows);
      return { result: null };
    case "hold":
      return { result: null };
    case "release":
      blocks.delete(blockKey);
      return { result: null };
  }
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
