/**
 * `qip image` against the original's pixels where qip's own machinery could drift: 16-bit PNG
 * input (premultiplied at 16 bits), and a stateful tile module under `--workers 1`, which must
 * see one instance called tile by tile in row order, as the original does (spec: abi.md §4.3).
 */

import assert from "node:assert/strict";
import { pngFile, readPng } from "../support/image_files.ts";
import { png16, type Samples } from "../support/png16_files.ts";
import { runQip } from "../support/run_qip.ts";
import { USAGE } from "../../src/cli/_usage.ts";
import { withTempDir } from "../support/temp_dir.ts";
import { haloOf, tileProbe } from "../support/tile_probes.ts";
import { wat } from "../sandbox/instrument/_wat.ts";

/** An identity tile module: the host's conversions are all that touch the pixels. */
const IDENTITY = tileProbe({});

/**
 * A tile module with state: a counter in a global, incremented on every tile call and written
 * into every cell of the tile as grey `n / 255`, opaque. The picture is the call order. With a
 * halo the tile is `64 + 2·halo` cells wide (pipeline B, abi.md §4.4); the host keeps its core.
 */
function counterModule(haloPx: number): string {
  const span = 64 + 2 * haloPx;
  return tileProbe({
    memory: "2",
    inputBytesCap: span * span * 16,
    halo: haloPx === 0 ? "" : haloOf(haloPx),
    fields: "(global $calls (mut i32) (i32.const 0))",
    tile: `(local $at i32) (local $grey f32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (local.set $grey (f32.div (f32.convert_i32_u (global.get $calls)) (f32.const 255)))
    (loop $cells
      (f32.store (local.get $at) (local.get $grey))
      (f32.store offset=4 (local.get $at) (local.get $grey))
      (f32.store offset=8 (local.get $at) (local.get $grey))
      (f32.store offset=12 (local.get $at) (f32.const 1))
      (local.set $at (i32.add (local.get $at) (i32.const 16)))
      (br_if $cells (i32.lt_u (local.get $at) (i32.const ${span * span * 16}))))`,
  });
}

Deno.test("qip image premultiplies a 16-bit RGBA PNG at 16 bits (identity filter)", async () => {
  await withTempDir(async (dir) => {
    // (0xfda9, 0xffff, 0, 0xe623): premultiplied at 16 bits (228, 230, 0, 230), see
    // tests/image/png16_fidelity_test.ts. Back to straight alpha: 228·65535 / 230 = 64965,
    // >> 8 = 253; 230 → 255; 0 → 0. Reducing to 8 bits first would give 229 → 254.
    // (0x3742, 0x0000, 0xffff, 0xffff) is opaque: the high bytes (0x37, 0, 0xff).
    const pixels: Samples[] = [[0xfda9, 0xffff, 0, 0xe623], [0x3742, 0, 0xffff, 0xffff]];
    await Deno.writeFile(`${dir}/in.png`, png16({ width: 2, height: 1, colourType: 6, pixels }));
    await Deno.writeFile(`${dir}/identity.wasm`, wat(IDENTITY));
    const result = await runQip([
      "image",
      "-i",
      `${dir}/in.png`,
      "-o",
      `${dir}/out.png`,
      `${dir}/identity.wasm`,
    ]);
    assert.equal(result.code, 0, result.stderr);
    const out = await readPng(`${dir}/out.png`);
    assert.equal(out.colourType, 6);
    assert.deepEqual(Array.from(out.pixels), [253, 255, 0, 230, 0x37, 0, 0xff, 255]);
  });
});

for (const haloPx of [0, 1]) {
  const pipeline = haloPx === 0 ? "no halo" : "with a halo";
  Deno.test(`qip image --workers 1 calls one instance of a stateful module tile by tile in row order (${pipeline})`, async () => {
    await withTempDir(async (dir) => {
      // 200×150 pixels: 4 tiles across (the last one 8 pixels wide), 3 rows of tiles.
      const width = 200;
      const height = 150;
      const opaque = new Uint8Array(width * height * 4).fill(255);
      await Deno.writeFile(`${dir}/in.png`, pngFile({ width, height, pixels: opaque }, 2));
      await Deno.writeFile(`${dir}/counter.wasm`, wat(counterModule(haloPx)));
      const result = await runQip([
        "image",
        "--workers",
        "1",
        "-i",
        `${dir}/in.png`,
        "-o",
        `${dir}/out.png`,
        `${dir}/counter.wasm`,
      ]);
      assert.equal(result.code, 0, result.stderr);
      const out = await readPng(`${dir}/out.png`);
      // The original: y = 0, 64, 128 outside, x = 0, 64, 128, 192 inside, one instance, so
      // the tile at column tx of tile row ty is call number ty·4 + tx + 1.
      const expected = new Uint8Array(width * height * 4);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const call = Math.floor(y / 64) * 4 + Math.floor(x / 64) + 1;
          expected.set([call, call, call, 255], (y * width + x) * 4);
        }
      }
      assert.deepEqual(out.pixels, expected);
    });
  });
}

Deno.test("qip help image says that a stateful module needs --workers 1", async () => {
  const result = await runQip(["help", "image"]);
  assert.equal(result.code, 0);
  const [usage, ...rest] = result.stdoutText.split("\n");
  assert.equal(usage, USAGE.image);
  assert.match(rest.join(" ").replace(/\s+/g, " "), /keeps state .* only with --workers 1/);
});
