/**
 * The image-container modules of `examples/` (examples.md §2, §7.5, §7.7, §9): svg-rasterize,
 * bmp-double, bmp-to-ico and text-to-bmp, run through the real `qip run`.
 *
 * Expected pictures are computed here from each module's definition: SVG shapes by testing pixel
 * centres against the shapes (through the inverse transform), doubled BMPs pixel by pixel, icons
 * field by field, and text by laying it out in TypeScript with the glyphs read from the font's
 * source (`examples/bmp/_font_8x8.h`).
 *
 * @module
 */

import assert from "node:assert/strict";
import { REPO_ROOT } from "../support/run_qip.ts";
import { runExamples } from "../support/run_examples.ts";

const MIB = 1024 * 1024;

/** Runs a chain of `examples/` modules and returns its raw stdout; any failure fails the test. */
async function run(modules: readonly string[], stdin: string | Uint8Array): Promise<Uint8Array> {
  const result = await runExamples(modules, stdin);
  assert.equal(result.stderr, "", `qip run ${modules.join(" ")}`);
  assert.equal(result.code, 0);
  return result.stdout;
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function encodeBase64(bytes: Uint8Array): string {
  return btoa(Array.from(bytes, (byte) => String.fromCharCode(byte)).join(""));
}

function fromHex(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g)!, (pair) => parseInt(pair, 16));
}

type Rgba = readonly [number, number, number, number];

/** A decoded 32-bpp BMP, pixels addressed from the top-left. */
interface DecodedBmp {
  readonly width: number;
  readonly height: number;
  pixel(x: number, y: number): Rgba;
}

/** Reads a 32-bpp BI_RGB BMP as the modules write it (54-byte header, no row padding). */
function decodeBmp32(bytes: Uint8Array): DecodedBmp {
  const data = view(bytes);
  assert.equal(String.fromCharCode(bytes[0]!, bytes[1]!), "BM");
  assert.equal(data.getUint16(28, true), 32);
  assert.equal(data.getUint32(30, true), 0);
  const width = data.getInt32(18, true);
  const signedHeight = data.getInt32(22, true);
  const height = Math.abs(signedHeight);
  const offset = data.getUint32(10, true);
  assert.equal(bytes.length, offset + width * height * 4);
  return {
    width,
    height,
    pixel(x, y) {
      const row = signedHeight < 0 ? y : height - 1 - y;
      const at = offset + (row * width + x) * 4;
      return [bytes[at + 2]!, bytes[at + 1]!, bytes[at]!, bytes[at + 3]!];
    },
  };
}

/** Asserts every pixel of `bmp` against `expected(x, y)`, naming the first difference. */
function assertPixels(bmp: DecodedBmp, expected: (x: number, y: number) => Rgba): void {
  for (let y = 0; y < bmp.height; y++) {
    for (let x = 0; x < bmp.width; x++) {
      const [got, want] = [bmp.pixel(x, y), expected(x, y)];
      if (got.some((channel, c) => channel !== want[c])) {
        assert.fail(`pixel (${x}, ${y}): got ${got.join(",")}, want ${want.join(",")}`);
      }
    }
  }
}

interface BmpOptions {
  readonly bitsPerPixel?: 24 | 32;
  readonly topDown?: boolean;
  /** Bytes between the 54-byte header and the pixels (the pixel offset grows by as many). */
  readonly gapBytes?: number;
  readonly compression?: number;
  readonly sizeImageField?: number;
}

/** Builds a BMP whose pixel (x, y) (from the top-left) is `pixel(x, y)`; padding bytes are 0xEE. */
function buildBmp(
  width: number,
  height: number,
  pixel: (x: number, y: number) => Rgba,
  options: BmpOptions = {},
): Uint8Array {
  const { bitsPerPixel = 32, topDown = false, gapBytes = 0, compression = 0 } = options;
  const bytesPerPixel = bitsPerPixel / 8;
  const stride = Math.ceil((width * bytesPerPixel) / 4) * 4;
  const offset = 54 + gapBytes;
  const bytes = new Uint8Array(offset + stride * height).fill(0xee);
  const data = view(bytes);
  bytes.set([0x42, 0x4d]);
  data.setUint32(2, bytes.length, true);
  data.setUint32(6, 0, true);
  data.setUint32(10, offset, true);
  data.setUint32(14, 40, true);
  data.setInt32(18, width, true);
  data.setInt32(22, topDown ? -height : height, true);
  data.setUint16(26, 1, true);
  data.setUint16(28, bitsPerPixel, true);
  data.setUint32(30, compression, true);
  data.setUint32(34, options.sizeImageField ?? stride * height, true);
  for (let at = 38; at < 54; at++) bytes[at] = 0;
  for (let at = 54; at < offset; at++) bytes[at] = at & 0xff;
  for (let y = 0; y < height; y++) {
    const row = topDown ? y : height - 1 - y;
    for (let x = 0; x < width; x++) {
      const [r, g, b, a] = pixel(x, y);
      const at = offset + row * stride + x * bytesPerPixel;
      bytes.set(bitsPerPixel === 32 ? [b, g, r, a] : [b, g, r], at);
    }
  }
  return bytes;
}

/** A reproducible pixel pattern. */
function noisePixel(x: number, y: number): Rgba {
  const h = Math.imul(x * 73856093 ^ y * 19349663, 2654435761) >>> 0;
  return [h & 0xff, (h >>> 8) & 0xff, (h >>> 16) & 0xff, (h >>> 24) & 0xff];
}

// --- svg-rasterize: a reference rasteriser for the documented subset ---------------------------

type Matrix = readonly [number, number, number, number, number, number]; // SVG a b c d e f

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

const translate = (x: number, y: number): Matrix => [1, 0, 0, 1, x, y];
const scale = (x: number, y = x): Matrix => [x, 0, 0, y, 0, 0];
function rotate(degrees: number, cx = 0, cy = 0): Matrix {
  const radians = (degrees * Math.PI) / 180;
  const [c, s] = [Math.cos(radians), Math.sin(radians)];
  return multiply(translate(cx, cy), multiply([c, s, -s, c, 0, 0], translate(-cx, -cy)));
}

function invert(m: Matrix): Matrix {
  const det = m[0] * m[3] - m[1] * m[2];
  return [
    m[3] / det,
    -m[1] / det,
    -m[2] / det,
    m[0] / det,
    (m[2] * m[5] - m[3] * m[4]) / det,
    (m[1] * m[4] - m[0] * m[5]) / det,
  ];
}

/** A shape's inside test in its own coordinates, its transform and its fill. */
interface ReferenceShape {
  readonly inside: (x: number, y: number) => boolean;
  readonly transform?: Matrix;
  readonly rgb: number;
}

const rect = (x: number, y: number, w: number, h: number) => (px: number, py: number) =>
  px >= x && px < x + w && py >= y && py < y + h;
const ellipse = (cx: number, cy: number, rx: number, ry = rx) => (px: number, py: number) =>
  ((px - cx) / rx) ** 2 + ((py - cy) / ry) ** 2 < 1;
/** Non-zero winding rule. */
const polygon = (points: readonly number[]) => (px: number, py: number) => {
  let winding = 0;
  for (let i = 0; i < points.length; i += 2) {
    const j = (i + 2) % points.length;
    const [x0, y0, x1, y1] = [points[i]!, points[i + 1]!, points[j]!, points[j + 1]!];
    const side = (x1 - x0) * (py - y0) - (px - x0) * (y1 - y0);
    if (y0 <= py && y1 > py && side > 0) winding++;
    if (y0 > py && y1 <= py && side < 0) winding--;
  }
  return winding !== 0;
};

/** The expected picture: later shapes over earlier ones, pixel centres tested, else transparent. */
function referenceRaster(shapes: readonly ReferenceShape[]): (x: number, y: number) => Rgba {
  const inverses = shapes.map((shape) => invert(shape.transform ?? IDENTITY));
  return (x, y) => {
    let colour: Rgba = [0, 0, 0, 0];
    shapes.forEach((shape, i) => {
      const m = inverses[i]!;
      const [cx, cy] = [x + 0.5, y + 0.5];
      if (shape.inside(m[0] * cx + m[2] * cy + m[4], m[1] * cx + m[3] * cy + m[5])) {
        colour = [(shape.rgb >> 16) & 0xff, (shape.rgb >> 8) & 0xff, shape.rgb & 0xff, 255];
      }
    });
    return colour;
  };
}

const SWISS_FLAG = '<svg width="32" height="32"><rect width="32" height="32" fill="#d52b1e" />' +
  '<rect x="13" y="6" width="6" height="20" fill="#ffffff" />' +
  '<rect x="6" y="13" width="20" height="6" fill="#ffffff" /></svg>\n';

const SWISS_FLAG_SHAPES: readonly ReferenceShape[] = [
  { inside: rect(0, 0, 32, 32), rgb: 0xd52b1e },
  { inside: rect(13, 6, 6, 20), rgb: 0xffffff },
  { inside: rect(6, 13, 20, 6), rgb: 0xffffff },
];

const UNIT_TEST_SVG = `<svg width="12" height="8">
  <rect x="0" y="0" width="4" height="8" fill="#ff0000"/>
  <circle cx="9" cy="2" r="2" fill="#00ff00"/>
  <g transform="translate(1,0)" fill="#0000ff">
    <polygon points="6,5 11,5 11,7"/>
  </g>
</svg>
`;

Deno.test("svg-rasterize.wasm draws the examples.md §7.5 sample (12×8, exact pixels)", async () => {
  const bmp = await run(["svg-rasterize.wasm"], UNIT_TEST_SVG);
  assert.deepEqual(bmp.subarray(18, 26), fromHex("0c00000008000000"));
  assert.ok(bmp.length >= 54 + 12 * 8 * 4);
  const image = decodeBmp32(bmp);
  assert.deepEqual(image.pixel(1, 1), [255, 0, 0, 255]);
  assert.deepEqual(image.pixel(9, 2), [0, 255, 0, 255]);
  assert.deepEqual(image.pixel(10, 5), [0, 0, 255, 255]);
  assert.deepEqual(image.pixel(11, 0), [0, 0, 0, 0]);
  assertPixels(
    image,
    referenceRaster([
      { inside: rect(0, 0, 4, 8), rgb: 0xff0000 },
      { inside: ellipse(9, 2, 2), rgb: 0x00ff00 },
      { inside: polygon([6, 5, 11, 5, 11, 7]), transform: translate(1, 0), rgb: 0x0000ff },
    ]),
  );
});

Deno.test("svg-rasterize.wasm turns the cli.md Swiss flag into a 4150-byte 32×32 BMP", async () => {
  const bmp = await run(["svg-rasterize.wasm"], SWISS_FLAG);
  assert.equal(bmp.length, 4150);
  const header = view(bmp);
  assert.deepEqual(
    [0, 2, 6, 10, 14, 18, 22, 26, 28, 30, 34, 38, 42, 46, 50].map((at) =>
      at === 0
        ? String.fromCharCode(bmp[0]!, bmp[1]!)
        : at === 26 || at === 28
        ? header.getUint16(at, true)
        : header.getUint32(at, true)
    ),
    ["BM", 4150, 0, 54, 40, 32, 32, 1, 32, 0, 4096, 0, 0, 0, 0],
  );
  assertPixels(decodeBmp32(bmp), referenceRaster(SWISS_FLAG_SHAPES));
});

Deno.test("svg-rasterize.wasm applies rotate, scale, skewX, matrix and nested transforms", async () => {
  const svg = `<?xml version="1.0"?>
<!DOCTYPE svg>
<svg width="40" height="30" fill="#123">
  <!-- a comment <rect width="40" height="30"/> -->
  <rect x="2" y="2" width="10" height="4" transform="rotate(90 7 4)"/>
  <g transform="translate(20 1) scale(2, 1.5)">
    <ellipse cx="4" cy="4" rx="3.5" ry="2" fill="#abcdef"/>
    <g transform="rotate(-30)"><rect x="1" y="6" width="5" height="3" fill="#f0f"/></g>
  </g>
  <polygon points="2,28 12,18 12,28" transform="skewX(20)" fill="#00aa00"/>
  <rect width="3" height="3" transform="matrix(1 0.5 -0.5 1 30 20)" fill="#ffffff"/>
</svg>`;
  const g = multiply(translate(20, 1), scale(2, 1.5));
  const skew = Math.tan((20 * Math.PI) / 180);
  assertPixels(
    decodeBmp32(await run(["svg-rasterize.wasm"], svg)),
    referenceRaster([
      { inside: rect(2, 2, 10, 4), transform: rotate(90, 7, 4), rgb: 0x112233 },
      { inside: ellipse(4, 4, 3.5, 2), transform: g, rgb: 0xabcdef },
      { inside: rect(1, 6, 5, 3), transform: multiply(g, rotate(-30)), rgb: 0xff00ff },
      { inside: polygon([2, 28, 12, 18, 12, 28]), transform: [1, 0, skew, 1, 0, 0], rgb: 0x00aa00 },
      { inside: rect(0, 0, 3, 3), transform: [1, 0.5, -0.5, 1, 30, 20], rgb: 0xffffff },
    ]),
  );
});

Deno.test("svg-rasterize.wasm maps viewBoxes (root and nested svg) and moves nested svg by x, y", async () => {
  const svg = '<svg width="24" height="12" viewBox="0 0 10 10">' +
    '<rect width="10" height="10" fill="#800000"/>' +
    '<svg x="2" y="3" width="4" height="4" viewBox="0 0 2 2"><circle cx="1" cy="1" r="1" fill="#0f0"/></svg>' +
    "</svg>";
  const root = multiply(translate(6, 0), scale(1.2));
  assertPixels(
    decodeBmp32(await run(["svg-rasterize.wasm"], svg)),
    referenceRaster([
      { inside: rect(0, 0, 10, 10), transform: root, rgb: 0x800000 },
      {
        inside: ellipse(1, 1, 1),
        transform: multiply(root, multiply(translate(2, 3), scale(2))),
        rgb: 0x00ff00,
      },
    ]),
  );
});

Deno.test("svg-rasterize.wasm inherits fills, defaults to black and skips fill none and unknown elements", async () => {
  const svg = '<svg width="20" height="10">' +
    '<rect x="0" y="0" width="4" height="4"/>' + // default black
    '<g fill="#00f"><rect x="5" y="0" width="4" height="4"/>' + // inherited blue
    '<rect x="10" y="0" width="4" height="4" fill="none"/>' + // not painted
    '<rect x="15" y="0" width="4" height="4" fill="red"/></g>' + // unknown value: inherited
    '<defs><rect x="0" y="5" width="20" height="5" fill="#fff"/></defs>' + // not drawn
    '<rect x="0" y="5" width="0" height="5" fill="#fff"/>' + // empty
    "<polyline points='1 6, 8 6 8 9' fill='#0a0'/></svg>";
  assertPixels(
    decodeBmp32(await run(["svg-rasterize.wasm"], svg)),
    referenceRaster([
      { inside: rect(0, 0, 4, 4), rgb: 0x000000 },
      { inside: rect(5, 0, 4, 4), rgb: 0x0000ff },
      { inside: rect(15, 0, 4, 4), rgb: 0x0000ff },
      { inside: polygon([1, 6, 8, 6, 8, 9]), rgb: 0x00aa00 },
    ]),
  );
});

Deno.test("svg-rasterize.wasm fills a self-crossing polygon by the non-zero rule", async () => {
  const star = [10, 1, 15.9, 19.1, 0.5, 7.9, 19.5, 7.9, 4.1, 19.1];
  const svg = `<svg width="20" height="20"><polygon points="${star.join(" ")}"/></svg>`;
  const bmp = decodeBmp32(await run(["svg-rasterize.wasm"], svg));
  assertPixels(bmp, referenceRaster([{ inside: polygon(star), rgb: 0 }]));
  assert.deepEqual(bmp.pixel(10, 10), [0, 0, 0, 255]); // the centre winds twice
});

Deno.test("svg-rasterize.wasm sizes the picture from the viewBox, rounding fractional sizes up", async () => {
  const fromViewBox = decodeBmp32(await run(["svg-rasterize.wasm"], '<svg viewBox="0 0 7 5"/>'));
  assert.deepEqual([fromViewBox.width, fromViewBox.height], [7, 5]);
  const fractional = decodeBmp32(
    await run(["svg-rasterize.wasm"], '<svg width="10.2px" height="3.5"></svg>'),
  );
  assert.deepEqual([fractional.width, fractional.height], [11, 4]);
});

for (
  const [what, svg] of [
    ["no svg root", "<rect width='3' height='3'/>"],
    ["plain text", "hello"],
    ["empty input", ""],
    ["a zero width", '<svg width="0" height="5"></svg>'],
    ["a picture over the 16 MiB output cap", '<svg width="2048" height="2048"></svg>'],
  ] as const
) {
  Deno.test(`svg-rasterize.wasm gives empty output for ${what}`, async () => {
    assert.equal((await run(["svg-rasterize.wasm"], svg)).length, 0);
  });
}

// --- bmp-double ----------------------------------------------------------------------------------

/** Checks `out` is `input` doubled: header fields, copied gap, every pixel a 2×2 block. */
function assertDoubled(input: Uint8Array, out: Uint8Array): void {
  const [inData, outData] = [view(input), view(out)];
  const offset = inData.getUint32(10, true);
  const width = inData.getInt32(18, true);
  const height = inData.getInt32(22, true);
  assert.equal(out.length, offset + width * Math.abs(height) * 16);
  assert.equal(outData.getUint32(2, true), out.length);
  assert.equal(outData.getInt32(18, true), 2 * width);
  assert.equal(outData.getInt32(22, true), 2 * height);
  const sizeImage = inData.getUint32(34, true);
  assert.equal(outData.getUint32(34, true), sizeImage === 0 ? 0 : width * Math.abs(height) * 16);
  for (const at of [0, 1, 6, 7, 8, 9, 10, 11, 12, 13, 14, 26, 27, 28, 29, 30, 38, 42, 46, 50]) {
    assert.equal(out[at], input[at], `header byte ${at}`);
  }
  assert.deepEqual(out.subarray(54, offset), input.subarray(54, offset));
  const [small, large] = [decodeBmp32(input), decodeBmp32(out)];
  assertPixels(large, (x, y) => small.pixel(x >> 1, y >> 1));
}

Deno.test("bmp-double.wasm doubles the rasterised Swiss flag to a 16 438-byte 64×64 BMP", async () => {
  const flag = await run(["svg-rasterize.wasm"], SWISS_FLAG);
  const doubled = await run(["svg-rasterize.wasm", "bmp-double.wasm"], SWISS_FLAG);
  assert.equal(doubled.length, 16_438);
  assertDoubled(flag, doubled);
});

for (const width of [1, 2, 3, 4, 5, 7, 8, 13]) {
  Deno.test(`bmp-double.wasm doubles every pixel of a ${width}×3 bottom-up BMP`, async () => {
    const input = buildBmp(width, 3, noisePixel);
    assertDoubled(input, await run(["bmp-double.wasm"], input));
  });
}

Deno.test("bmp-double.wasm keeps a top-down BMP top-down and copies the bytes before the pixels", async () => {
  const input = buildBmp(9, 4, noisePixel, { topDown: true, gapBytes: 20, sizeImageField: 0 });
  assertDoubled(input, await run(["bmp-double.wasm"], input));
});

Deno.test("bmp-double.wasm doubles a 1000×999 picture (4 MB in, 16 MB out)", async () => {
  const input = buildBmp(1000, 999, noisePixel);
  assertDoubled(input, await run(["bmp-double.wasm"], input));
});

for (
  const [what, input] of [
    ["a 24-bpp BMP", buildBmp(4, 4, noisePixel, { bitsPerPixel: 24 })],
    ["a BI_BITFIELDS BMP", buildBmp(4, 4, noisePixel, { compression: 3 })],
    ["truncated pixel rows", buildBmp(4, 4, noisePixel).subarray(0, 54 + 4 * 4 * 4 - 1)],
    ["a header alone", buildBmp(4, 4, noisePixel).subarray(0, 53)],
    ["text", new TextEncoder().encode("not a picture at all, but long enough to have a header.")],
  ] as const
) {
  Deno.test(`bmp-double.wasm gives empty output for ${what}`, async () => {
    assert.equal((await run(["bmp-double.wasm"], input)).length, 0);
  });
}

// --- bmp-to-ico ----------------------------------------------------------------------------------

const RED_BMP_HEX = "424D3A0000000000000036000000280000000100000001000000010018000000000004000000" +
  "000000000000000000000000000000000000FF00";
const RED_ICO_BASE64 =
  "AAABAAEAAQEAAAEAGAAwAAAAFgAAACgAAAABAAAAAgAAAAEAGAAAAAAACAAAAAAAAAAAAAAAAAAAAAAAAAAAAP8AAAAAAA==";

Deno.test("bmp-to-ico.wasm turns the 1×1 red BMP into the snapshot icon (examples.md §9 row 3)", async () => {
  const bmp = fromHex(RED_BMP_HEX);
  assert.equal(encodeBase64(await run(["bmp-to-ico.wasm"], bmp)), RED_ICO_BASE64);
  const chained = await runExamples(["bmp-to-ico.wasm", "base64-encode.wasm"], bmp);
  assert.equal(chained.stdoutText, `${RED_ICO_BASE64}\n`);
});

/** Checks an icon made from `input` (a 24/32-bpp BMP) field by field and row by row. */
function assertIcon(input: Uint8Array, ico: Uint8Array): void {
  const inData = view(input);
  const width = inData.getInt32(18, true);
  const signedHeight = inData.getInt32(22, true);
  const height = Math.abs(signedHeight);
  const bits = inData.getUint16(28, true);
  const stride = Math.ceil((width * bits) / 32) * 4;
  const maskStride = Math.ceil(width / 32) * 4;
  const imageBytes = 40 + (stride + maskStride) * height;
  const data = view(ico);
  assert.equal(ico.length, 22 + imageBytes);
  assert.deepEqual([data.getUint16(0, true), data.getUint16(2, true), data.getUint16(4, true)], [
    0,
    1,
    1,
  ]);
  assert.deepEqual(
    [ico[6], ico[7], ico[8], ico[9], data.getUint16(10, true), data.getUint16(12, true)],
    [width & 0xff, height & 0xff, 0, 0, 1, bits],
  );
  assert.deepEqual([data.getUint32(14, true), data.getUint32(18, true)], [imageBytes, 22]);
  assert.deepEqual(
    [40, width, 2 * height, 1, bits, 0, (stride + maskStride) * height, 0, 0, 0, 0],
    [22, 26, 30, 34, 36, 38, 42, 46, 50, 54, 58].map((at) =>
      at === 34 || at === 36 ? data.getUint16(at, true) : data.getInt32(at, true)
    ),
  );
  const rowBytes = (width * bits) / 8;
  const pixelOffset = inData.getUint32(10, true);
  for (let i = 0; i < height; i++) {
    const fromTop = height - 1 - i; // XOR row i counts from the bottom
    const storedRow = signedHeight < 0 ? fromTop : height - 1 - fromTop;
    const source = input.subarray(
      pixelOffset + storedRow * stride,
      pixelOffset + storedRow * stride + rowBytes,
    );
    const row = ico.subarray(62 + i * stride, 62 + (i + 1) * stride);
    assert.deepEqual(row.subarray(0, rowBytes), source, `XOR row ${i}`);
    assert.ok(row.subarray(rowBytes).every((byte) => byte === 0), `XOR row ${i} padding`);
  }
  assert.ok(ico.subarray(62 + stride * height).every((byte) => byte === 0), "AND mask");
}

for (
  const [what, input] of [
    ["a 32-bpp top-down 3×2 BMP", buildBmp(3, 2, noisePixel, { topDown: true })],
    ["a 32-bpp bottom-up 5×4 BMP", buildBmp(5, 4, noisePixel)],
    ["a 24-bpp bottom-up 3×2 BMP (padded rows)", buildBmp(3, 2, noisePixel, { bitsPerPixel: 24 })],
    [
      "a 24-bpp top-down 33×7 BMP",
      buildBmp(33, 7, noisePixel, { bitsPerPixel: 24, topDown: true }),
    ],
    ["a 256×256 BMP (size bytes 0)", buildBmp(256, 256, noisePixel)],
    ["a BMP with bytes between header and pixels", buildBmp(2, 2, noisePixel, { gapBytes: 12 })],
  ] as const
) {
  Deno.test(`bmp-to-ico.wasm wraps ${what}`, async () => {
    assertIcon(input, await run(["bmp-to-ico.wasm"], input));
  });
}

Deno.test("bmp-to-ico.wasm makes a 64×64 icon from the README chain svg → bmp-double → ico", async () => {
  const doubled = await run(["svg-rasterize.wasm", "bmp-double.wasm"], SWISS_FLAG);
  const ico = await run(["svg-rasterize.wasm", "bmp-double.wasm", "bmp-to-ico.wasm"], SWISS_FLAG);
  assert.equal(ico.length, 22 + 40 + 64 * 64 * 4 + 64 * 8);
  assertIcon(doubled, ico);
});

for (
  const [what, input] of [
    ["a BMP wider than 256", buildBmp(257, 1, noisePixel)],
    ["a BMP taller than 256", buildBmp(1, 257, noisePixel, { topDown: true })],
    ["a BI_BITFIELDS BMP", buildBmp(2, 2, noisePixel, { compression: 3 })],
    ["truncated pixel rows", fromHex(RED_BMP_HEX).subarray(0, 57)],
    [
      "a 16-bpp BMP",
      (() => {
        const bmp = buildBmp(2, 2, noisePixel);
        view(bmp).setUint16(28, 16, true);
        return bmp;
      })(),
    ],
  ] as const
) {
  Deno.test(`bmp-to-ico.wasm gives empty output for ${what}`, async () => {
    assert.equal((await run(["bmp-to-ico.wasm"], input)).length, 0);
  });
}

// --- text-to-bmp ---------------------------------------------------------------------------------

/** The glyphs as drawn in the font's source: 96 entries of 8 rows of 8 '#'/'.' characters. */
async function readFont(): Promise<string[][]> {
  const source = await Deno.readTextFile(`${REPO_ROOT}/examples/bmp/_font_8x8.h`);
  const rows = [...source.matchAll(/"([.#]{8})"/g)].map((match) => match[1]!);
  return Array.from({ length: rows.length / 8 }, (_, i) => rows.slice(i * 8, i * 8 + 8));
}

const FONT = await readFont();
const MISSING_GLYPH = 95;

/** Lays text out as bmp/_text_raster.h describes: [row, column, glyph] for every drawn character. */
function layOut(text: Uint8Array): { rows: number; glyphs: [number, number, number][] } {
  const glyphs: [number, number, number][] = [];
  let [row, col] = [0, 0];
  for (let i = 0; i < text.length; i++) {
    const byte = text[i]!;
    if (byte === 0x0d || byte === 0x0a) {
      if (byte === 0x0d && text[i + 1] === 0x0a) i++;
      [row, col] = [row + 1, 0];
    } else if (byte === 0x09) {
      if (col === 80) [row, col] = [row + 1, 0];
      col = (Math.floor(col / 4) + 1) * 4;
    } else if ((byte >= 0x20 && byte <= 0x7e) || byte >= 0xc0) {
      if (col === 80) [row, col] = [row + 1, 0];
      glyphs.push([row, col, byte >= 0xc0 ? MISSING_GLYPH : byte - 0x20]);
      col++;
    }
  }
  return { rows: row + 1, glyphs };
}

/** The expected picture of `text`: black ink on opaque white, glyphs leading/2 below each row top. */
function textPicture(text: string | Uint8Array, leading = 4) {
  const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
  const { rows, glyphs } = layOut(bytes);
  const rowHeight = 8 + leading;
  const ink = new Set<number>();
  for (const [row, col, glyph] of glyphs) {
    FONT[glyph]!.forEach((line, gy) => {
      [...line].forEach((cell, gx) => {
        if (cell === "#") {
          ink.add((row * rowHeight + Math.floor(leading / 2) + gy) * 640 + col * 8 + gx);
        }
      });
    });
  }
  return {
    width: 640,
    height: rows * rowHeight,
    pixel: (x: number, y: number): Rgba =>
      ink.has(y * 640 + x) ? [0, 0, 0, 255] : [255, 255, 255, 255],
  };
}

Deno.test("text-to-bmp.wasm draws Hello⏎World as a 640×24 BMP of 61 494 bytes", async () => {
  const bmp = await run(["text-to-bmp.wasm"], "Hello\nWorld");
  assert.equal(bmp.length, 61_494);
  const header = view(bmp);
  assert.deepEqual(
    [2, 10, 14, 18, 22, 26, 28, 30, 34, 38, 42, 46, 50].map((at) =>
      at === 26 || at === 28 ? header.getUint16(at, true) : header.getInt32(at, true)
    ),
    [61_494, 54, 40, 640, 24, 1, 32, 0, 640 * 24 * 4, 2835, 2835, 0, 0],
  );
  const expected = textPicture("Hello\nWorld");
  assertPixels(decodeBmp32(bmp), expected.pixel);
});

for (
  const [what, text, rows] of [
    ["x", "x", 1],
    ["empty input", "", 1],
    ["a trailing newline", "x\n", 2],
    ["CRLF, CR and LF line ends", "a\r\nb\rc\nd", 4],
    ["LF then CR (two line ends)", "a\n\rb", 3],
    ["80 characters (one full row)", "y".repeat(80), 1],
    ["81 characters (wrapped)", "y".repeat(81), 2],
    ["a tab after a full row", `${"t".repeat(80)}\tz`, 2],
  ] as const
) {
  Deno.test(`text-to-bmp.wasm gives ${rows} row${rows === 1 ? "" : "s"} for ${what}`, async () => {
    const bmp = decodeBmp32(await run(["text-to-bmp.wasm"], text));
    const expected = textPicture(text);
    assert.deepEqual([bmp.width, bmp.height], [640, rows * 12]);
    assertPixels(bmp, expected.pixel);
  });
}

Deno.test("text-to-bmp.wasm lays out tabs, wrapping, UTF-8 and control characters", async () => {
  const text = "int main(void) {\n\treturn 0;\t// ok\n}\r\n" +
    "0123456789 ".repeat(9) + "\n" +
    "caf\u00e9 \u{1f680} \x00\x07\x7f|~_{}[]\\`'\"!@#$%^&*()-=+;:,.<>/?\ta\tb";
  const bmp = decodeBmp32(await run(["text-to-bmp.wasm"], text));
  const expected = textPicture(text);
  assert.deepEqual([bmp.width, bmp.height], [expected.width, expected.height]);
  assertPixels(bmp, expected.pixel);
});

Deno.test("text-to-bmp.wasm keeps the rows that fit its 8 MiB output (65 536 newlines)", async () => {
  const bmp = await run(["text-to-bmp.wasm"], "\n".repeat(65_536));
  const rows = Math.floor((8 * MIB - 54) / (640 * 4 * 12));
  assert.equal(view(bmp).getInt32(22, true), rows * 12);
  assert.equal(bmp.length, 54 + 640 * 4 * 12 * rows);
});

Deno.test("text-to-bmp.wasm uniform_set_leading() clamps to 0..64 and sets the row height", async () => {
  const module = new WebAssembly.Module(
    await Deno.readFile(`${REPO_ROOT}/examples/text-to-bmp.wasm`),
  );
  for (const [given, kept] of [[0, 0], [9, 9], [100, 64], [-5, 0], [-2147483648, 0]] as const) {
    const exports = new WebAssembly.Instance(module, {}).exports as Record<
      string,
      CallableFunction
    >;
    assert.equal(exports.uniform_set_leading!(given), kept);
    const memory = exports.memory as unknown as WebAssembly.Memory;
    const text = new TextEncoder().encode("Ag\nj");
    new Uint8Array(memory.buffer, exports.input_ptr!(), text.length).set(text);
    const size = exports.run!(text.length) as number;
    const bmp = new Uint8Array(memory.buffer, exports.output_ptr!(), size).slice();
    const expected = textPicture(text, kept);
    assert.equal(view(bmp).getInt32(22, true), 2 * (8 + kept));
    assertPixels(decodeBmp32(bmp), expected.pixel);
  }
});

Deno.test("the 8×8 font has a distinct, inked glyph for every printable ASCII character", () => {
  assert.equal(FONT.length, 96); // 95 printable characters and the stand-in box
  const drawings = FONT.map((glyph) => glyph.join("\n"));
  assert.equal(new Set(drawings).size, 96);
  FONT.slice(1).forEach((glyph, i) =>
    assert.ok(glyph.join("").includes("#"), `glyph ${String.fromCharCode(0x21 + i)} has ink`)
  );
  assert.ok(!drawings[0]!.includes("#"), "space is blank");
});
