/**
 * The host side of image coding: a few permission-less codec workers (see codec_worker.ts).
 * Decoding uses one; PNG bands are compressed on all of them.
 *
 * The workers run the bundled text of codec_worker.ts from a `blob:` URL, and get imagescript's
 * decoders compiled by the host, and the `blob:` URL of the bundled PNG encoder, in their first
 * message: spawning reads no file, so it works
 * after `read` is revoked and from installed or compiled copies. A worker that fails to start
 * or dies fails every request it holds or gets afterwards at once.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import { workerScriptUrl } from "../sandbox/mod.ts";
import { CODEC_WORKER_SOURCE } from "./_codec_worker_bundle.ts";
import { PNG_ENCODER_SOURCE } from "./_png_encoder_bundle.ts";
import type { CodecReply, CodecRequest } from "./codec_worker.ts";
import { DECODER_MODULES } from "./_decoder_modules.ts";
import { adler32Combine } from "./_checksums.ts";
import type { PngBand, PngColourType } from "./png_band.ts";
import { pngChunk } from "./_png_chunk.ts";
import type { RgbaImage } from "./rgba_image.ts";

/** Rows per compressed band: fixed, so the file is the same for any number of workers. */
export const PNG_BAND_ROWS = 64;

const PNG_SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * How long one codec request may go unanswered before its worker is given up. Decoding the
 * largest image `--max-pixels` allows by default (100 million pixels) takes about 4 s; this only
 * bounds a decoder that never returns.
 */
const DEFAULT_ANSWER_TIMEOUT_MS = 120_000;

/** One codec worker and its requests in flight. */
class CodecWorker {
  readonly #worker: Worker;
  readonly #pending = new Map<
    number,
    PromiseWithResolvers<unknown> & { readonly timer: ReturnType<typeof setTimeout> }
  >();
  readonly #answerTimeoutMs: number;
  #nextId = 1;
  /** Set once the worker failed to start, died or stopped answering: every request fails. */
  #failure: CodecFailure | undefined;

  constructor(scriptUrl: string, answerTimeoutMs: number) {
    this.#answerTimeoutMs = answerTimeoutMs;
    this.#worker = new Worker(scriptUrl, {
      type: "module",
      name: "qip-codec",
      deno: { permissions: "none" },
    });
    this.#worker.onmessage = (event: MessageEvent<CodecReply>) => {
      const reply = event.data;
      const pending = this.#pending.get(reply.id);
      if (pending === undefined) return;
      this.#pending.delete(reply.id);
      clearTimeout(pending.timer);
      if (reply.ok) pending.resolve(reply.result);
      else pending.reject(new CodecFailure(reply.message));
    };
    this.#worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      this.#fail(`codec worker failed: ${event.message}`);
    };
    const encoderUrl = workerScriptUrl(PNG_ENCODER_SOURCE);
    this.request((id) => ({ id, op: "init", modules: DECODER_MODULES, encoderUrl }))
      .catch(() => {});
  }

  request(build: (id: number) => CodecRequest, transfer: Transferable[] = []): Promise<unknown> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    const timer = setTimeout(
      () => this.#fail(`codec worker did not answer within ${this.#answerTimeoutMs} ms`),
      this.#answerTimeoutMs,
    );
    const pending = { ...Promise.withResolvers<unknown>(), timer };
    this.#pending.set(id, pending);
    this.#worker.postMessage(build(id), transfer);
    return pending.promise;
  }

  close(): void {
    for (const { timer } of this.#pending.values()) clearTimeout(timer);
    this.#worker.terminate();
  }

  /** Fails every request now and later with `message`, and stops the worker. */
  #fail(message: string): void {
    this.#failure ??= new CodecFailure(message);
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(this.#failure);
    }
    this.#pending.clear();
    this.#worker.terminate();
  }
}

/** Has `worker` load and exercise the PNG encoder; a failure shows on its next request. */
function warmWorker(worker: CodecWorker): void {
  worker.request((id) => ({ id, op: "warmEncoder" })).catch(() => undefined);
}

/** A codec failure: the decoder's or encoder's one-line reason. */
class CodecFailure extends Error {}

/**
 * Decodes and encodes images in permission-less workers.
 *
 * @example Decode, then encode again
 * ```ts
 * import assert from "node:assert/strict";
 * import { CodecPool } from "./codec_pool.ts";
 * using codecs = new CodecPool({ size: 2 });
 * const image = await codecs.decode(await Deno.readFile("fixtures/images/saam-40x30.jpg"));
 * assert.deepEqual([image.width, image.height], [40, 30]);
 * const png = await codecs.encodePng(image);
 * assert.deepEqual((await codecs.decode(png)).pixels, image.pixels);
 * ```
 */
export class CodecPool {
  readonly #workers: CodecWorker[];
  readonly #scriptUrl: string;
  readonly #answerTimeoutMs: number;
  /** Set by {@linkcode warmEncoder}: workers added later warm their encoder too. */
  #warm = false;

  /**
   * Spawns `size` workers (at least one). A request unanswered for `answerTimeoutMs` (default
   * 120 s) fails, and so does every later one on that worker. `scriptUrl` replaces the codec
   * worker's script (tests use it to make a worker fail to start or hang).
   */
  constructor(
    options: {
      readonly size?: number;
      readonly answerTimeoutMs?: number;
      readonly scriptUrl?: string;
    } = {},
  ) {
    const {
      size = 1,
      answerTimeoutMs = DEFAULT_ANSWER_TIMEOUT_MS,
      scriptUrl = workerScriptUrl(CODEC_WORKER_SOURCE),
    } = options;
    this.#scriptUrl = scriptUrl;
    this.#answerTimeoutMs = answerTimeoutMs;
    this.#workers = [];
    this.grow(size);
  }

  /**
   * Spawns workers until there are `size` (at least one); the new ones only compress PNG bands.
   * `new Worker` holds the calling thread for 10–20 ms, so a caller spawns the encoding workers
   * while the first one decodes, when that thread would wait anyway.
   */
  grow(size: number): void {
    while (this.#workers.length < Math.max(1, size)) {
      const worker = new CodecWorker(this.#scriptUrl, this.#answerTimeoutMs);
      this.#workers.push(worker);
      if (this.#warm) warmWorker(worker);
    }
  }

  /**
   * Decodes PNG, JPEG or BMP bytes to premultiplied RGBA (pixels in a shared buffer). A header
   * claiming more than `maxPixels` (default 100 million) is refused before anything decodes.
   *
   * @throws {QipError} kind `io`: `Error decoding image file: <reason>`.
   */
  async decode(
    bytes: Uint8Array,
    options: { readonly maxPixels?: number } = {},
  ): Promise<RgbaImage> {
    const { maxPixels } = options;
    try {
      return await this.#workers[0]!.request((id) => ({
        id,
        op: "decode",
        bytes,
        maxPixels,
      })) as RgbaImage;
    } catch (error) {
      if (!(error instanceof CodecFailure)) throw error;
      throw new QipError("io", `Error decoding image file: ${error.message}`, { cause: error });
    }
  }

  /**
   * Loads and exercises the PNG encoder in every worker, so that the real encoding does not pay
   * for it; call it while the workers would be idle (say, while tiles run elsewhere).
   */
  warmEncoder(): void {
    this.#warm = true;
    for (const worker of this.#workers) warmWorker(worker);
  }

  /**
   * Encodes premultiplied RGBA as an 8-bit PNG: colour type 2 when every alpha is 255, else 6
   * (un-premultiplied), bands of {@linkcode PNG_BAND_ROWS} rows compressed in parallel.
   *
   * @throws {QipError} kind `io`: `Error encoding output image: <reason>`.
   */
  async encodePng(image: RgbaImage): Promise<Uint8Array> {
    const { width, height } = image;
    const pixels = sharedCopy(image.pixels);
    const colourType: PngColourType = isOpaque(pixels) ? 2 : 6;
    const bandCount = Math.ceil(height / PNG_BAND_ROWS);
    const bands: PngBand[] = new Array(bandCount);
    let next = 0;
    try {
      await Promise.all(this.#workers.map(async (worker) => {
        while (next < bandCount) {
          const index = next++;
          const firstRow = index * PNG_BAND_ROWS;
          bands[index] = await worker.request((id) => ({
            id,
            op: "pngBand",
            band: {
              pixels,
              width,
              height,
              firstRow,
              endRow: Math.min(height, firstRow + PNG_BAND_ROWS),
              colourType,
            },
          })) as PngBand;
        }
      }));
    } catch (error) {
      if (!(error instanceof CodecFailure)) throw error;
      throw new QipError("io", `Error encoding output image: ${error.message}`, { cause: error });
    }
    return assemblePng(width, height, colourType, bands);
  }

  /** Terminates the workers. */
  close(): void {
    for (const worker of this.#workers) worker.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

/** Signature, IHDR, the zlib header, one IDAT per band, the Adler-32, IEND. */
function assemblePng(
  width: number,
  height: number,
  colourType: PngColourType,
  bands: readonly PngBand[],
): Uint8Array {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, colourType, 0, 0, 0], 8);
  let adler = 1;
  for (const band of bands) adler = adler32Combine(adler, band.adler, band.rawLength);
  const trailer = new Uint8Array(4);
  new DataView(trailer.buffer).setUint32(0, adler);
  const parts = [
    PNG_SIGNATURE,
    pngChunk("IHDR", header),
    pngChunk("IDAT", new Uint8Array([0x78, 0x01])),
    ...bands.map((band) => band.chunk),
    pngChunk("IDAT", trailer),
    pngChunk("IEND", new Uint8Array(0)),
  ];
  const file = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    file.set(part, offset);
    offset += part.length;
  }
  return file;
}

function isOpaque(pixels: Uint8Array): boolean {
  for (let at = 3; at < pixels.length; at += 4) if (pixels[at] !== 255) return false;
  return true;
}

function sharedCopy(pixels: Uint8Array): Uint8Array {
  if (pixels.buffer instanceof SharedArrayBuffer) return pixels;
  const shared = new Uint8Array(new SharedArrayBuffer(pixels.byteLength));
  shared.set(pixels);
  return shared;
}
