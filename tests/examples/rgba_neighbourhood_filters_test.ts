/**
 * The neighbourhood RGBA tile filters of `examples/rgba/` (examples.md §5, uniforms abi.md §3):
 * find-edges, cutout, color-halftone, motion-blur, gaussian-blur and unsharp-mask, run through
 * the tile-ABI test driver (abi.md §4).
 *
 * Every expected pixel is computed here, in TypeScript, straight from the formula written at the
 * top of the module's source: float32 steps through `Math.fround`, evaluated in the order the
 * formula gives, and compared with the module's float output bit for bit. Only the halftone
 * screens at angles other than multiples of 90° are compared with a tolerance: the module's own
 * cos/sin may differ from `Math.cos`/`Math.sin` in the last bit.
 *
 * Images are 150×90 (larger than a tile and not a multiple of 64) so that tile seams, partial
 * tiles and image edges are all covered.
 *
 * @module
 */

import assert from "node:assert/strict";
import { REPO_ROOT } from "../support/run_qip.ts";
import {
  applyTileChainToFloats,
  type FloatRgbaImage,
  imageToFloats,
  loadTileModule,
  prepareTileStage,
  type RgbaImage,
  TILE_SIZE,
  type UniformValues,
} from "../support/tile_abi_driver.ts";

const f = Math.fround;

const WIDTH = 150;
const HEIGHT = 90;

// --- Test images and comparisons -----------------------------------------------------------------

/**
 * A deterministic test picture: soft gradients, two hard-edged rectangles, noise in every
 * channel and an alpha that varies across the image (alpha must be kept or blurred, never lost).
 */
function testImage(width = WIDTH, height = HEIGHT, seed = 0x9e3779b9): RgbaImage {
  const pixels = new Uint8Array(width * height * 4);
  let state = seed >>> 0;
  const noise = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return (state & 0x3f) - 32;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = (x * 255) / width;
      let g = (y * 255) / height;
      let b = 128 + 100 * Math.sin((x + y) / 9);
      if (x > 30 && x < 100 && y > 20 && y < 70) [r, g, b] = [230, 40, 30];
      if ((x - 120) ** 2 + (y - 60) ** 2 < 300) [r, g, b] = [20, 20, 200];
      const at = (y * width + x) * 4;
      pixels[at] = clampByte(r + noise());
      pixels[at + 1] = clampByte(g + noise());
      pixels[at + 2] = clampByte(b + noise());
      pixels[at + 3] = clampByte(255 - (x % 50) * 3 + noise());
    }
  }
  return { width, height, pixels };
}

function clampByte(value: number): number {
  return Math.min(255, Math.max(0, Math.round(value)));
}

function uniformImage(rgba: [number, number, number, number], width = 70, height = 70): RgbaImage {
  const pixels = new Uint8Array(width * height * 4);
  for (let i = 0; i < pixels.length; i += 4) pixels.set(rgba, i);
  return { width, height, pixels };
}

/** Runs one module (`examples/rgba/<name>.wasm`) with uniforms over a float image. */
async function runFilter(
  name: string,
  image: FloatRgbaImage,
  uniforms: UniformValues = {},
): Promise<FloatRgbaImage> {
  const module = await loadTileModule(`examples/rgba/${name}.wasm`);
  return applyTileChainToFloats([{ module, uniforms }], image);
}

/** Asserts equal float images (NaN equal to NaN), naming the first differing pixel. */
function assertSameFloats(actual: FloatRgbaImage, expected: Float32Array, tolerance = 0): void {
  assert.equal(actual.data.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual.data[i]!;
    const e = expected[i]!;
    const same = tolerance === 0
      ? Object.is(a, e) || (a === 0 && e === 0)
      : Math.abs(a - e) <= tolerance;
    if (!same && !(Number.isNaN(a) && Number.isNaN(e))) {
      const pixel = i >> 2;
      assert.fail(
        `pixel (${pixel % actual.width}, ${Math.floor(pixel / actual.width)}) channel ${i & 3}: ` +
          `got ${a}, want ${e}`,
      );
    }
  }
}

// --- Reference helpers ---------------------------------------------------------------------------

/** A float image's channel at (x, y), edge-clamped: the image as if its border went on forever. */
function clampedReader(image: FloatRgbaImage): (x: number, y: number, c: number) => number {
  const { width, height, data } = image;
  return (x, y, c) => {
    const cx = Math.min(width - 1, Math.max(0, x));
    const cy = Math.min(height - 1, Math.max(0, y));
    return data[(cy * width + cx) * 4 + c]!;
  };
}

/**
 * What a tile filter without halo sees around (x, y): the 64×64 tile holding it, neighbours
 * clamped to that tile, and cells outside the image 0 (pipeline A) or edge-clamped (pipeline B,
 * when another stage of the chain has a halo).
 */
function tileReader(
  image: FloatRgbaImage,
  padding: "zero" | "clamp",
): (x: number, y: number, dx: number, dy: number, c: number) => number {
  const clamped = clampedReader(image);
  return (x, y, dx, dy, c) => {
    const tileX = x - (x % TILE_SIZE);
    const tileY = y - (y % TILE_SIZE);
    const nx = tileX + Math.min(TILE_SIZE - 1, Math.max(0, (x % TILE_SIZE) + dx));
    const ny = tileY + Math.min(TILE_SIZE - 1, Math.max(0, (y % TILE_SIZE) + dy));
    if (padding === "zero" && (nx >= image.width || ny >= image.height)) return 0;
    return clamped(nx, ny, c);
  };
}

/** Sobel magnitude / 4 of a value field v(dx, dy) around a pixel, in float32, left to right. */
function sobelEdge(v: (dx: number, dy: number) => number): number {
  const weighted = (a: number, b: number, c: number) => f(f(a + f(b * 2)) + c);
  const gx = f(weighted(v(1, -1), v(1, 0), v(1, 1)) - weighted(v(-1, -1), v(-1, 0), v(-1, 1)));
  const gy = f(weighted(v(-1, 1), v(0, 1), v(1, 1)) - weighted(v(-1, -1), v(0, -1), v(1, -1)));
  return f(f(Math.sqrt(f(f(gx * gx) + f(gy * gy)))) * 0.25);
}

/** Rounds to the nearest integer, ties to even (wasm's `nearest`). */
function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction !== 0.5) return Math.round(value);
  return floor % 2 === 0 ? floor : floor + 1;
}

function clamp01(value: number): number {
  return Math.min(Math.max(value, 0), 1);
}

/** cos and sin of an angle in degrees, reduced in degrees so quarter turns are exact. */
function cosSinDegrees(degrees: number): [number, number] {
  const reduced = ((degrees % 360) + 360) % 360;
  const quarter = Math.round(reduced / 90);
  const radians = ((reduced - quarter * 90) * Math.PI) / 180;
  let [cos, sin] = [Math.cos(radians), Math.sin(radians)];
  for (let turn = 0; turn < quarter % 4; turn++) [cos, sin] = [-sin, cos];
  return [cos, sin];
}

/** Applies `pixel(x, y)` → RGBA to every pixel of an image-sized float buffer. */
function mapPixels(
  width: number,
  height: number,
  pixel: (x: number, y: number) => readonly number[],
): Float32Array {
  const out = new Float32Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) out.set(pixel(x, y), (y * width + x) * 4);
  }
  return out;
}

// --- References: one function per module, from the formula in its source ---------------------------

function findEdgesReference(image: FloatRgbaImage, padding: "zero" | "clamp"): Float32Array {
  const read = tileReader(image, padding);
  return mapPixels(image.width, image.height, (x, y) => [
    ...[0, 1, 2].map((c) => f(1 - Math.min(sobelEdge((dx, dy) => read(x, y, dx, dy, c)), 1))),
    read(x, y, 0, 0, 3),
  ]);
}

function cutoutReference(
  image: FloatRgbaImage,
  { levels = 4, edgeThreshold = f(0.25), edgeStrength = f(0.7) } = {},
): Float32Array {
  const read = tileReader(image, "zero");
  const luma = (x: number, y: number, dx: number, dy: number) =>
    f(
      f(f(f(0.2126) * read(x, y, dx, dy, 0)) + f(f(0.7152) * read(x, y, dx, dy, 1))) +
        f(f(0.0722) * read(x, y, dx, dy, 2)),
    );
  const steps = f(Math.trunc(levels) - 1);
  const darken = f(1 - edgeStrength);
  return mapPixels(image.width, image.height, (x, y) => {
    const edge = sobelEdge((dx, dy) => luma(x, y, dx, dy));
    const flat = [0, 1, 2].map((c) => {
      const q = f(roundHalfEven(f(clamp01(read(x, y, 0, 0, c)) * steps)) / steps);
      return edge > edgeThreshold ? f(q * darken) : q;
    });
    return [...flat, read(x, y, 0, 0, 3)];
  });
}

function halftoneReference(
  image: FloatRgbaImage,
  { maxRadius = 6, angles = [0, 0, 0, 0] } = {},
): Float32Array {
  const screens = angles.map((degrees) => cosSinDegrees(degrees).map(f));
  const cell = f(2 * maxRadius);
  const dotScale = f(f(maxRadius * f(Math.SQRT2)) + 1);
  const fromCentre = (t: number) => f(t - f(f(Math.floor(f(t / cell)) + 0.5) * cell));
  const { width, data } = image;
  return mapPixels(image.width, image.height, (x, y) => {
    const at = (y * width + x) * 4;
    const rgb = [0, 1, 2].map((c) => clamp01(data[at + c]!));
    const m = Math.max(...rgb);
    const inks = [...rgb.map((c) => (m > 0 ? f(f(m - c) / m) : 0)), f(1 - m)];
    const [px, py] = [x + 0.5, y + 0.5];
    const paper = inks.map((ink, i) => {
      const [cos, sin] = screens[i]!;
      const u = fromCentre(f(f(px * cos!) + f(py * sin!)));
      const v = fromCentre(f(f(py * cos!) - f(px * sin!)));
      const d = f(Math.sqrt(f(f(u * u) + f(v * v))));
      const radius = f(dotScale * f(Math.sqrt(ink)));
      return f(1 - clamp01(f(radius - d)));
    });
    const k = paper[3]!;
    return [f(paper[0]! * k), f(paper[1]! * k), f(paper[2]! * k), data[at + 3]!];
  });
}

function motionBlurReference(
  image: FloatRgbaImage,
  { radius = 8, angle = 0 } = {},
): Float32Array {
  const r = Math.trunc(radius);
  const [cos, sin] = [Math.cos((angle * Math.PI) / 180), Math.sin((angle * Math.PI) / 180)];
  const [ex, ey] = [Math.round(r * cos), Math.round(-r * sin)];
  const n = Math.max(Math.abs(ex), Math.abs(ey));
  const read = clampedReader(image);
  if (n === 0) return image.data.slice();
  const step = (i: number, e: number) =>
    Math.sign(i * e) * Math.floor((2 * Math.abs(i * e) + n) / (2 * n));
  return mapPixels(image.width, image.height, (x, y) =>
    [0, 1, 2, 3].map((c) => {
      let sum = 0;
      for (let i = -n; i <= n; i++) sum = f(sum + read(x + step(i, ex), y + step(i, ey), c));
      return f(sum / (2 * n + 1));
    }));
}

/**
 * Three box blurs across, then three down, of the edge-extended image: the blur of
 * gaussian-blur.wat and unsharp-mask.wat. Each pass is computed where its window is complete.
 */
function boxBlurReference(image: FloatRgbaImage, radius: number): Float32Array {
  const r = Math.trunc(radius);
  if (r === 0) return image.data.slice();
  const pad = 3 * r;
  const w = image.width + 2 * pad;
  const h = image.height + 2 * pad;
  const read = clampedReader(image);
  let buffer = new Float32Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 4; c++) buffer[(y * w + x) * 4 + c] = read(x - pad, y - pad, c);
    }
  }
  const width = f(2 * r + 1);
  const pass = (across: boolean, from: number) => {
    const next = buffer.slice();
    const [lines, length] = across ? [h, w] : [w, h];
    for (let line = 0; line < lines; line++) {
      for (let i = from; i < length - from; i++) {
        for (let c = 0; c < 4; c++) {
          let sum = 0;
          for (let k = -r; k <= r; k++) {
            const [x, y] = across ? [i + k, line] : [line, i + k];
            sum = f(sum + buffer[(y * w + x) * 4 + c]!);
          }
          const [x, y] = across ? [i, line] : [line, i];
          next[(y * w + x) * 4 + c] = f(sum / width);
        }
      }
    }
    buffer = next;
  };
  for (const from of [r, 2 * r, 3 * r]) pass(true, from);
  for (const from of [r, 2 * r, 3 * r]) pass(false, from);
  return mapPixels(image.width, image.height, (x, y) => {
    const at = ((y + pad) * w + x + pad) * 4;
    return Array.from(buffer.subarray(at, at + 4));
  });
}

function unsharpReference(
  image: FloatRgbaImage,
  { radius = 2, amount = f(0.6), threshold = f(0.02) } = {},
): Float32Array {
  const blurred = boxBlurReference(image, radius);
  return image.data.map((c, i) => {
    if ((i & 3) === 3) return c;
    const d = f(c - blurred[i]!);
    return Math.abs(d) > threshold ? f(c + f(amount * d)) : c;
  });
}

// --- Contract: exports, caps, memory, halo -----------------------------------------------------

const CONTRACTS = [
  { name: "find-edges", capBytes: 0x20000, pages: 2 },
  { name: "cutout", capBytes: 0x20000, pages: 2 },
  { name: "color-halftone", capBytes: 0x10000, pages: 1 },
  { name: "motion-blur", capBytes: 0x40000, pages: 8 },
  { name: "gaussian-blur", capBytes: 0x60000, pages: 12 },
  { name: "unsharp-mask", capBytes: 0x40000, pages: 12 },
] as const;

for (const { name, capBytes, pages } of CONTRACTS) {
  Deno.test(`${name}.wasm exports input_ptr 0 and input_bytes_cap ${capBytes} as globals, ${pages} pages, no imports`, async () => {
    const module = await loadTileModule(`examples/rgba/${name}.wasm`);
    assert.deepEqual(WebAssembly.Module.imports(module), []);
    const { exports } = new WebAssembly.Instance(module, {});
    assert.ok(exports.input_ptr instanceof WebAssembly.Global);
    assert.ok(exports.input_bytes_cap instanceof WebAssembly.Global);
    assert.equal(exports.input_ptr.value, 0);
    assert.equal(exports.input_bytes_cap.value, capBytes);
    assert.equal((exports.memory as WebAssembly.Memory).buffer.byteLength, pages * 65536);
    assert.equal(typeof exports.tile_rgba_f32_64x64, "function");
    assert.equal(exports.uniform_set_width_and_height, undefined);
  });
}

Deno.test("find-edges, cutout and color-halftone have no halo (calculate_halo_px not exported)", async () => {
  for (const name of ["find-edges", "cutout", "color-halftone"]) {
    const module = await loadTileModule(`examples/rgba/${name}.wasm`);
    assert.equal(new WebAssembly.Instance(module, {}).exports.calculate_halo_px, undefined);
    assert.equal(prepareTileStage(module, { width: 10, height: 10 }).tileSpan, 64);
  }
});

const HALOS = [
  { name: "motion-blur", uniforms: {}, haloPx: 8 },
  { name: "motion-blur", uniforms: { radius: "5.99" }, haloPx: 5 },
  { name: "motion-blur", uniforms: { radius: "1000" }, haloPx: 32 },
  { name: "motion-blur", uniforms: { radius: "-3" }, haloPx: 0 },
  { name: "gaussian-blur", uniforms: {}, haloPx: 6 },
  { name: "gaussian-blur", uniforms: { radius: "4.5" }, haloPx: 12 },
  { name: "gaussian-blur", uniforms: { radius: "99" }, haloPx: 36 },
  { name: "gaussian-blur", uniforms: { radius: "0.9" }, haloPx: 0 },
  { name: "unsharp-mask", uniforms: {}, haloPx: 6 },
  { name: "unsharp-mask", uniforms: { radius: "10" }, haloPx: 30 },
  { name: "unsharp-mask", uniforms: { radius: "11" }, haloPx: 30 },
  { name: "unsharp-mask", uniforms: { radius: "nan" }, haloPx: 0 },
] as const;

for (const { name, uniforms, haloPx } of HALOS) {
  Deno.test(`${name}.wasm calculate_halo_px() is ${haloPx} (${JSON.stringify(uniforms)}) and the span fits the cap`, async () => {
    const module = await loadTileModule(`examples/rgba/${name}.wasm`);
    const prepared = prepareTileStage({ module, uniforms }, { width: 10, height: 10 });
    assert.equal(prepared.haloPx, haloPx);
    assert.equal(prepared.tileSpan, 64 + 2 * haloPx);
  });
}

// --- Uniforms: defaults and clamps (abi.md §3) ---------------------------------------------------

const UNIFORMS = [
  { name: "cutout", key: "levels", low: 2, high: 16 },
  { name: "cutout", key: "edge_threshold", low: 0, high: f(0.99) },
  { name: "cutout", key: "edge_strength", low: 0, high: 1 },
  { name: "color-halftone", key: "max_radius", low: 1, high: 24 },
  { name: "motion-blur", key: "radius", low: 0, high: 32 },
  { name: "gaussian-blur", key: "radius", low: 0, high: 12 },
  { name: "unsharp-mask", key: "radius", low: 0, high: 10 },
  { name: "unsharp-mask", key: "amount", low: 0, high: 2 },
  { name: "unsharp-mask", key: "threshold", low: 0, high: 1 },
] as const;

for (const { name, key, low, high } of UNIFORMS) {
  Deno.test(`${name}.wasm uniform_set_${key}() clamps to ${low}..${high} (NaN → ${low})`, async () => {
    const module = await loadTileModule(`examples/rgba/${name}.wasm`);
    const set = new WebAssembly.Instance(module, {}).exports[`uniform_set_${key}`] as (
      value: number,
    ) => number;
    const inside = f((low + high) / 2);
    assert.equal(set(inside), inside);
    assert.equal(set(high + 100), high);
    assert.equal(set(Infinity), high);
    assert.equal(set(low - 100), low);
    assert.equal(set(-Infinity), low);
    assert.equal(set(NaN), low);
  });
}

Deno.test("color-halftone.wasm and motion-blur.wasm keep any angle as given", async () => {
  const halftone = new WebAssembly.Instance(
    await loadTileModule("examples/rgba/color-halftone.wasm"),
    {},
  ).exports;
  for (const key of ["angle_c", "angle_m", "angle_y", "angle_k"]) {
    assert.equal((halftone[`uniform_set_${key}`] as (v: number) => number)(-725.5), -725.5);
  }
  const motion =
    new WebAssembly.Instance(await loadTileModule("examples/rgba/motion-blur.wasm"), {})
      .exports;
  assert.equal((motion.uniform_set_angle as (v: number) => number)(1e30), f(1e30));
});

// --- find-edges ----------------------------------------------------------------------------------

Deno.test("find-edges.wasm matches the Sobel formula per tile, zero padding in partial tiles (150×90)", async () => {
  const image = imageToFloats(testImage());
  assertSameFloats(await runFilter("find-edges", image), findEdgesReference(image, "zero"));
});

Deno.test("find-edges.wasm turns a flat 64×64 image white and keeps alpha", async () => {
  const image = imageToFloats(uniformImage([90, 160, 20, 77], 64, 64));
  const out = await runFilter("find-edges", image);
  const alpha = f(77 * f(1 / 255));
  assertSameFloats(out, mapPixels(64, 64, () => [1, 1, 1, alpha]));
});

Deno.test("find-edges.wasm sees edge-clamped tiles when a halo stage shares the chain", async () => {
  const image = imageToFloats(testImage());
  const [edges, blur] = await Promise.all([
    loadTileModule("examples/rgba/find-edges.wasm"),
    loadTileModule("examples/rgba/gaussian-blur.wasm"),
  ]);
  const out = applyTileChainToFloats([edges, blur], image);
  const afterEdges = {
    width: image.width,
    height: image.height,
    data: findEdgesReference(image, "clamp"),
  };
  assertSameFloats(out, boxBlurReference(afterEdges, 2));
});

// --- cutout --------------------------------------------------------------------------------------

Deno.test("cutout.wasm matches its formula with the default uniforms (150×90)", async () => {
  const image = imageToFloats(testImage());
  assertSameFloats(await runFilter("cutout", image), cutoutReference(image));
});

Deno.test("cutout.wasm matches its formula with levels 3.7, edge_threshold 0.1, edge_strength 1", async () => {
  const image = imageToFloats(testImage(WIDTH, HEIGHT, 7));
  const uniforms = { levels: "3.7", edge_threshold: "0.1", edge_strength: "1" };
  assertSameFloats(
    await runFilter("cutout", image, uniforms),
    cutoutReference(image, { levels: 3, edgeThreshold: f(0.1), edgeStrength: 1 }),
  );
});

Deno.test("cutout.wasm clamps levels to 2..16 (levels 1 → 2 levels, levels 40 → 16)", async () => {
  const image = imageToFloats(testImage());
  assertSameFloats(
    await runFilter("cutout", image, { levels: "1" }),
    cutoutReference(image, { levels: 2 }),
  );
  assertSameFloats(
    await runFilter("cutout", image, { levels: "40" }),
    cutoutReference(image, { levels: 16 }),
  );
});

// --- color-halftone ------------------------------------------------------------------------------

Deno.test("color-halftone.wasm matches its formula with the default uniforms (150×90, absolute cells)", async () => {
  const image = imageToFloats(testImage());
  assertSameFloats(await runFilter("color-halftone", image), halftoneReference(image));
});

Deno.test("color-halftone.wasm matches its formula with max_radius 2.5 and quarter-turn angles", async () => {
  const image = imageToFloats(testImage(WIDTH, HEIGHT, 11));
  const uniforms = {
    max_radius: "2.5",
    angle_c: "90",
    angle_m: "-180",
    angle_y: "270",
    angle_k: "720",
  };
  assertSameFloats(
    await runFilter("color-halftone", image, uniforms),
    halftoneReference(image, { maxRadius: 2.5, angles: [90, -180, 270, 720] }),
  );
});

Deno.test("color-halftone.wasm matches its formula at screen angles 15/75/0/45 (within 1e-4)", async () => {
  const image = imageToFloats(testImage());
  const uniforms = { max_radius: "4", angle_c: "15", angle_m: "75", angle_y: "0", angle_k: "45" };
  assertSameFloats(
    await runFilter("color-halftone", image, uniforms),
    halftoneReference(image, { maxRadius: 4, angles: [15, 75, 0, 45] }),
    1e-4,
  );
});

Deno.test("color-halftone.wasm leaves white paper white and prints black solid", async () => {
  const white = await runFilter(
    "color-halftone",
    imageToFloats(uniformImage([255, 255, 255, 255])),
  );
  assertSameFloats(white, mapPixels(70, 70, () => [1, 1, 1, 1]));
  const black = await runFilter(
    "color-halftone",
    imageToFloats(uniformImage([0, 0, 0, 128])),
    { max_radius: "24", angle_k: "33" },
  );
  assertSameFloats(black, mapPixels(70, 70, () => [0, 0, 0, f(128 * f(1 / 255))]));
});

// --- motion-blur ---------------------------------------------------------------------------------

Deno.test("motion-blur.wasm matches its formula with the default uniforms (radius 8, angle 0)", async () => {
  const image = imageToFloats(testImage());
  assertSameFloats(await runFilter("motion-blur", image), motionBlurReference(image));
});

for (
  const [radius, angle] of [[5.5, 90], [12, 45], [7, 27], [32, -160], [9, 250], [3, 1e9]] as const
) {
  Deno.test(`motion-blur.wasm matches its formula at radius ${radius}, angle ${angle}`, async () => {
    const image = imageToFloats(testImage(WIDTH, HEIGHT, radius * 1000 + angle));
    assertSameFloats(
      await runFilter("motion-blur", image, { radius: String(radius), angle: String(angle) }),
      motionBlurReference(image, { radius, angle }),
    );
  });
}

Deno.test("motion-blur.wasm leaves the image unchanged below radius 1", async () => {
  const image = imageToFloats(testImage());
  assertSameFloats(await runFilter("motion-blur", image, { radius: "0.99" }), image.data);
});

// --- gaussian-blur -------------------------------------------------------------------------------

for (const radius of [2, 1, 3.8, 12]) {
  Deno.test(`gaussian-blur.wasm matches three box blurs across and down at radius ${radius}`, async () => {
    const image = imageToFloats(testImage(WIDTH, HEIGHT, radius * 31));
    const uniforms: UniformValues = radius === 2 ? {} : { radius: String(radius) };
    assertSameFloats(
      await runFilter("gaussian-blur", image, uniforms),
      boxBlurReference(image, radius),
    );
  });
}

Deno.test("gaussian-blur.wasm leaves the image unchanged below radius 1", async () => {
  const image = imageToFloats(testImage());
  assertSameFloats(await runFilter("gaussian-blur", image, { radius: "0.5" }), image.data);
});

Deno.test("gaussian-blur.wasm keeps a flat colour flat (1×1 and 3×200 images)", async () => {
  for (const [width, height] of [[1, 1], [3, 200]]) {
    const image = imageToFloats(uniformImage([10, 200, 255, 40], width, height));
    const out = await runFilter("gaussian-blur", image, { radius: "12" });
    assertSameFloats(out, boxBlurReference(image, 12));
  }
});

// --- unsharp-mask --------------------------------------------------------------------------------

Deno.test("unsharp-mask.wasm matches its formula with the default uniforms (150×90)", async () => {
  const image = imageToFloats(testImage());
  assertSameFloats(await runFilter("unsharp-mask", image), unsharpReference(image));
});

Deno.test("unsharp-mask.wasm matches its formula with radius 4, amount 2, threshold 0", async () => {
  const image = imageToFloats(testImage(WIDTH, HEIGHT, 5));
  assertSameFloats(
    await runFilter("unsharp-mask", image, { radius: "4", amount: "2", threshold: "0" }),
    unsharpReference(image, { radius: 4, amount: 2, threshold: 0 }),
  );
});

Deno.test("unsharp-mask.wasm matches its formula with radius 10 and threshold 0.3", async () => {
  const image = imageToFloats(testImage(WIDTH, HEIGHT, 3));
  assertSameFloats(
    await runFilter("unsharp-mask", image, { radius: "10", threshold: "0.3" }),
    unsharpReference(image, { radius: 10, threshold: f(0.3) }),
  );
});

Deno.test("unsharp-mask.wasm changes nothing with amount 0 or threshold 1", async () => {
  const image = imageToFloats(testImage());
  assertSameFloats(await runFilter("unsharp-mask", image, { amount: "0" }), image.data);
  assertSameFloats(await runFilter("unsharp-mask", image, { threshold: "1" }), image.data);
});

// The sources state the formulas the references above follow; keep them next to each other.
Deno.test("every neighbourhood filter's source documents its formula and contract", async () => {
  for (const { name } of CONTRACTS) {
    const source = await Deno.readTextFile(`${REPO_ROOT}/examples/rgba/${name}.wat`);
    assert.match(source, /Tile contract \(abi\.md §4\)/);
  }
});
