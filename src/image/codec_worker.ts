/**
 * The worker that decodes input images and compresses PNG bands. It is created with
 * `permissions: "none"`: a malformed or hostile image meets third-party decoders here, with
 * nothing to read, write or reach, and only bytes in and out.
 *
 * @module
 */

/// <reference lib="deno.worker" />

import { decodeImage } from "./_decode_image.ts";
import { DecodeError, type DecoderModules, useDecoderModules } from "./_imagescript_decoders.ts";
import type { PngBandRequest } from "./png_band.ts";
import { errorText } from "../errors.ts";

/** What the host asks. */
export type CodecRequest =
  /**
   * Sent first: the host's compiled decoders (this worker cannot import a `.wasm` file), and
   * the `blob:` URL of the bundled PNG encoder (src/image/png_band.ts).
   */
  | {
    readonly id: number;
    readonly op: "init";
    readonly modules: DecoderModules;
    readonly encoderUrl: string;
  }
  | {
    readonly id: number;
    readonly op: "decode";
    readonly bytes: Uint8Array;
    readonly maxPixels: number | undefined;
  }
  | { readonly id: number; readonly op: "pngBand"; readonly band: PngBandRequest }
  /** Load the encoder and run it once on a small band, while the host does something else. */
  | { readonly id: number; readonly op: "warmEncoder" };

/** What the worker answers. */
export type CodecReply =
  | { readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly id: number; readonly ok: false; readonly message: string };

/** The PNG encoder loads `node:zlib` (about 25 ms): not before it is needed or warmed. */
let pngBand: Promise<typeof import("./png_band.ts")> | undefined;
let encoderUrl: string | undefined;

function loadEncoder(): Promise<typeof import("./png_band.ts")> {
  if (encoderUrl === undefined) throw new Error("the PNG encoder was not handed in");
  return pngBand ??= import(encoderUrl);
}

/** A small opaque-and-translucent image that takes the encoder's loops through both paths. */
const WARM_UP_PIXELS = Uint8Array.from({ length: 64 * 64 * 4 }, (_, index) => (index * 37) & 255);

self.onmessage = async (event: MessageEvent<CodecRequest>) => {
  const request = event.data;
  try {
    let result: unknown;
    switch (request.op) {
      case "init":
        useDecoderModules(request.modules);
        encoderUrl = request.encoderUrl;
        break;
      case "decode":
        result = await decodeImage(request.bytes, { maxPixels: request.maxPixels });
        break;
      case "pngBand":
        result = (await loadEncoder()).encodePngBand(request.band);
        break;
      case "warmEncoder": {
        const { encodePngBand } = await loadEncoder();
        const warmUp = { pixels: WARM_UP_PIXELS, width: 64, height: 64, firstRow: 0, endRow: 64 };
        for (const colourType of [2, 6] as const) encodePngBand({ ...warmUp, colourType });
        break;
      }
    }
    self.postMessage({ id: request.id, ok: true, result } satisfies CodecReply);
  } catch (error) {
    const message = error instanceof DecodeError
      ? error.message
      : `codec failed: ${errorText(error)}`;
    self.postMessage({ id: request.id, ok: false, message } satisfies CodecReply);
  }
};
