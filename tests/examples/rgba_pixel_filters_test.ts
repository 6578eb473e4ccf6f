/**
 * The per-pixel RGBA tile filters of `examples/rgba/` (spec: examples.md §5, uniforms abi.md §3),
 * run through the tile contract (abi.md §4) by the test driver `tests/support/tile_abi_driver.ts`.
 *
 * Each filter's output is compared, float for float, with the filter's formula written out here
 * in TypeScript (float32 steps through `Math.fround`), on synthetic images larger than one tile
 * and not a multiple of 64 wide or high. The SIMD builds must give the very same float bits as
 * the scalar ones, also for values outside 0..1, infinities and NaN. The driver itself is checked
 * against the spec's conversion facts and with two small probe modules for the halo pipeline.
 *
 * @module
 */

import assert from "node:assert/strict";
import wabtInit from "wabt";
import {
  applyTileChain,
  applyTileChainToFloats,
  byteToFloat,
  compileTileModule,
  type FloatRgbaImage,
  floatToByte,
  imageToFloats,
  loadTileModule,
  prepareTileStage,
  type RgbaImage,
  type UniformValues,
} from "../support/tile_abi_driver.ts";

const f = Math.fround;

// --- Helpers ------------------------------------------------------------------------------------

type Pixel = [r: number, g: number, b: number, a: number];
type PixelFormula = (pixel: Pixel, x: number, y: number) => Pixel;

function filter(name: string): Promise<WebAssembly.Module> {
  return loadTileModule(`examples/rgba/${name}.wasm`);
}

/** A deterministic image with every kind of byte, alpha included (0, partial, 255). */
function syntheticImage(width: number, height: number, seed = 1): RgbaImage {
  const pixels = new Uint8Array(width * height * 4);
  let state = seed;
  for (let index = 0; index < pixels.length; index++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const byte = state >>> 24;
    pixels[index] = index % 97 === 0 ? 0 : index % 89 === 0 ? 255 : byte;
  }
  return { width, height, pixels };
}

/** Runs one filter over an image (bytes or floats) with the given uniforms; the float output. */
async function runFilter(
  name: string,
  image: RgbaImage | FloatRgbaImage,
  uniforms: UniformValues = {},
): Promise<Float32Array> {
  const floats = "pixels" in image ? imageToFloats(image) : image;
  return applyTileChainToFloats([{ module: await filter(name), uniforms }], floats).data;
}

/** The formula applied to every pixel of the image's float conversion. */
function expectedFloats(image: RgbaImage, formula: PixelFormula): Float32Array {
  const input = imageToFloats(image).data;
  const out = new Float32Array(input.length);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const at = (y * image.width + x) * 4;
      out.set(formula(Array.from(input.subarray(at, at + 4)) as Pixel, x, y), at);
    }
  }
  return out;
}

/** Equal float for float (NaN equals NaN, −0 differs from +0); names the first differing pixel. */
function assertSameFloats(actual: Float32Array, expected: Float32Array, width: number): void {
  assert.equal(actual.length, expected.length);
  const index = actual.findIndex((value, i) => !Object.is(value, expected[i]));
  if (index === -1) return;
  const pixel = Math.floor(index / 4);
  assert.fail(
    `pixel (${pixel % width}, ${Math.floor(pixel / width)}) channel ${index % 4}: ` +
      `${actual[index]} != expected ${expected[index]}`,
  );
}

/** The filter's float output is the formula's, bit for bit. */
async function assertFilter(
  name: string,
  image: RgbaImage,
  uniforms: UniformValues,
  formula: PixelFormula,
): Promise<void> {
  const expected = expectedFloats(image, formula);
  assertSameFloats(await runFilter(name, image, uniforms), expected, image.width);
}

/** The exported setter called directly, for its clamped return value. */
async function setUniform(name: string, key: string, value: number): Promise<number> {
  const { exports } = new WebAssembly.Instance(await filter(name), {});
  return (exports[`uniform_set_${key}`] as (value: number) => number)(value);
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

/** The same colours with every RGB channel replaced by the same formula of itself. */
function perChannel(channel: (c: number) => number): PixelFormula {
  return ([r, g, b, a]) => [channel(r), channel(g), channel(b), a];
}

/** (m0·r + m1·g) + m2·b in float32, the colour-matrix row of black-and-white, saturation, hue. */
function row(m0: number, m1: number, m2: number, r: number, g: number, b: number): number {
  return f(f(f(m0 * r) + f(m1 * g)) + f(m2 * b));
}

/** A 3×3 colour matrix (row by row, rounded to float32) applied to R, G, B; alpha kept. */
function matrixFormula(entries: readonly number[]): PixelFormula {
  const m = entries.map(f);
  const out = (i: number, [r, g, b]: Pixel) =>
    row(m[3 * i]!, m[3 * i + 1]!, m[3 * i + 2]!, r, g, b);
  return (pixel) => [out(0, pixel), out(1, pixel), out(2, pixel), pixel[3]];
}

const IDENTITY: PixelFormula = (pixel) => pixel;

/** 3×2 tiles, the last column and row partial. */
const IMAGE = syntheticImage(150, 70);

// --- The driver against the spec (abi.md §4.5, cli.md §5.4) -------------------------------------

Deno.test("byteToFloat() and floatToByte() round-trip all 256 bytes (abi.md §4.5)", () => {
  for (let byte = 0; byte < 256; byte++) assert.equal(floatToByte(byteToFloat(byte)), byte);
  const differing = [];
  for (let byte = 0; byte < 256; byte++) {
    if (byteToFloat(byte) !== f(byte / 255)) differing.push(byte);
  }
  assert.equal(differing.length, 126);
  assert.deepEqual(differing.slice(0, 8), [3, 6, 7, 12, 13, 14, 15, 24]);
  assert.deepEqual([-1, NaN, 0, 1, 2, 0.5].map(floatToByte), [0, 0, 0, 255, 255, 128]);
});

Deno.test("applyTileChain() rejects an i32 uniform written as a float (levels_count=4.0)", async () => {
  const posterize = await filter("posterize");
  assert.throws(
    () => applyTileChain([{ module: posterize, uniforms: { levels_count: "4.0" } }], IMAGE),
    { message: 'invalid value "4.0" for uniform_set_levels_count (expected i32)' },
  );
  assert.throws(
    () => applyTileChain([{ module: posterize, uniforms: { levels: "4" } }], IMAGE),
    { message: 'Wasm module does not export uniform_set_levels for query key "levels"' },
  );
});

const wabt = await wabtInit();

async function watModule(text: string): Promise<WebAssembly.Module> {
  const parsed = wabt.parseWat("probe.wat", text);
  try {
    return await compileTileModule(new Uint8Array(parsed.toBinary({}).buffer));
  } finally {
    parsed.destroy();
  }
}

/**
 * A halo-5 probe: each cell takes the RGB of the cell 5 to its left, and its alpha becomes
 * x + col, the absolute column the host's coordinates give it.
 */
const SHIFT_PROBE = `(module
  (memory (export "memory") 2)
  (global (export "input_ptr") i32 (i32.const 0))
  (global (export "input_bytes_cap") i32 (i32.const 0x20000))
  (func (export "calculate_halo_px") (result i32) (i32.const 5))
  (func (export "tile_rgba_f32_64x64") (param $x f32) (param $y f32)
    (local $row i32) (local $col i32) (local $p i32)
    (loop $rows
      (local.set $col (i32.const 73))
      (loop $cols
        (local.set $p (i32.mul (i32.add (i32.mul (local.get $row) (i32.const 74)) (local.get $col))
          (i32.const 16)))
        (v128.store (local.get $p) (v128.load (i32.sub (local.get $p) (i32.const 80))))
        (f32.store offset=12 (local.get $p)
          (f32.add (local.get $x) (f32.convert_i32_u (local.get $col))))
        (local.set $col (i32.sub (local.get $col) (i32.const 1)))
        (br_if $cols (i32.ge_u (local.get $col) (i32.const 5))))
      (local.set $row (i32.add (local.get $row) (i32.const 1)))
      (br_if $rows (i32.lt_u (local.get $row) (i32.const 74))))))`;

/** A halo-3 module that changes nothing: its presence switches the chain to pipeline B. */
const HALO_NOOP = `(module
  (memory (export "memory") 2)
  (global (export "input_ptr") i32 (i32.const 0))
  (global (export "input_bytes_cap") i32 (i32.const 0x20000))
  (func (export "calculate_halo_px") (result i32) (i32.const 3))
  (func (export "tile_rgba_f32_64x64") (param f32 f32)))`;

Deno.test("applyTileChainToFloats() clamps edges and passes halo coordinates (pipeline B)", async () => {
  const probe = await watModule(SHIFT_PROBE);
  assert.deepEqual(prepareTileStage(probe, IMAGE), {
    inputPtr: 0,
    inputBytesCap: 0x20000,
    haloPx: 5,
    tileSpan: 74,
  });
  const input = imageToFloats(IMAGE).data;
  const inverted = await runFilter("invert", IMAGE);
  const out = applyTileChainToFloats([probe, await filter("invert")], imageToFloats(IMAGE));
  const expected = expectedFloats(IMAGE, (_pixel, x, y) => {
    const from = (y * IMAGE.width + clamp(x - 5, 0, IMAGE.width - 1)) * 4;
    const [r, g, b] = input.subarray(from, from + 3);
    return [f(1 - r!), f(1 - g!), f(1 - b!), x]; // invert keeps the probe's alpha
  });
  assertSameFloats(out.data, expected, IMAGE.width);
  // Pipeline B with only per-pixel work gives what pipeline A gives.
  const viaHalo = applyTileChainToFloats(
    [await watModule(HALO_NOOP), await filter("invert")],
    imageToFloats(IMAGE),
  );
  assertSameFloats(viaHalo.data, inverted, IMAGE.width);
});

// --- Contract of every module -------------------------------------------------------------------

const UNIFORMS: Readonly<Record<string, readonly string[]>> = {
  "invert": [],
  "black-and-white": [],
  "brightness": ["brightness"],
  "contrast": ["contrast"],
  "saturation": ["saturation"],
  "hue-rotate": ["hue_degrees"],
  "temperature": ["temperature"],
  "tint": ["tint"],
  "posterize": ["levels_count"],
  "posterize-4": [],
  "vignette": ["amount", "feather", "midpoint", "width_and_height"],
  "render-clouds": ["contrast", "octaves", "persistence", "scale", "seed"],
};
const SIMD_BUILDS = [
  "invert",
  "black-and-white",
  "brightness",
  "contrast",
  "saturation",
  "hue-rotate",
];

for (const name of [...Object.keys(UNIFORMS), ...SIMD_BUILDS.map((base) => `${base}-simd`)]) {
  Deno.test(`${name}.wasm follows the tile contract (globals 0 / 64 KiB, 1 page, no halo)`, async () => {
    const module = await filter(name);
    assert.deepEqual(WebAssembly.Module.imports(module), []);
    const exports = WebAssembly.Module.exports(module);
    const kinds = Object.fromEntries(exports.map((entry) => [entry.name, entry.kind]));
    assert.equal(kinds.input_ptr, "global");
    assert.equal(kinds.input_bytes_cap, "global");
    assert.equal(kinds.tile_rgba_f32_64x64, "function");
    assert.equal(kinds.memory, "memory");
    const uniforms = exports.map((entry) => entry.name).filter((n) => n.startsWith("uniform_set_"));
    assert.deepEqual(
      uniforms.sort(),
      UNIFORMS[name.replace(/-simd$/, "")]!.map((key) => `uniform_set_${key}`),
    );
    const memory = new WebAssembly.Instance(module, {}).exports.memory as WebAssembly.Memory;
    assert.equal(memory.buffer.byteLength, 65536);
    const prepared = prepareTileStage(module, IMAGE);
    assert.deepEqual(prepared, { inputPtr: 0, inputBytesCap: 65536, haloPx: 0, tileSpan: 64 });
  });
}

// --- invert, black-and-white --------------------------------------------------------------------

Deno.test("invert.wasm gives 1 − c for R, G, B and keeps alpha", async () => {
  await assertFilter("invert", IMAGE, {}, perChannel((c) => f(1 - c)));
  const out = applyTileChain([await filter("invert")], IMAGE).pixels;
  assert.ok(
    out.every((byte, i) => byte === (i % 4 === 3 ? IMAGE.pixels[i] : 255 - IMAGE.pixels[i]!)),
  );
});

Deno.test("black-and-white.wasm sets R, G, B to the Rec. 709 luma", async () => {
  await assertFilter("black-and-white", IMAGE, {}, ([r, g, b, a]) => {
    const luma = row(f(0.2126), f(0.7152), f(0.0722), r, g, b);
    return [luma, luma, luma, a];
  });
});

// --- brightness, contrast -----------------------------------------------------------------------

function brightnessFormula(value: number): PixelFormula {
  const k = Math.abs(value);
  const target = value > 0 ? 1 : 0;
  return perChannel((c) => f(c + f(f(target - c) * k)));
}

for (const value of [0.5, -0.25, 1, -1, 0.123]) {
  Deno.test(`brightness.wasm moves colours towards white or black (brightness=${value})`, async () => {
    await assertFilter("brightness", IMAGE, { brightness: value }, brightnessFormula(f(value)));
  });
}

function contrastFormula(k: number): PixelFormula {
  const g = f(f(2 * k) / f(1 - k));
  return perChannel((c) => f(c + f(f(c - 0.5) * g)));
}

for (const value of [0.5, -0.5, 0.999, -0.999, 0.2]) {
  Deno.test(`contrast.wasm stretches colours around mid-grey (contrast=${value})`, async () => {
    await assertFilter("contrast", IMAGE, { contrast: value }, contrastFormula(f(value)));
  });
}

// --- saturation, hue-rotate ---------------------------------------------------------------------

function saturationMatrix(s: number): number[] {
  const a = f(1 + s);
  const [br, bg, bb] = [0.213, 0.715, 0.072].map((w) => f(-s * f(w))) as [number, number, number];
  return [f(br + a), bg, bb, br, f(bg + a), bb, br, bg, f(bb + a)];
}

for (const value of [-1, -0.5, 0.5, 1, 0.3]) {
  Deno.test(`saturation.wasm applies the CSS saturate matrix (saturation=${value})`, async () => {
    await assertFilter(
      "saturation",
      IMAGE,
      { saturation: value },
      matrixFormula(saturationMatrix(f(value))),
    );
  });
}

Deno.test("saturation.wasm makes exact greys at −1", async () => {
  const out = await runFilter("saturation", IMAGE, { saturation: -1 });
  for (let i = 0; i < out.length; i += 4) assert.ok(out[i] === out[i + 1] && out[i] === out[i + 2]);
});

/** The CSS hue-rotate matrix for an angle in degrees, from Math.cos and Math.sin. */
function hueMatrix(degrees: number): number[] {
  const radians = (((degrees % 360) + 360) % 360) * Math.PI / 180;
  const [c, s] = [Math.cos(radians), Math.sin(radians)];
  return [
    0.213 + 0.787 * c - 0.213 * s,
    0.715 - 0.715 * c - 0.715 * s,
    0.072 - 0.072 * c + 0.928 * s,
    0.213 - 0.213 * c + 0.143 * s,
    0.715 + 0.285 * c + 0.140 * s,
    0.072 - 0.072 * c - 0.283 * s,
    0.213 - 0.213 * c - 0.787 * s,
    0.715 - 0.715 * c + 0.715 * s,
    0.072 + 0.928 * c + 0.072 * s,
  ];
}

for (const value of [30, 123.5, -75, 200, 1000.25]) {
  Deno.test(`hue-rotate.wasm applies the CSS hue-rotate matrix (hue_degrees=${value})`, async () => {
    await assertFilter(
      "hue-rotate",
      IMAGE,
      { hue_degrees: value },
      matrixFormula(hueMatrix(f(value))),
    );
  });
}

Deno.test("hue-rotate.wasm matches the matrix in bytes at quarter turns (90, 180, 270)", async () => {
  // At exact quarter turns the module's cos/sin are exact 0 and ±1, Math.cos's are not, so
  // tiny matrix entries may differ as floats; the bytes may not.
  for (const degrees of [90, 180, 270]) {
    const out = applyTileChain([{
      module: await filter("hue-rotate"),
      uniforms: { hue_degrees: degrees },
    }], IMAGE);
    const expected = expectedFloats(IMAGE, matrixFormula(hueMatrix(degrees)));
    assert.deepEqual(out.pixels, Uint8Array.from(expected, floatToByte), `${degrees}°`);
  }
});

Deno.test("hue-rotate.wasm wraps the angle (370 = 10 = −350, 720 = 0)", async () => {
  const ten = await runFilter("hue-rotate", IMAGE, { hue_degrees: 10 });
  assertSameFloats(await runFilter("hue-rotate", IMAGE, { hue_degrees: 370 }), ten, IMAGE.width);
  assertSameFloats(await runFilter("hue-rotate", IMAGE, { hue_degrees: -350 }), ten, IMAGE.width);
  assertSameFloats(
    await runFilter("hue-rotate", IMAGE, { hue_degrees: 720 }),
    imageToFloats(IMAGE).data,
    IMAGE.width,
  );
  assert.equal(await setUniform("hue-rotate", "hue_degrees", -90), 270);
  assert.equal(await setUniform("hue-rotate", "hue_degrees", 725), 5);
  assert.equal(await setUniform("hue-rotate", "hue_degrees", Infinity), 0);
  assert.equal(await setUniform("hue-rotate", "hue_degrees", NaN), 0);
});

// --- temperature, tint --------------------------------------------------------------------------

for (const value of [1, -1, 0.4]) {
  Deno.test(`temperature.wasm scales red and blue oppositely (temperature=${value})`, async () => {
    const t = f(value);
    const gainR = f(1 + f(f(0.2) * t));
    const gainB = f(1 - f(f(0.2) * t));
    await assertFilter("temperature", IMAGE, { temperature: value }, ([r, g, b, a]) => [
      f(r * gainR),
      g,
      f(b * gainB),
      a,
    ]);
  });
  Deno.test(`tint.wasm scales green (tint=${value})`, async () => {
    const gainG = f(1 + f(f(0.2) * f(value)));
    await assertFilter("tint", IMAGE, { tint: value }, ([r, g, b, a]) => [r, f(g * gainG), b, a]);
  });
}

// --- Defaults and clamps of the colour uniforms -------------------------------------------------

const NEUTRAL_FILTERS = [
  "brightness",
  "contrast",
  "saturation",
  "hue-rotate",
  "temperature",
  "tint",
];

for (const name of NEUTRAL_FILTERS) {
  const key = UNIFORMS[name]![0]!;
  Deno.test(`${name}.wasm leaves every float unchanged by default and at ${key}=0`, async () => {
    const floats = specialFloatImage();
    assertSameFloats(await runFilter(name, floats), floats.data, floats.width);
    assertSameFloats(await runFilter(name, floats, { [key]: 0 }), floats.data, floats.width);
    assertSameFloats(await runFilter(name, floats, { [key]: "nan" }), floats.data, floats.width);
  });
}

const CLAMPS: readonly [name: string, key: string, value: number, kept: number][] = [
  ["brightness", "brightness", 5, 1],
  ["brightness", "brightness", -Infinity, -1],
  ["contrast", "contrast", 1, 0.999],
  ["contrast", "contrast", -3, -0.999],
  ["saturation", "saturation", 2, 1],
  ["saturation", "saturation", -2, -1],
  ["temperature", "temperature", 9, 1],
  ["tint", "tint", -9, -1],
  ["posterize", "levels_count", 300, 255],
  ["posterize", "levels_count", -1, 255],
];

for (const [name, key, value, kept] of CLAMPS) {
  Deno.test(`${name}.wasm clamps ${key}=${value} to ${kept}`, async () => {
    assert.equal(await setUniform(name, key, value), f(kept));
    assertSameFloats(
      await runFilter(name, IMAGE, { [key]: value }),
      await runFilter(name, IMAGE, { [key]: kept }),
      IMAGE.width,
    );
  });
}

// --- posterize ----------------------------------------------------------------------------------

function posterizeFormula(levels: number): PixelFormula {
  const steps = levels - 1;
  return perChannel((c) => f(Math.floor(f(f(clamp(c, 0, 1) * steps) + 0.5)) / steps));
}

for (const levels of [2, 3, 4, 8, 255]) {
  Deno.test(`posterize.wasm quantises to evenly spaced levels (levels_count=${levels})`, async () => {
    await assertFilter("posterize", IMAGE, { levels_count: levels }, posterizeFormula(levels));
  });
}

Deno.test("posterize.wasm defaults to 8 levels and raises 0 and 1 to 2", async () => {
  await assertFilter("posterize", IMAGE, {}, posterizeFormula(8));
  assert.equal(await setUniform("posterize", "levels_count", 0), 2);
  assert.equal(await setUniform("posterize", "levels_count", 1), 2);
  await assertFilter("posterize", IMAGE, { levels_count: 1 }, posterizeFormula(2));
});

Deno.test("posterize-4.wasm is posterize with 4 levels, out-of-range values clamped", async () => {
  const floats = specialFloatImage();
  const expected = await runFilter("posterize", floats, { levels_count: 4 });
  assertSameFloats(await runFilter("posterize-4", floats), expected, floats.width);
  await assertFilter("posterize-4", IMAGE, {}, posterizeFormula(4));
});

// --- vignette -----------------------------------------------------------------------------------

function vignetteFormula(
  width: number,
  height: number,
  { amount = 0.5, midpoint = 0.75, feather = 0.5 } = {},
): PixelFormula {
  const [halfW, halfH] = [f(width * 0.5), f(height * 0.5)];
  const start = f(midpoint * f(1 - feather));
  return ([r, g, b, a], x, y) => {
    const dx = f(f(f(x + 0.5) - halfW) / halfW);
    const dy = f(f(f(y + 0.5) - halfH) / halfH);
    const d = f(Math.sqrt(f(f(f(dx * dx) + f(dy * dy)) * 0.5)));
    let t = d >= midpoint ? 1 : 0;
    if (feather > 0) {
      const s = clamp(f(f(d - start) / feather), 0, 1);
      t = f(f(s * s) * f(3 - f(2 * s)));
    }
    const factor = f(1 - f(amount * t));
    return [f(r * factor), f(g * factor), f(b * factor), a];
  };
}

Deno.test("vignette.wasm darkens towards the corners by the image size (defaults, 150×70)", async () => {
  await assertFilter("vignette", IMAGE, {}, vignetteFormula(150, 70));
  const out = await runFilter("vignette", IMAGE);
  const centre = ((35 * 150) + 75) * 4;
  assert.equal(out[centre], imageToFloats(IMAGE).data[centre]); // factor exactly 1 in the middle
});

Deno.test("vignette.wasm follows amount, midpoint and feather (1, 0.3, 0: a hard edge)", async () => {
  const image = syntheticImage(97, 131, 7);
  await assertFilter(
    "vignette",
    image,
    { amount: 1, midpoint: 0.3, feather: 0 },
    vignetteFormula(97, 131, {
      amount: 1,
      midpoint: f(0.3),
      feather: 0,
    }),
  );
  await assertFilter(
    "vignette",
    image,
    { amount: 0.8, midpoint: 0.2, feather: 1 },
    vignetteFormula(97, 131, {
      amount: f(0.8),
      midpoint: f(0.2),
      feather: 1,
    }),
  );
});

Deno.test("vignette.wasm clamps its uniforms (amount 0..1, midpoint 0..0.999, feather 0..1)", async () => {
  assert.equal(await setUniform("vignette", "amount", 3), 1);
  assert.equal(await setUniform("vignette", "midpoint", 2), f(0.999));
  assert.equal(await setUniform("vignette", "feather", -1), 0);
  assert.equal(await setUniform("vignette", "amount", NaN), 0.5);
  await assertFilter(
    "vignette",
    IMAGE,
    { amount: 3, midpoint: -1, feather: 7 },
    vignetteFormula(150, 70, {
      amount: 1,
      midpoint: 0,
      feather: 1,
    }),
  );
  await assertFilter("vignette", IMAGE, { amount: 0 }, IDENTITY);
});

Deno.test("vignette.wasm leaves a tile untouched until it knows the image size", async () => {
  const { exports } = new WebAssembly.Instance(await filter("vignette"), {});
  const tile = new Float32Array((exports.memory as WebAssembly.Memory).buffer, 0, 64 * 64 * 4);
  tile.fill(0.75);
  (exports.tile_rgba_f32_64x64 as (x: number, y: number) => void)(0, 0);
  assert.ok(tile.every((value) => value === f(0.75)));
});

Deno.test("vignette.wasm uses absolute coordinates in the halo pipeline too", async () => {
  const out = applyTileChainToFloats(
    [await watModule(HALO_NOOP), await filter("vignette")],
    imageToFloats(IMAGE),
  );
  assertSameFloats(out.data, expectedFloats(IMAGE, vignetteFormula(150, 70)), IMAGE.width);
});

// --- render-clouds ------------------------------------------------------------------------------

interface CloudSettings {
  scale: number;
  persistence: number;
  contrast: number;
  octaves: number;
  seed: number;
}

const DEFAULT_CLOUDS: CloudSettings = {
  scale: 96,
  persistence: 0.5,
  contrast: f(1.2),
  octaves: 4,
  seed: 0,
};

/** render-clouds' value noise, written out from its source comment. */
function cloudsFormula(settings: CloudSettings): PixelFormula {
  const { scale, persistence, contrast, octaves, seed } = settings;
  const lattice = (i: number, j: number, octave: number): number => {
    let h = (Math.imul(i, 0x8DA6B343) + Math.imul(j, 0xD8163841) + Math.imul(seed, 0xCB1AB31F) +
      Math.imul(octave, 0x165667B1)) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85EBCA6B) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xC2B2AE35) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
    return (h >>> 8) / 2 ** 24;
  };
  const smooth = (t: number) => f(f(t * t) * f(3 - f(2 * t)));
  const mix = (a: number, b: number, t: number) => f(a + f(f(b - a) * t));
  const noise = (sx: number, sy: number, octave: number): number => {
    const [x0, y0] = [Math.floor(sx), Math.floor(sy)];
    const [u, v] = [smooth(f(sx - x0)), smooth(f(sy - y0))];
    const top = mix(lattice(x0, y0, octave), lattice(x0 + 1, y0, octave), u);
    const bottom = mix(lattice(x0, y0 + 1, octave), lattice(x0 + 1, y0 + 1, octave), u);
    return mix(top, bottom, v);
  };
  return ([, , , a], x, y) => {
    let [total, norm, amp, freq] = [0, 0, 1, f(1 / scale)];
    for (let octave = 0; octave < octaves; octave++) {
      total = f(total + f(noise(f(x * freq), f(y * freq), octave) * amp));
      norm = f(norm + amp);
      amp = f(amp * persistence);
      freq = f(freq * 2);
    }
    const value = clamp(f(f(f(f(total / norm) - 0.5) * contrast) + 0.5), 0, 1);
    return [value, value, value, a];
  };
}

Deno.test("render-clouds.wasm draws value-noise clouds from absolute x, y (defaults)", async () => {
  await assertFilter("render-clouds", IMAGE, {}, cloudsFormula(DEFAULT_CLOUDS));
  const other = await runFilter("render-clouds", syntheticImage(150, 70, 99));
  const out = await runFilter("render-clouds", IMAGE);
  assertSameFloats(
    out.filter((_, i) => i % 4 !== 3),
    other.filter((_, i) => i % 4 !== 3),
    IMAGE.width,
  ); // the input colours do not matter
  assert.ok(new Set(out.filter((_, i) => i % 4 === 0)).size > 1000); // and it is not flat
});

Deno.test("render-clouds.wasm follows its uniforms (scale 20, persistence 0.8, contrast 2, octaves 6, seed 42)", async () => {
  const uniforms = { scale: 20, persistence: 0.8, contrast: 2, octaves: 6.9, seed: 42.7 };
  await assertFilter(
    "render-clouds",
    IMAGE,
    uniforms,
    cloudsFormula({
      scale: 20,
      persistence: f(0.8),
      contrast: 2,
      octaves: 6,
      seed: 42,
    }),
  );
  await assertFilter(
    "render-clouds",
    IMAGE,
    { seed: -5 },
    cloudsFormula({ ...DEFAULT_CLOUDS, seed: -5 }),
  );
});

Deno.test("render-clouds.wasm clamps its uniforms (scale 8..512, persistence 0..0.95, contrast 0.1..2.5, octaves 1..8)", async () => {
  const clamps: [string, number, number][] = [
    ["scale", 1, 8],
    ["scale", 1e6, 512],
    ["persistence", 1, f(0.95)],
    ["persistence", -1, 0],
    ["contrast", 0, f(0.1)],
    ["contrast", 9, 2.5],
    ["octaves", 0, 1],
    ["octaves", 100, 8],
    ["octaves", NaN, 4],
    ["seed", NaN, 0],
    ["seed", -3.9, -3],
    ["seed", 1e20, 2 ** 31],
  ];
  for (const [key, value, kept] of clamps) {
    assert.equal(await setUniform("render-clouds", key, value), kept, `${key}=${value}`);
  }
  await assertFilter(
    "render-clouds",
    IMAGE,
    { scale: 1, persistence: 1, contrast: 0, octaves: 100 },
    cloudsFormula({
      scale: 8,
      persistence: f(0.95),
      contrast: f(0.1),
      octaves: 8,
      seed: 0,
    }),
  );
});

Deno.test("render-clouds.wasm gives the same clouds in the halo pipeline", async () => {
  const out = applyTileChainToFloats(
    [await watModule(HALO_NOOP), await filter("render-clouds")],
    imageToFloats(IMAGE),
  );
  assertSameFloats(out.data, expectedFloats(IMAGE, cloudsFormula(DEFAULT_CLOUDS)), IMAGE.width);
});

// --- SIMD builds --------------------------------------------------------------------------------

/** Floats the host may pass between stages: in and out of 0..1, ±0, subnormals, ±∞, NaN. */
function specialFloatImage(): FloatRgbaImage {
  const special = [
    0,
    -0,
    1,
    -1,
    0.5,
    1.5,
    -0.25,
    1e-40,
    -1e-40,
    3e38,
    -3e38,
    Infinity,
    -Infinity,
    NaN,
  ];
  const base = imageToFloats(syntheticImage(131, 67, 3));
  const data = base.data.slice();
  for (let i = 0; i < data.length; i += 7) data[i] = special[(i / 7) % special.length]!;
  for (let i = 3; i < data.length; i += 11) data[i] = f(data[i]! * 3 - 1);
  return { width: base.width, height: base.height, data };
}

const SIMD_UNIFORMS: Readonly<Record<string, readonly UniformValues[]>> = {
  "invert": [{}],
  "black-and-white": [{}],
  "brightness": [{ brightness: 0.3 }, { brightness: -0.7 }, { brightness: 1 }, {}],
  "contrast": [{ contrast: 0.6 }, { contrast: -0.4 }, { contrast: 0.999 }, {}],
  "saturation": [{ saturation: 0.5 }, { saturation: -1 }, { saturation: -0.3 }, {}],
  "hue-rotate": [{ hue_degrees: 45 }, { hue_degrees: 181.5 }, { hue_degrees: -90 }, {}],
};

for (const [name, cases] of Object.entries(SIMD_UNIFORMS)) {
  Deno.test(`${name}-simd.wasm gives the same float bits as ${name}.wasm`, async () => {
    const [scalar, simd] = [await filter(name), await filter(`${name}-simd`)];
    for (const image of [specialFloatImage(), imageToFloats(IMAGE)]) {
      for (const uniforms of cases) {
        const run = (module: WebAssembly.Module) =>
          new Uint8Array(applyTileChainToFloats([{ module, uniforms }], image).data.buffer);
        assert.deepEqual(run(simd), run(scalar), JSON.stringify(uniforms));
      }
    }
  });
}
