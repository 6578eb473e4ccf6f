import assert from "node:assert/strict";
import { loadStages } from "../../src/host/mod.ts";
import { runTileBlock, type TileBlockSpec } from "../../src/pipeline/tile_block.ts";
import type { UniformValues } from "../../src/contracts/uniform_abi.ts";
import type { RgbaImage } from "../../src/image/rgba_image.ts";
import { type CompiledStage, DEFAULT_LIMITS, WorkerPool } from "../../src/sandbox/mod.ts";
import { syntheticImage } from "../support/image_files.ts";
import { REPO_ROOT } from "../support/run_qip.ts";
import { applyTileChain, loadTileModule } from "../support/tile_abi_driver.ts";
import {
  compileProbe,
  shiftRightProbe,
  SPIN_TILE,
  TRAPPING_UNIFORMS,
} from "../support/tile_probes.ts";

const limits = { ...DEFAULT_LIMITS, timeLimitMs: 10_000 };

async function filters(names: readonly string[]): Promise<CompiledStage[]> {
  return await loadStages(names.map((name) => `${REPO_ROOT}/examples/rgba/${name}.wasm`), {
    limits,
  });
}

/** Runs a block on a fresh pool of `workers` workers. */
async function run(
  stages: readonly CompiledStage[],
  image: RgbaImage,
  options: { workers?: number; uniforms?: UniformValues[]; timeLimitMs?: number } = {},
): Promise<RgbaImage> {
  const { workers = 2, uniforms, timeLimitMs = limits.timeLimitMs } = options;
  const pool = new WorkerPool({ size: workers });
  const signal = AbortSignal.timeout(timeLimitMs);
  try {
    const spec: TileBlockSpec = {
      stages: stages.map((stage, index) => ({ stage, ref: { index, source: stage.source } })),
      uniforms,
      image,
      limits: { ...limits, timeLimitMs },
      pool,
      signal,
    };
    const result = await runTileBlock(spec);
    return { ...result, pixels: new Uint8Array(result.pixels) };
  } finally {
    pool.close();
  }
}

/** The driver's result for the same chain (examples/rgba/<name>.wasm with uniforms). */
async function expected(
  names: readonly string[],
  image: RgbaImage,
  uniforms: UniformValues[] = [],
): Promise<RgbaImage> {
  const modules = await Promise.all(
    names.map((name) => loadTileModule(`examples/rgba/${name}.wasm`)),
  );
  return applyTileChain(
    modules.map((module, index) => ({ module, uniforms: uniforms[index] })),
    image,
  );
}

Deno.test("runTileBlock() inverts a 2×1 image to hand-checked bytes (invert.wasm)", async () => {
  const image = { width: 2, height: 1, pixels: new Uint8Array([0, 3, 128, 255, 255, 7, 64, 10]) };
  const result = await run(await filters(["invert"]), image, { workers: 1 });
  // 1 − fround(b·fround(1/255)), back to bytes: 255−b for these values; alpha untouched.
  assert.deepEqual(Array.from(result.pixels), [255, 252, 127, 255, 0, 248, 191, 10]);
});

Deno.test("runTileBlock() matches the tile driver for per-pixel filters with uniforms (pipeline A)", async () => {
  const names = ["invert-simd", "brightness-simd", "saturation", "posterize"];
  const uniforms: UniformValues[] = [{}, { brightness: "0.1" }, { saturation: "-0.4" }, {
    levels_count: "5",
  }];
  const image = syntheticImage(150, 70);
  const want = await expected(names, image, uniforms);
  const stages = await filters(names);
  assert.deepEqual((await run(stages, image, { workers: 1, uniforms })).pixels, want.pixels);
  assert.deepEqual((await run(stages, image, { workers: 2, uniforms })).pixels, want.pixels);
});

Deno.test("runTileBlock() matches the tile driver with a halo stage in the chain (pipeline B)", async () => {
  const names = ["invert", "gaussian-blur", "vignette"];
  const uniforms: UniformValues[] = [{}, { radius: "3" }, { amount: "0.8" }];
  const image = syntheticImage(131, 129, { seed: 7 });
  const want = await expected(names, image, uniforms);
  const stages = await filters(names);
  assert.deepEqual((await run(stages, image, { workers: 1, uniforms })).pixels, want.pixels);
  assert.deepEqual((await run(stages, image, { workers: 2, uniforms })).pixels, want.pixels);
});

Deno.test("runTileBlock() clamps halo cells to the image edge and across tile seams (shift probe)", async () => {
  const probe = await compileProbe(shiftRightProbe(), "shift.wasm");
  const width = 70;
  const image = syntheticImage(width, 3, { seed: 3 });
  const result = await run([probe], image);
  for (let y = 0; y < 3; y++) {
    for (let x = 0; x < width; x++) {
      const from = (y * width + Math.max(0, x - 1)) * 4;
      assert.deepEqual(
        Array.from(result.pixels.subarray((y * width + x) * 4, (y * width + x) * 4 + 4)),
        Array.from(image.pixels.subarray(from, from + 4)),
        `pixel (${x}, ${y})`,
      );
    }
  }
});

Deno.test("runTileBlock() refuses a halo whose tile does not fit input_bytes_cap", async () => {
  const probe = await compileProbe(shiftRightProbe(2), "wide.wasm");
  await assert.rejects(run([probe], syntheticImage(8, 8)), {
    name: "QipError",
    message: "Tile buffer exceeds module input_bytes_cap: stage 0 (wide.wasm): " +
      "halo 2 px needs 73984 bytes, input_bytes_cap is 69696",
  });
});

Deno.test("runTileBlock() names a stage that is not a tile module", async () => {
  const [hello] = await loadStages([`${REPO_ROOT}/examples/hello.wasm`], { limits });
  const [invert] = await filters(["invert"]);
  await assert.rejects(run([invert!, hello!], syntheticImage(4, 4)), {
    message:
      `Wasm module must export tile_rgba_f32_64x64: stage 1 (${REPO_ROOT}/examples/hello.wasm)`,
  });
});

Deno.test("runTileBlock() stops a spinning second stage at the time limit, prefixed by the tile call and naming the stage", async () => {
  const [invert] = await filters(["invert"]);
  const spin = await compileProbe(SPIN_TILE, "spin.wasm");
  for (const workers of [1, 2]) {
    await assert.rejects(
      run([invert!, spin], syntheticImage(100, 100), { workers, timeLimitMs: 300 }),
      {
        name: "QipError",
        message: "Error running tile_rgba_f32_64x64: " +
          "Wasm module exceeded the execution time limit (300ms): stage 1 (spin.wasm)",
      },
    );
  }
});

Deno.test("runTileBlock() reports a trapping or spinning uniform setter with its value", async () => {
  const probe = await compileProbe(TRAPPING_UNIFORMS, "uniforms.wasm");
  await assert.rejects(run([probe], syntheticImage(4, 4), { uniforms: [{ boom: "1.5" }] }), {
    message:
      "Error running uniform_set_boom(1.5): wasm error: unreachable: stage 0 (uniforms.wasm)",
  });
  await assert.rejects(
    run([probe], syntheticImage(4, 4), { uniforms: [{ spin: "7" }], timeLimitMs: 300 }),
    {
      name: "QipError",
      message: "Error running uniform_set_spin(7): " +
        "Wasm module exceeded the execution time limit (300ms): stage 0 (uniforms.wasm)",
    },
  );
});
