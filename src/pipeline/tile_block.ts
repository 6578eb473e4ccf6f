/**
 * Runs a block of tile stages over one image on every worker of the pool (spec: abi.md §4).
 * The image lives in shared memory; each worker opens the block as one session that owns an
 * instance of every stage, and bands of tile rows are handed out one at a time to whichever
 * worker is free, so the result does not depend on the number of workers (for filters whose
 * tiles depend only on their input and position).
 *
 * Worker 0 opens and prepares the stages first, in the reference's order (every stage's
 * uniforms and validation, then every stage's size and halo), so errors come out as specified;
 * the other workers then repeat it.
 *
 * @module
 */

import { QipError, timeLimitExceeded } from "../errors.ts";
import {
  type ImagePlanes,
  type SharedPlane,
  TILE_FUNCTION,
  TILE_SIZE,
  type TileRequest,
  type UniformValues,
} from "../contracts/mod.ts";
import {
  type CompiledStage,
  type StageLimits,
  type StageSession,
  WASM_PAGE_BYTES,
  type WorkerPool,
} from "../sandbox/mod.ts";
import { describeStage, type StageRef } from "./stage_ref.ts";

/**
 * The image a block filters: 8-bit premultiplied RGBA, rows top to bottom (the image layer's
 * `RgbaImage` is one). With `planeMemory`, `pixels` start at offset 0 of that shared memory,
 * which has room for a second plane right after them, and the workers use it without a copy.
 */
export interface TileImage {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
  readonly planeMemory?: WebAssembly.Memory;
}

/** The most pages a 32-bit memory has (4 GiB). */
const MAX_MEMORY_PAGES = 65_536;

/** Everything one block run needs. */
export interface TileBlockSpec {
  /** The block's stages, in order, with their position in the chain. */
  readonly stages: readonly { readonly stage: CompiledStage; readonly ref: StageRef }[];
  /** Query uniforms per stage (`qip image` only), by block position. */
  readonly uniforms?: readonly (UniformValues | undefined)[];
  readonly image: TileImage;
  readonly limits: StageLimits;
  readonly pool: WorkerPool;
  /** The time budget: aborting interrupts every stage instance of the block. */
  readonly signal: AbortSignal;
  /** Called after each band with the bands done and the total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Runs the block and returns the filtered image (pixels in a shared buffer).
 *
 * @throws {QipError} instantiation, uniform, contract and tile errors naming the stage; the
 *   time-limit message prefixed by the call it interrupted.
 */
export async function runTileBlock(spec: TileBlockSpec): Promise<TileImage> {
  const { image } = spec;
  const tileRows = Math.ceil(image.height / TILE_SIZE);
  const workerCount = Math.max(1, Math.min(spec.pool.size, tileRows));
  const blocks: StageSession<"tile">[] = [];
  try {
    // Worker 0 first, alone, so that the first failure is the one the spec's order reports.
    const halos = await openBlock(spec, 0, blocks);
    await Promise.all(
      Array.from({ length: workerCount - 1 }, (_, index) => openBlock(spec, index + 1, blocks)),
    );
    const run = halos.some((halo) => halo > 0) ? runHaloPipeline : runTilePipeline;
    return await run(spec, blocks, tileRows);
  } catch (error) {
    throw isBareTimeLimit(error, spec.limits.timeLimitMs)
      ? new QipError("time_limit", `Error running ${TILE_FUNCTION}: ${error.message}`)
      : error;
  } finally {
    for (const block of blocks) block?.close();
  }
}

/**
 * Opens the block on one worker, as one session owning an instance of every stage, and
 * prepares it for the image; resolves to each stage's halo.
 */
async function openBlock(
  spec: TileBlockSpec,
  workerIndex: number,
  blocks: StageSession<"tile">[],
): Promise<number[]> {
  const { limits, image, pool, signal } = spec;
  const block = await pool.openSession({
    contract: "tile",
    modules: spec.stages.map(({ stage, ref }) => ({
      module: stage.module,
      layout: stage.layout,
      label: describeStage(ref),
    })),
    timeLimitMs: limits.timeLimitMs,
    fuel: limits.fuel === undefined ? undefined : { budget: limits.fuel, remaining: limits.fuel },
    options: { uniforms: spec.uniforms },
    workerIndex,
  }, signal);
  blocks[workerIndex] = block;
  return await block.call({ op: "prepare", width: image.width, height: image.height });
}

/** Pipeline A: bands of tile rows through every stage on one worker. */
async function runTilePipeline(
  spec: TileBlockSpec,
  workers: StageSession<"tile">[],
  tileRows: number,
): Promise<TileImage> {
  const { width, height, pixels, planeMemory } = spec.image;
  let planes: ImagePlanes;
  if (planeMemory === undefined) {
    planes = imagePlanes(width, height);
    new Uint8Array(planes.memory.buffer, planes.source, pixels.byteLength).set(pixels);
  } else {
    planes = { memory: planeMemory, source: 0, target: pixels.byteLength };
  }
  await forEachBand(
    workers,
    tileRows,
    spec.onProgress,
    (block, rows) =>
      callTiles(spec, 0, block, { op: "tiles", planes, rows: { width, height, ...rows } }),
  );
  const target = new Uint8Array(planes.memory.buffer, planes.target, pixels.byteLength);
  return { width, height, pixels: target };
}

/**
 * A shared memory for pipeline A's source and target planes, which the workers' vectorised
 * conversions read and write directly.
 *
 * @throws {QipError} kind `capacity` when the two planes need more than 4 GiB.
 */
function imagePlanes(width: number, height: number): ImagePlanes {
  const planeBytes = width * height * 4;
  const pages = Math.ceil((2 * planeBytes) / WASM_PAGE_BYTES);
  if (pages > MAX_MEMORY_PAGES) {
    throw new QipError("capacity", `Cannot process a ${width}×${height} image`, {
      detail: "its source and result need more than 4 GiB",
    });
  }
  const memory = new WebAssembly.Memory({
    initial: Math.max(1, pages),
    maximum: Math.max(1, pages),
    shared: true,
  });
  return { memory, source: 0, target: planeBytes };
}

/** Pipeline B: stage after stage over the whole image, double-buffered float planes between. */
async function runHaloPipeline(
  spec: TileBlockSpec,
  workers: StageSession<"tile">[],
  tileRows: number,
): Promise<TileImage> {
  const { width, height } = spec.image;
  const stageCount = spec.stages.length;
  // Floats between stages, double-buffered: one plane for two stages, two for more.
  const floatPlanes = Array.from(
    { length: Math.min(2, stageCount - 1) },
    () => new SharedArrayBuffer(width * height * 16),
  );
  const planeBytes = width * height * 4;
  let source: SharedPlane = { kind: "bytes", ...bytePlaneOf(spec.image), length: planeBytes };
  const total = tileRows * stageCount;
  let bandsBefore = 0;
  for (let index = 0; index < stageCount; index++) {
    const target: SharedPlane = index === stageCount - 1
      ? { kind: "bytes", memory: bytePlaneMemory(width, height), byteOffset: 0, length: planeBytes }
      : { kind: "floats", buffer: floatPlanes[index % 2]!, byteOffset: 0, length: planeBytes };
    const from = source;
    const done = bandsBefore;
    await forEachBand(
      workers,
      tileRows,
      (bands) => spec.onProgress?.(done + bands, total),
      (block, rows) =>
        callTiles(spec, index, block, {
          op: "halo",
          stage: index,
          source: from,
          target,
          rows: { width, height, ...rows },
        }),
    );
    bandsBefore += tileRows;
    source = target;
  }
  const result = source as SharedPlane & { kind: "bytes" };
  return { width, height, pixels: new Uint8Array(result.memory.buffer, 0, planeBytes) };
}

/** Hands out one tile row at a time to each worker until all are done or one fails. */
async function forEachBand(
  workers: StageSession<"tile">[],
  tileRows: number,
  onProgress: ((done: number, total: number) => void) | undefined,
  runBand: (block: StageSession<"tile">, rows: { first: number; end: number }) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  let done = 0;
  let failed = false;
  await Promise.all(workers.map(async (block) => {
    while (next < tileRows && !failed) {
      const first = next++;
      try {
        await runBand(block, { first, end: first + 1 });
      } catch (error) {
        failed = true;
        throw error;
      }
      onProgress?.(++done, tileRows);
    }
  }));
}

/**
 * A band call on stage `index`. When the budget ran out between calls the pool refuses with
 * the bare time-limit message; the next wasm call would have been this stage's tile function,
 * so the error names both, as a limit reached inside the call does.
 */
async function callTiles(
  spec: TileBlockSpec,
  index: number,
  session: StageSession<"tile">,
  request: TileRequest,
): Promise<unknown> {
  try {
    return await session.call(request);
  } catch (error) {
    if (!isBareTimeLimit(error, spec.limits.timeLimitMs)) throw error;
    throw new QipError("time_limit", `Error running ${TILE_FUNCTION}: ${error.message}`, {
      detail: describeStage(spec.stages[index]!.ref),
    });
  }
}

/**
 * A call the pool refused because the budget was already spent: the spec's time-limit message
 * with no detail, which inside tile processing takes the call's prefix (cli.md §3.6).
 */
function isBareTimeLimit(error: unknown, timeLimitMs: number): error is QipError {
  return error instanceof QipError && error.kind === "time_limit" &&
    error.detail === undefined && error.specMessage === timeLimitExceeded(timeLimitMs).specMessage;
}

/** The image's pixels in a shared wasm memory: its own plane memory, or a copy. */
function bytePlaneOf(image: TileImage): { memory: WebAssembly.Memory; byteOffset: number } {
  // A plane memory holds the pixels at offset 0 (see TileImage).
  if (image.planeMemory !== undefined) return { memory: image.planeMemory, byteOffset: 0 };
  const memory = bytePlaneMemory(image.width, image.height);
  new Uint8Array(memory.buffer).set(image.pixels);
  return { memory, byteOffset: 0 };
}

/**
 * A shared wasm memory for one 8-bit plane of a `width × height` image.
 *
 * @throws {QipError} kind `capacity` when the plane needs more than 4 GiB.
 */
function bytePlaneMemory(width: number, height: number): WebAssembly.Memory {
  const pages = Math.max(1, Math.ceil((width * height * 4) / WASM_PAGE_BYTES));
  if (pages > MAX_MEMORY_PAGES) {
    throw new QipError("capacity", `Cannot process a ${width}×${height} image`, {
      detail: "its pixels need more than 4 GiB",
    });
  }
  return new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
}
