import assert from "node:assert/strict";
import { decodeBmp } from "../../src/image/bmp_decode.ts";
import { encodeBmp } from "../../src/image/bmp_encode.ts";
import { premultiplyInPlace, unpremultiplyImage } from "../../src/image/premultiply.ts";
import type { RgbaImage } from "../../src/image/rgba_image.ts";
import { pngFile, readPng, syntheticImage } from "../support/image_files.ts";
import { REPO_ROOT, runQip } from "../support/run_qip.ts";
import { withTempDir } from "../support/temp_dir.ts";
import { applyTileChain, loadTileModule } from "../support/tile_abi_driver.ts";
import { SPIN_TILE } from "../support/tile_probes.ts";
import { wat } from "../sandbox/instrument/_wat.ts";

const rgba = (name: string) => `examples/rgba/${name}.wasm`;

/** What `qip image` should produce: premultiply, the driver's chain, then straight alpha. */
async function expected(
  image: RgbaImage,
  chain: readonly (readonly [string, Record<string, string>?])[],
): Promise<RgbaImage> {
  const pixels = image.pixels.slice();
  premultiplyInPlace(pixels);
  const stages = await Promise.all(
    chain.map(async ([name, uniforms]) => ({ module: await loadTileModule(rgba(name)), uniforms })),
  );
  return unpremultiplyImage(applyTileChain(stages, { ...image, pixels }));
}

Deno.test("qip image writes the tile chain's result as an RGB PNG (opaque input, uniforms)", async () => {
  await withTempDir(async (dir) => {
    const image = syntheticImage(70, 65, { opaque: true });
    await Deno.writeFile(`${dir}/in.png`, pngFile(image, 2));
    const result = await runQip([
      "image",
      "-i",
      `${dir}/in.png`,
      "-o",
      `${dir}/out.png`,
      rgba("invert-simd"),
      rgba("brightness-simd"),
      "?brightness=0.1",
    ]);
    assert.equal(result.stderr, "");
    assert.equal(result.code, 0);
    const out = await readPng(`${dir}/out.png`);
    assert.equal(out.colourType, 2);
    const want = await expected(image, [["invert-simd"], ["brightness-simd", {
      brightness: "0.1",
    }]]);
    assert.deepEqual(out.pixels, want.pixels);
  });
});

Deno.test("qip image premultiplies alpha, and un-premultiplies with Go's wrap (hand-checked pixel)", async () => {
  await withTempDir(async (dir) => {
    const image = { width: 1, height: 1, pixels: new Uint8Array([200, 100, 0, 128]) };
    await Deno.writeFile(`${dir}/in.png`, pngFile(image));
    const result = await runQip([
      "image",
      "-i",
      `${dir}/in.png`,
      "-o",
      `${dir}/out.png`,
      rgba("invert"),
    ]);
    assert.equal(result.code, 0, result.stderr);
    const out = await readPng(`${dir}/out.png`);
    assert.equal(out.colourType, 6);
    // Premultiplied (100, 50, 0, 128), inverted (155, 205, 255, 128), back to straight alpha:
    // 155·65535/128 >> 8 = 309, which wraps to 53.
    assert.deepEqual(Array.from(out.pixels), [53, 153, 253, 128]);
  });
});

Deno.test("qip image gives byte-identical files for --workers 1 and 2 (halo chain, BMP in and out)", async () => {
  await withTempDir(async (dir) => {
    const image = syntheticImage(200, 150, { seed: 5 });
    await Deno.writeFile(`${dir}/in.bmp`, encodeBmp(image));
    const chain = [
      rgba("unsharp-mask"),
      "?radius=2&amount=1",
      rgba("saturation-simd"),
      "?saturation=0.3",
    ];
    for (const [workers, out] of [["1", "one"], ["2", "two"]] as const) {
      const args = [
        "image",
        "--workers",
        workers,
        "-i",
        `${dir}/in.bmp`,
        "-o",
        `${dir}/${out}.bmp`,
      ];
      const result = await runQip([...args, ...chain]);
      assert.equal(result.code, 0, result.stderr);
    }
    const one = await Deno.readFile(`${dir}/one.bmp`);
    assert.deepEqual(one, await Deno.readFile(`${dir}/two.bmp`));
    const want = await expected(image, [["unsharp-mask", { radius: "2", amount: "1" }], [
      "saturation-simd",
      { saturation: "0.3" },
    ]]);
    assert.deepEqual(decodeBmp(one).pixels, want.pixels);
  });
});

Deno.test("qip image reads a JPEG from stdin (-i -)", async () => {
  await withTempDir(async (dir) => {
    const jpeg = await Deno.readFile(`${REPO_ROOT}/fixtures/images/cliffs-100x70.jpg`);
    const result = await runQip(["image", "-i", "-", "-o", `${dir}/out.png`, rgba("brightness")], {
      stdin: jpeg,
    });
    assert.equal(result.code, 0, result.stderr);
    const out = await readPng(`${dir}/out.png`);
    assert.deepEqual([out.width, out.height, out.colourType], [100, 70, 2]);
  });
});

Deno.test("qip image prints the spec's uniform errors and writes nothing", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeFile(`${dir}/in.png`, pngFile(syntheticImage(4, 4)));
    const cases: [string[], string][] = [
      [
        [rgba("brightness"), "?nope=1"],
        `Wasm module does not export uniform_set_nope for query key "nope"`,
      ],
      [
        [rgba("posterize"), "?levels_count=4.0"],
        `invalid value "4.0" for uniform_set_levels_count (expected i32)`,
      ],
      [
        [rgba("brightness"), "?brightness=1e39"],
        `invalid value "1e39" for uniform_set_brightness (expected f32)`,
      ],
      [
        [rgba("brightness"), "?brightness"],
        `invalid value "" for uniform_set_brightness (expected f32)`,
      ],
      [
        [rgba("vignette"), "?width_and_height=1"],
        "uniform_set_width_and_height must accept exactly one argument",
      ],
      // Keys are applied in byte order, whatever the command line says.
      [
        [rgba("brightness"), "?zeta=1&alpha=2"],
        `Wasm module does not export uniform_set_alpha for query key "alpha"`,
      ],
      [["examples/hello.wasm"], "Wasm module must export tile_rgba_f32_64x64"],
    ];
    for (const [modules, message] of cases) {
      const result = await runQip([
        "image",
        "-i",
        `${dir}/in.png`,
        "-o",
        `${dir}/out.png`,
        ...modules,
      ]);
      assert.equal(result.code, 1);
      assert.equal(result.stderr, `${message}: stage 0 (${modules[0]})\n`);
    }
    assert.deepEqual([...Deno.readDirSync(dir)].map((entry) => entry.name), ["in.png"]);
  });
});

Deno.test("qip image prints the spec's argument errors", async () => {
  const usage =
    "Usage: qip image -i <input image path or -> -o <output image path> [--timeout-ms <ms>] [-v] <wasm module URL or file> [?key=value ...] ...";
  const prefix = "Invalid image module args: ";
  const cases: [string[], string][] = [
    [["?x=1", "a.wasm"], `${prefix}image uniform query "?x=1" must follow a wasm module path`],
    [["a.wasm", "?"], `${prefix}image uniform query must not be empty`],
    [["a.wasm", "?&"], `${prefix}image uniform query "?&" must contain key=value pairs`],
    [["a.wasm", "?=5"], `${prefix}invalid image uniform query "?=5": empty key`],
    [
      ["a.wasm", "?a=%zz"],
      `${prefix}invalid image uniform query "?a=%zz": invalid URL escape "%zz"`,
    ],
    [
      ["a.wasm", "?a=1;b=2"],
      `${prefix}invalid image uniform query "?a=1;b=2": invalid semicolon separator in query`,
    ],
  ];
  for (const [positionals, message] of cases) {
    const result = await runQip(["image", "-i", "in.png", "-o", "out.png", ...positionals]);
    assert.deepEqual([result.code, result.stderr], [1, `${message}\n`]);
  }
  // The spec's usage line; qip names the required flags that are missing.
  const missing: [string[], string][] = [
    [["-i", "in.png", "a.wasm"], `${usage} missing required flag: -o`],
    [["-o", "out.png", "a.wasm"], `${usage} missing required flag: -i`],
    [["a.wasm"], `${usage} missing required flags: -i, -o`],
    [["-i", "a", "-o", "b"], usage],
  ];
  for (const [args, message] of missing) {
    const result = await runQip(["image", ...args]);
    assert.deepEqual([result.code, result.stderr], [1, `${message}\n`]);
  }
  const timeout = await runQip(["image", "--timeout-ms", "0", "-i", "a", "-o", "b", "c.wasm"]);
  assert.equal(timeout.stderr, "Invalid timeout-ms: 0\n");
});

Deno.test("qip image reports unreadable and undecodable input, and leaves no output", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeFile(`${dir}/bad.png`, pngFile(syntheticImage(30, 30)).slice(0, 60));
    await Deno.writeTextFile(`${dir}/text.png`, "hello");
    const cases: [string, string][] = [
      [
        `${dir}/nope.png`,
        `Error reading image file: open ${dir}/nope.png: no such file or directory`,
      ],
      [`${dir}/text.png`, "Error decoding image file: image: unknown format"],
    ];
    for (const [input, message] of cases) {
      const result = await runQip(["image", "-i", input, "-o", `${dir}/out.png`, rgba("invert")]);
      assert.deepEqual([result.code, result.stderr], [1, `${message}\n`]);
    }
    const truncated = await runQip([
      "image",
      "-i",
      `${dir}/bad.png`,
      "-o",
      `${dir}/out.png`,
      rgba("invert"),
    ]);
    assert.match(truncated.stderr, /^Error decoding image file: png: failed to decode \(-\d+\)\n$/);
    assert.equal(await exists(`${dir}/out.png`), false);
  });
});

Deno.test("qip image stops a spinning filter at --timeout-ms and keeps the old output file", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeFile(`${dir}/in.png`, pngFile(syntheticImage(100, 100)));
    await Deno.writeFile(`${dir}/spin.wasm`, wat(SPIN_TILE));
    await Deno.writeTextFile(`${dir}/out.png`, "old");
    const result = await runQip([
      "image",
      "--timeout-ms",
      "300",
      "-i",
      `${dir}/in.png`,
      "-o",
      `${dir}/out.png`,
      rgba("invert"),
      `${dir}/spin.wasm`,
    ]);
    assert.deepEqual([result.code, result.stderr], [
      1,
      // The spec's message, then how to raise the limit (qip's addition).
      "Error running tile_rgba_f32_64x64: Wasm module exceeded the execution time limit (300ms): " +
      `stage 1 (${dir}/spin.wasm): the limit covers the whole image; raise it with --timeout-ms\n`,
    ]);
    assert.equal(await Deno.readTextFile(`${dir}/out.png`), "old");
    assert.deepEqual([...Deno.readDirSync(dir)].map((entry) => entry.name).sort(), [
      "in.png",
      "out.png",
      "spin.wasm",
    ]);
  });
});

Deno.test("qip image reports bad wasm and failed instantiation as compile failures", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeFile(`${dir}/in.png`, pngFile(syntheticImage(4, 4)));
    await Deno.writeTextFile(`${dir}/junk.wasm`, "not wasm");
    await Deno.writeFile(
      `${dir}/imports.wasm`,
      wat(`(module (import "env" "f" (func)) (memory (export "memory") 1)
        (func (export "tile_rgba_f32_64x64") (param f32 f32)))`),
    );
    for (const name of ["junk.wasm", "imports.wasm"]) {
      const result = await runQip([
        "image",
        "-i",
        `${dir}/in.png`,
        "-o",
        `${dir}/out.png`,
        `${dir}/${name}`,
      ]);
      assert.equal(result.code, 1);
      // The original says "compiled" for both (cli.md §9.2); the detail names the stage.
      assert.ok(
        result.stderr.startsWith(`Wasm module could not be compiled: stage 0 (${dir}/${name}): `),
        result.stderr,
      );
    }
  });
});

Deno.test("qip image names an output directory that does not exist", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeFile(`${dir}/in.png`, pngFile(syntheticImage(4, 4)));
    const result = await runQip([
      "image",
      "-i",
      `${dir}/in.png`,
      "-o",
      `${dir}/no/out.png`,
      rgba("invert"),
    ]);
    assert.deepEqual([result.code, result.stderr], [
      1,
      `Error creating output image file: open ${dir}/no/out.png: no such file or directory\n`,
    ]);
  });
});

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}
