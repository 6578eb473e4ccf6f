/**
 * The response `Content-Type` (dev-server.md §6.1), including the ICO and BMP sniffers that
 * label recipe outputs such as svg → bmp → ico.
 *
 * @module
 */

import type { OutputEncoding } from "../contracts/mod.ts";

/** What decides a response's type. */
export interface ContentTypeInput {
  /** The route's source MIME (§3). */
  readonly sourceMime: string;
  /** Whether a recipe chain produced the body. */
  readonly chainApplied: boolean;
  /** The body's encoding (`raw` without recipes). */
  readonly encoding: OutputEncoding;
  readonly body: Uint8Array;
}

/**
 * Picks the Content-Type, first matching rule: rendered markdown is HTML; raw bodies that look
 * like an ICO or a BMP are labelled so; text types get `; charset=utf-8`; else the source MIME.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { devResponseContentType } from "./_response_content_type.ts";
 * const body = new TextEncoder().encode("a { color: red }");
 * assert.equal(
 *   devResponseContentType({ sourceMime: "text/css", chainApplied: false, encoding: "raw", body }),
 *   "text/css; charset=utf-8",
 * );
 * ```
 */
export function devResponseContentType(input: ContentTypeInput): string {
  const { sourceMime, chainApplied, encoding, body } = input;
  if (chainApplied && sourceMime === "text/markdown") return "text/html; charset=utf-8";
  if (encoding === "raw" && looksLikeIco(body)) return "image/x-icon";
  if (encoding === "raw" && looksLikeBmp(body)) return "image/bmp";
  if (sourceMime.startsWith("text/")) return `${sourceMime}; charset=utf-8`;
  return sourceMime;
}

/**
 * Whether `bytes` hold an ICO directory whose first image lies inside the file.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { looksLikeIco } from "./_response_content_type.ts";
 * assert.equal(looksLikeIco(new Uint8Array(22)), false);
 * ```
 */
export function looksLikeIco(bytes: Uint8Array): boolean {
  const length = bytes.byteLength;
  if (length < 22) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, length);
  const count = view.getUint16(4, true);
  if (view.getUint16(0, true) !== 0 || view.getUint16(2, true) !== 1 || count === 0) return false;
  const directoryEnd = 6 + 16 * count;
  if (directoryEnd > length) return false;
  const size = view.getUint32(14, true);
  const offset = view.getUint32(18, true);
  return size !== 0 && offset >= directoryEnd && offset <= length && size <= length - offset;
}

/**
 * Whether `bytes` start with a plausible BMP file header and DIB header.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { looksLikeBmp } from "./_response_content_type.ts";
 * assert.equal(looksLikeBmp(new TextEncoder().encode("BM but not a bitmap")), false);
 * ```
 */
export function looksLikeBmp(bytes: Uint8Array): boolean {
  const length = bytes.byteLength;
  if (length < 18 || bytes[0] !== 0x42 || bytes[1] !== 0x4d) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, length);
  const fileSize = view.getUint32(2, true);
  const pixelOffset = view.getUint32(10, true);
  const dibSize = view.getUint32(14, true);
  if (fileSize !== 0 && fileSize > length) return false;
  if (pixelOffset < 14 || pixelOffset > length) return false;
  // The original adds in 32-bit arithmetic, so a huge DIB size wraps around.
  return dibSize >= 12 && ((14 + dibSize) >>> 0) <= length;
}
