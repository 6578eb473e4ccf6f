/**
 * MIME detection and the response Content-Type (dev-server.md §3, §6.1): the fixed extension
 * table, `; charset=utf-8` for text, the ICO and BMP sniffers, checked on a real server.
 */
import assert from "node:assert/strict";
import { detectSourceMime } from "../../src/dev/mod.ts";
import { looksLikeBmp, looksLikeIco } from "../../src/dev/_response_content_type.ts";
import { withTempDir } from "../support/temp_dir.ts";
import { fetchText, withTestServer, writeTree } from "./_dev_support.ts";

/** A 1×1 24-bit BMP: 14-byte file header, 40-byte DIB header, one padded pixel row. */
function tinyBmp(): Uint8Array {
  const bytes = new Uint8Array(58);
  const view = new DataView(bytes.buffer);
  bytes.set([0x42, 0x4d]);
  view.setUint32(2, 58, true);
  view.setUint32(10, 54, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, 1, true);
  view.setInt32(22, 1, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, 24, true);
  return bytes;
}

/** An ICO directory with one entry pointing at 4 bytes after it. */
function tinyIco(): Uint8Array {
  const bytes = new Uint8Array(26);
  const view = new DataView(bytes.buffer);
  view.setUint16(2, 1, true);
  view.setUint16(4, 1, true);
  view.setUint32(14, 4, true);
  view.setUint32(18, 22, true);
  return bytes;
}

const MIME_CASES: Array<[string, string]> = [
  ["a.md", "text/markdown"],
  ["a.MARKDOWN", "text/markdown"],
  ["a.html", "text/html"],
  ["a.htm", "text/html"],
  ["a.css", "text/css"],
  ["a.js", "text/javascript"],
  ["a.mjs", "text/javascript"],
  ["a.json", "application/json"],
  ["a.xml", "text/xml"],
  ["a.svg", "image/svg+xml"],
  ["a.PNG", "image/png"],
  ["a.jpg", "image/jpeg"],
  ["a.jpeg", "image/jpeg"],
  ["a.gif", "image/gif"],
  ["a.webp", "image/webp"],
  ["a.avif", "image/avif"],
  ["a.ico", "image/x-icon"],
  ["a.pdf", "application/pdf"],
  ["a.wasm", "application/wasm"],
  ["a.txt", "text/plain"],
  ["README", "application/octet-stream"],
  ["a.unknownext", "application/octet-stream"],
  ["dir.md/file", "application/octet-stream"],
  [".gitignore", "application/octet-stream"],
];

for (const [path, mime] of MIME_CASES) {
  Deno.test(`detectSourceMime() maps ${path} to ${mime}`, () => {
    assert.equal(detectSourceMime(path), mime);
  });
}

Deno.test("looksLikeBmp() accepts a 1×1 BMP and refuses a truncated one", () => {
  assert.equal(looksLikeBmp(tinyBmp()), true);
  assert.equal(looksLikeBmp(tinyBmp().subarray(0, 17)), false);
  const wrongOffset = tinyBmp();
  new DataView(wrongOffset.buffer).setUint32(10, 13, true);
  assert.equal(looksLikeBmp(wrongOffset), false);
});

Deno.test("looksLikeIco() accepts a one-entry ICO and refuses an image past the end", () => {
  assert.equal(looksLikeIco(tinyIco()), true);
  const pastEnd = tinyIco();
  new DataView(pastEnd.buffer).setUint32(14, 5, true);
  assert.equal(looksLikeIco(pastEnd), false);
});

const SERVED_TYPES: Array<[string, string | Uint8Array, string]> = [
  ["page.html", "<p>x</p>", "text/html; charset=utf-8"],
  ["notes.md", "# raw", "text/markdown; charset=utf-8"],
  ["style.css", "a{}", "text/css; charset=utf-8"],
  ["app.js", "1", "text/javascript; charset=utf-8"],
  ["data.json", "{}", "application/json"],
  ["logo.svg", "<svg/>", "image/svg+xml"],
  ["README", "plain", "application/octet-stream"],
  ["picture.bmp", tinyBmp(), "image/bmp"],
  ["favicon.ico", tinyIco(), "image/x-icon"],
  ["disguised.txt", tinyBmp(), "image/bmp"],
  ["disguised.png", tinyIco(), "image/x-icon"],
];

Deno.test("devHandler() labels static files by extension and sniffed bytes (11 files)", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, Object.fromEntries(SERVED_TYPES.map(([rel, body]) => [rel, body])));
    await withTestServer({ contentDir: dir }, async ({ url }) => {
      for (const [rel, , contentType] of SERVED_TYPES) {
        const response = await fetchText(`${url}/${rel}`);
        assert.equal(response.status, 200, rel);
        assert.equal(response.headers.get("content-type"), contentType, rel);
        assert.equal(response.headers.get("cache-control"), null);
        assert.equal(response.headers.get("last-modified"), null);
        assert.equal(response.headers.get("content-encoding"), null);
      }
    });
  });
});
