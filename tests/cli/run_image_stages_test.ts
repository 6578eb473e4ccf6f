import assert from "node:assert/strict";
import { decodeBmp } from "../../src/image/bmp_decode.ts";
import { encodeBmp } from "../../src/image/bmp_encode.ts";
import { syntheticImage } from "../support/image_files.ts";
import { runQip } from "../support/run_qip.ts";
import { applyTileChain, loadTileModule } from "../support/tile_abi_driver.ts";

const SVG = '<svg width="90" height="70"><rect width="50" height="40" fill="#d52b1e" /></svg>';

Deno.test("qip run passes BMP bytes through a tile block like the tile driver (block first)", async () => {
  const image = syntheticImage(81, 67);
  const result = await runQip([
    "run",
    "examples/rgba/invert.wasm",
    "examples/rgba/gaussian-blur.wasm",
  ], {
    stdin: encodeBmp(image),
  });
  assert.equal(result.code, 0, result.stderr);
  const modules = await Promise.all(
    ["invert", "gaussian-blur"].map((name) => loadTileModule(`examples/rgba/${name}.wasm`)),
  );
  // BMP pixels are straight alpha in qip run: no premultiplication around the filters.
  assert.deepEqual(result.stdout, encodeBmp(applyTileChain(modules, image)));
});

Deno.test("qip run composes run stages before and after a tile block", async () => {
  const rasterized = await runQip(["run", "examples/svg-rasterize.wasm"], { stdin: SVG });
  const inverted = await runQip(["run", "examples/rgba/invert-simd.wasm"], {
    stdin: rasterized.stdout,
  });
  const doubled = await runQip(["run", "examples/bmp-double.wasm"], { stdin: inverted.stdout });
  const chained = await runQip([
    "run",
    "examples/svg-rasterize.wasm",
    "examples/rgba/invert-simd.wasm",
    "examples/bmp-double.wasm",
  ], { stdin: SVG });
  assert.equal(chained.code, 0, chained.stderr);
  assert.deepEqual(chained.stdout, doubled.stdout);
  const image = decodeBmp(inverted.stdout);
  const source = decodeBmp(rasterized.stdout);
  assert.deepEqual([image.width, image.height], [90, 70]);
  // invert leaves alpha and turns the red square cyan.
  assert.deepEqual(Array.from(source.pixels.subarray(0, 4)), [213, 43, 30, 255]);
  assert.deepEqual(Array.from(image.pixels.subarray(0, 4)), [42, 212, 225, 255]);
});

Deno.test("qip run refuses non-BMP input to a tile block with the spec's messages", async () => {
  const cases: [string[], string | Uint8Array, string][] = [
    [
      ["examples/hello.wasm", "examples/rgba/invert.wasm"],
      "World",
      "Image stage requires raw BMP bytes as input: stage 1 (examples/rgba/invert.wasm)",
    ],
    [
      ["examples/rgba/invert.wasm"],
      "hello",
      "BMP input too small: stage 0 (examples/rgba/invert.wasm)",
    ],
    [
      ["examples/rgba/invert.wasm"],
      "x".repeat(60),
      "Input is not a BMP file: stage 0 (examples/rgba/invert.wasm)",
    ],
    [
      ["examples/rgba/invert.wasm"],
      encodeBmp(syntheticImage(9, 9)).slice(0, 200),
      "BMP pixel data out of range: stage 0 (examples/rgba/invert.wasm)",
    ],
  ];
  for (const [modules, stdin, message] of cases) {
    const result = await runQip(["run", ...modules], { stdin });
    assert.deepEqual([result.code, result.stderr], [1, `${message}\n`]);
  }
});

Deno.test("qip run stops a module after a tile block at the 100ms limit", async () => {
  const result = await runQip(["run", "examples/rgba/invert.wasm", "examples/infinite-loop.wasm"], {
    stdin: encodeBmp(syntheticImage(8, 8)),
  });
  assert.deepEqual([result.code, result.stderr], [
    1,
    "Wasm module exceeded the execution time limit (100ms): stage 1 (examples/infinite-loop.wasm)\n",
  ]);
});
