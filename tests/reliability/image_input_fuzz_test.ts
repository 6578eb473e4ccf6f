/**
 * Damaged images (docs/reliability.md, "Image inputs"): seeded mutants of the small files in
 * fixtures/images go through `qip image` and a tile block of `qip run` in-process; every one
 * ends in exit 0 with a file, or exit 1 with one stderr line and no file. A representative
 * subset also runs through the real launcher, which must print the same line.
 * `deno task fuzz-inputs --images N` runs N random mutants per file.
 */
import assert from "node:assert/strict";
import {
  describeImageProblem,
  fuzzImageInputs,
  ImageInputRunner,
} from "../../scripts/fuzz/check_image_inputs.ts";
import { imageMutants, pngBomb } from "../../scripts/fuzz/image_mutants.ts";
import { WorkerPool } from "../../src/sandbox/mod.ts";
import { REPO_ROOT, runQip } from "../support/run_qip.ts";
import { withTempDir } from "../support/temp_dir.ts";

/** Random mutants per file in CI (plus about 30 structural ones each): ~1100 inputs, ~3 s. */
const RANDOM_PER_FILE = 100;

const fixture = (name: string) => Deno.readFileSync(`${REPO_ROOT}/fixtures/images/${name}`);

function mutant(name: string, what: string): Uint8Array {
  const found = imageMutants(name, fixture(name), { seed: 1, randomCount: 0 })
    .find((candidate) => candidate.label === `${name}: ${what}`);
  assert.ok(found !== undefined, `${name}: ${what} exists`);
  return found.bytes;
}

Deno.test("qip image and qip run fail cleanly on damaged images (seed 1)", async () => {
  const pool = new WorkerPool({ size: 1 });
  try {
    const report = await fuzzImageInputs(REPO_ROOT, {
      pool,
      seed: 1,
      randomCount: RANDOM_PER_FILE,
    });
    assert.deepEqual(report.problems, []);
    assert.ok(report.cases.image >= 8 * RANDOM_PER_FILE, `${report.cases.image} image inputs`);
    assert.ok(report.cases.run >= RANDOM_PER_FILE, `${report.cases.run} run inputs`);
    // The mutants must not all be refused at the door: some decode and go through the filter.
    assert.ok(report.succeeded.image >= 50, `${report.succeeded.image} images decoded`);
    assert.ok(report.succeeded.run >= 10, `${report.succeeded.run} BMPs filtered`);
  } finally {
    pool.close();
  }
});

Deno.test("qip image refuses decompression bombs and huge headers before decoding (--max-pixels)", async () => {
  const pool = new WorkerPool({ size: 1 });
  try {
    await using runner = await ImageInputRunner.create(pool, REPO_ROOT);
    const limit = (format: string, width: number, height: number, max = 100_000_000) =>
      `Error decoding image file: ${format}: image is ${width}x${height} (${width * height} ` +
      `pixels), over the limit of ${max} pixels (--max-pixels)`;
    // 97 KB that inflate to 100 million bytes of grey.
    const bomb = pngBomb(10_001, 10_000);
    assert.ok(bomb.byteLength < 100_000, `${bomb.byteLength} bytes`);
    assert.deepEqual(await runner.image(bomb), {
      exitCode: 1,
      stderr: limit("png", 10_001, 10_000),
      wroteOutput: false,
    });
    const jpeg = mutant("saam-40x30.jpg", "SOF claims 20000x20000");
    assert.equal((await runner.image(jpeg)).stderr, limit("jpeg", 20_000, 20_000));
    const bmp = mutant("saam-40x30.bmp", "header claims 65535x65535");
    assert.equal((await runner.image(bmp)).stderr, limit("bmp", 65_535, 65_535));
    // A 4-megapixel bomb of 4 KB decodes and filters under the default, not under a lower limit.
    const small = pngBomb(2000, 2000);
    assert.equal(describeImageProblem(await runner.image(small), "image"), undefined);
    assert.equal((await runner.image(small)).exitCode, 0);
    assert.equal(
      (await runner.image(small, { maxPixels: 1_000_000 })).stderr,
      limit("png", 2000, 2000, 1_000_000),
    );
  } finally {
    pool.close();
  }
});

/** One input per kind of damage, through `scripts/qip` as users run it. */
const LAUNCHER_SUBSET: readonly (readonly ["image" | "run", string, string])[] = [
  ["image", "saam-40x30.png", "truncated at 33 (IDAT)"],
  ["image", "saam-40x30.png", "CRC of IDAT broken"],
  ["image", "saam-40x30-alpha.png", "IHDR claims 4294967295x4294967295"],
  ["image", "saam-40x30.jpg", "SOF claims 65535x65535"],
  ["image", "saam-40x30-progressive.jpg", "truncated at 2 (FFE0)"],
  ["image", "saam-40x30.bmp", "header claims -2147483648x30"],
  ["run", "saam-40x30.bmp", "header claims 40x-2147483648"],
  ["run", "saam-40x30.bmp", "truncated at 54 (pixels)"],
  ["run", "saam-40x30.bmp", "header claims 40x-30"],
];

Deno.test("the real launcher prints the same line and leaves no file (representative subset)", async (t) => {
  const pool = new WorkerPool({ size: 1 });
  try {
    await using runner = await ImageInputRunner.create(pool, REPO_ROOT);
    await withTempDir(async (dir) => {
      for (const [command, name, what] of LAUNCHER_SUBSET) {
        await t.step(`qip ${command} < ${name}: ${what}`, async () => {
          const bytes = mutant(name, what);
          const inProcess = command === "image"
            ? await runner.image(bytes)
            : await runner.run(bytes);
          await Deno.writeFile(`${dir}/in`, bytes);
          const result = command === "image"
            ? await runQip(["image", "-i", `${dir}/in`, "-o", `${dir}/out.png`, runner.module])
            : await runQip(["run", runner.module], { stdin: bytes });
          const outputExists = await Deno.lstat(`${dir}/out.png`).then(() => true, () => false);
          if (outputExists) await Deno.remove(`${dir}/out.png`);
          const outcome = {
            exitCode: result.code,
            stderr: result.stderr.replace(/\n$/, ""),
            wroteOutput: outputExists,
          };
          assert.equal(describeImageProblem(outcome, command), undefined);
          assert.deepEqual(outcome, inProcess);
        });
      }
    });
  } finally {
    pool.close();
  }
});
