/**
 * Source MIME types from file extensions (dev-server.md §3). A fixed table, so the answer is
 * the same on every machine (the original also consulted the OS MIME database).
 *
 * @module
 */

/** The table: Go's built-in types, `.md`/`.markdown`, `.txt`, and common web types. */
export const SOURCE_MIME_TYPES: Readonly<Record<string, string>> = Object.freeze({
  ".md": "text/markdown",
  ".markdown": "text/markdown",
  ".html": "text/html",
  ".htm": "text/html",
  ".css": "text/css",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".json": "application/json",
  ".xml": "text/xml",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".bmp": "image/bmp",
  ".pdf": "application/pdf",
  ".wasm": "application/wasm",
  ".txt": "text/plain",
  ".csv": "text/csv",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".otf": "font/otf",
  ".mp4": "video/mp4",
  ".webm": "video/webm",
  ".mp3": "audio/mpeg",
  ".wav": "audio/wav",
  ".zip": "application/zip",
});

/** What a file without a known extension is served as. */
export const DEFAULT_MIME = "application/octet-stream";

/**
 * The source MIME of a path: its extension (from the last `.` of the last segment, compared
 * lower-case) looked up in {@linkcode SOURCE_MIME_TYPES}, else `application/octet-stream`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { detectSourceMime } from "./mime.ts";
 * assert.equal(detectSourceMime("guide/START.MD"), "text/markdown");
 * assert.equal(detectSourceMime("README"), "application/octet-stream");
 * ```
 */
export function detectSourceMime(path: string): string {
  const base = path.slice(path.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  if (dot < 0) return DEFAULT_MIME;
  return SOURCE_MIME_TYPES[base.slice(dot).toLowerCase()] ?? DEFAULT_MIME;
}
