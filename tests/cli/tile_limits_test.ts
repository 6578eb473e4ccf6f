import assert from "node:assert/strict";
import { encodeBmp } from "../../src/image/bmp_encode.ts";
import { pngFile, syntheticImage } from "../support/image_files.ts";
import { runQip } from "../support/run_qip.ts";
import { withTempDir } from "../support/temp_dir.ts";
import { haloOf, SPIN_TILE, tileProbe } from "../support/tile_probes.ts";
import { wat } from "../sandbox/instrument/_wat.ts";

/** Halo 8159 and input_bytes_cap 4 GiB - 1 pass the cap check; the tile needs 4 GiB. */
const HUGE_HALO = tileProbe({ inputBytesCap: -1, halo: haloOf(8159) });

/** Halo 1000 with room for it: 2064² cells of host work per tile, within the module's memory. */
const WIDE_HALO = tileProbe({ memory: "1100", inputBytesCap: -1, halo: haloOf(1000) });

const hugeHaloRefusal = (stage: string) =>
  `Could not write tile to wasm memory: ${stage}: ` +
  "input_ptr 0 + 4293918784 bytes exceeds memory of 65536 bytes\n";

Deno.test("qip image refuses a 4 GiB halo tile in a one-page module at once and writes nothing", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeFile(`${dir}/in.png`, pngFile(syntheticImage(100, 100)));
    await Deno.writeFile(`${dir}/huge.wasm`, wat(HUGE_HALO));
    const started = performance.now();
    const result = await runQip([
      "image",
      "-i",
      `${dir}/in.png`,
      "-o",
      `${dir}/out.png`,
      "huge.wasm",
    ], {
      cwd: dir,
    });
    assert.deepEqual([result.code, result.stderr], [1, hugeHaloRefusal("stage 0 (huge.wasm)")]);
    // Generous: before the check it allocated 4 GiB per band and took 41 s.
    assert.ok(performance.now() - started < 10_000);
    assert.deepEqual([...Deno.readDirSync(dir)].map((entry) => entry.name).sort(), [
      "huge.wasm",
      "in.png",
    ]);
  });
});

Deno.test("qip run refuses a 4 GiB halo tile in a tile block at once", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeFile(`${dir}/huge.wasm`, wat(HUGE_HALO));
    const result = await runQip(["run", "examples/rgba/invert.wasm", `${dir}/huge.wasm`], {
      stdin: encodeBmp(syntheticImage(100, 100)),
    });
    assert.deepEqual([result.code, result.stderr, result.stdout.byteLength], [
      1,
      hugeHaloRefusal(`stage 1 (${dir}/huge.wasm)`),
      0,
    ]);
  });
});

Deno.test("qip run stops host work on large halo tiles at 100ms and names the stage", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeFile(`${dir}/wide.wasm`, wat(WIDE_HALO));
    const started = performance.now();
    const result = await runQip(["run", `${dir}/wide.wasm`], {
      stdin: encodeBmp(syntheticImage(640, 640)),
    });
    assert.deepEqual([result.code, result.stderr], [
      1,
      "Error running tile_rgba_f32_64x64: Wasm module exceeded the execution time limit (100ms): " +
      `stage 0 (${dir}/wide.wasm)\n`,
    ]);
    assert.ok(performance.now() - started < 10_000);
  });
});

Deno.test("qip run names the tile stage that spins past the time limit", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeFile(`${dir}/spin.wasm`, wat(SPIN_TILE));
    const result = await runQip(["run", "examples/rgba/invert.wasm", `${dir}/spin.wasm`], {
      stdin: encodeBmp(syntheticImage(100, 100)),
    });
    assert.deepEqual([result.code, result.stderr], [
      1,
      "Error running tile_rgba_f32_64x64: Wasm module exceeded the execution time limit (100ms): " +
      `stage 1 (${dir}/spin.wasm)\n`,
    ]);
  });
});
