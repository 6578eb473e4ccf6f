/**
 * The worker that decodes input images and compresses PNG bands. It is created with
 * `permissions: "none"`: a malformed or hostile image meets third-party decoders here, with
 * nothing to read, write or reach, and only bytes in and out.
 *
 * @module
 */

/// <reference lib="deno.worker" />

import { decodeImage } from "./decode_image.ts";
import { DecodeError } from "./imagescript_decoders.ts";
import type { PngBandRequest } from "./png_band.ts";

/** What the host asks. */
export type CodecRequest =
  | { readonly id: number; readonly op: "decode"; readonly bytes: Uint8Array }
  | { readonly id: number; readonly op: "pngBand"; readonly band: PngBandRequest };

/** What the worker answers. */
export type CodecReply =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly message: string };

/** The PNG encoder loads `node:zlib` (about 25 ms): only when the first band comes. */
let pngBand: Promise<typeof import("./png_band.ts")> | undefined;

self.onmessage = async (event: MessageEvent<CodecRequest>) => {
  const request = event.data;
  try {
    const result = request.op === "decode"
      ? decodeImage(request.bytes)
      : (await (pngBand ??= import("./png_band.ts"))).encodePngBand(request.band);
    self.postMessage({ id: request.id, ok: true, result } satisfies CodecReply);
  } catch (error) {
    const message = error instanceof DecodeError
      ? error.message
      : `codec failed: ${error instanceof Error ? error.message : String(error)}`;
    self.postMessage({ id: request.id, ok: false, message } satisfies CodecReply);
  }
};
