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
  haloOf,
  shiftRightProbe,
  SPIN_TILE,
  tileProbe,
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

Deno.test("runTileBlock() refuses a tile beyond the module's memory before building it (halo 8159, cap 4 GiB - 1)", async () => {
  const probe = await compileProbe(
    tileProbe({ inputBytesCap: -1, halo: haloOf(8159) }),
    "huge-halo.wasm",
  );
  const started = performance.now();
  await assert.rejects(run([probe], syntheticImage(100, 100)), {
    name: "QipError",
    message: "Could not write tile to wasm memory: stage 0 (huge-halo.wasm): " +
      "input_ptr 0 + 4293918784 bytes exceeds memory of 65536 bytes",
  });
  // Generous: it used to build a 4 GiB tile per band first (41 s); now it stops at once.
  assert.ok(performance.now() - started < 10_000);
});

Deno.test("runTileBlock() refuses input_ptr + tile beyond memory without a halo (pipeline A)", async () => {
  const probe = await compileProbe(
    tileProbe({ inputPtr: '(global (export "input_ptr") i32 (i32.const -16))' }),
    "wrapping.wasm",
  );
  await assert.rejects(run([probe], syntheticImage(10, 10)), {
    message: "Could not write tile to wasm memory: stage 0 (wrapping.wasm): " +
      "input_ptr 4294967280 + 65536 bytes exceeds memory of 65536 bytes",
  });
});

Deno.test("runTileBlock() reads calculate_halo_px's raw bits: an f32 NaN is a huge halo, a negative i32 is 0", async () => {
  const nan = await compileProbe(
    tileProbe({ halo: '(func (export "calculate_halo_px") (result f32) (f32.const nan))' }),
    "nan-halo.wasm",
  );
  const halo = 0x7fc00000;
  const span = BigInt(64 + 2 * halo);
  await assert.rejects(run([nan], syntheticImage(4, 4)), {
    message: "Tile buffer exceeds module input_bytes_cap: stage 0 (nan-halo.wasm): " +
      `halo ${halo} px needs ${span * span * 16n} bytes, input_bytes_cap is 65536`,
  });
  const negative = await compileProbe(tileProbe({ halo: haloOf(-5) }), "negative-halo.wasm");
  const image = syntheticImage(70, 5);
  assert.deepEqual((await run([negative], image)).pixels, image.pixels);
});

Deno.test("runTileBlock() matches the tile driver with halos many times the image (pipeline B)", async () => {
  // motion-blur radius 32 has halo 32, gaussian-blur radius 12 halo 36: tiles of 128 and 136
  // pixels over images of 5×3 and 70×2.
  const names = ["motion-blur", "gaussian-blur"];
  const uniforms: UniformValues[] = [{ radius: "32", angle: "30" }, { radius: "12" }];
  for (const [width, height] of [[5, 3], [70, 2]] as const) {
    const image = syntheticImage(width, height, { seed: width });
    const want = await expected(names, image, uniforms);
    const got = await run(await filters(names), image, { uniforms });
    assert.deepEqual(got.pixels, want.pixels, `${width}×${height}`);
  }
});

Deno.test("runTileBlock() keeps the input_ptr it validated while the module grows memory and moves its pointer", async () => {
  // Each tile call grows memory by a page and moves the pointer its export reports; the host
  // reads the pointer once, so the (untouched) tile comes back from where it was written.
  const fields = `(global $ptr (mut i32) (i32.const 0))
    (func (export "input_ptr") (result i32) (global.get $ptr))`;
  const tile = `(drop (memory.grow (i32.const 1)))
    (global.set $ptr (i32.add (global.get $ptr) (i32.const 16)))`;
  const image = syntheticImage(130, 70);
  for (const halo of [0, 2]) {
    const probe = await compileProbe(
      tileProbe({ memory: "2", inputPtr: "", fields, tile, halo: haloOf(halo), inputBytesCap: -1 }),
      "moving.wasm",
    );
    assert.deepEqual((await run([probe], image)).pixels, image.pixels, `halo ${halo}`);
  }
});

Deno.test("runTileBlock() stops host work on a large halo tile at the time limit, naming the stage", async () => {
  // Halo 1000 in a module with room for it: each tile is 2064² cells of host work.
  const probe = await compileProbe(
    tileProbe({ memory: "1100", inputBytesCap: -1, halo: haloOf(1000) }),
    "wide-halo.wasm",
  );
  const started = performance.now();
  await assert.rejects(run([probe], syntheticImage(640, 640), { workers: 1, timeLimitMs: 100 }), {
    name: "QipError",
    message: "Error running tile_rgba_f32_64x64: " +
      "Wasm module exceeded the execution time limit (100ms): stage 0 (wide-halo.wasm)",
  });
  assert.ok(performance.now() - started < 10_000);
});
