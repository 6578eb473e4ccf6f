/**
 * `qip image` batch mode end to end: real photos, real filters, real codec and tile workers.
 * Each batch output must be the bytes a single `qip image` run writes for that photo.
 */
import assert from "node:assert/strict";
import { REPO_ROOT, runQip } from "../support/run_qip.ts";
import { withTempDir } from "../support/temp_dir.ts";

const FILTERS = ["examples/rgba/invert.wasm", "examples/rgba/brightness.wasm", "?brightness=0.2"];

Deno.test("qip image -i <dir> writes what single runs write, and reports a bad photo", async () => {
  await withTempDir(async (dir) => {
    await Deno.mkdir(`${dir}/photos/nested`, { recursive: true });
    await Deno.copyFile(`${REPO_ROOT}/fixtures/images/saam-40x30.jpg`, `${dir}/photos/a.jpg`);
    await Deno.copyFile(
      `${REPO_ROOT}/fixtures/images/cliffs-100x70.jpg`,
      `${dir}/photos/nested/b.jpg`,
    );
    await Deno.writeTextFile(`${dir}/photos/broken.jpg`, "not an image");
    const env = { QIP_CACHE_DIR: `${dir}/cache` };
    const batch = await runQip(
      ["image", "-i", `${dir}/photos`, "-o", `${dir}/out`, "--jobs", "2", ...FILTERS],
      { env },
    );
    assert.equal(batch.code, 1);
    const lines = batch.stderr.trimEnd().split("\n");
    assert.deepEqual(lines.slice(0, -1), [
      `${dir}/photos/broken.jpg: Error decoding image file: image: unknown format`,
    ]);
    assert.match(lines.at(-1)!, /^2 written, 0 unchanged, 1 failed in /);
    for (const rel of ["a", "nested/b"]) {
      const single = await runQip(
        ["image", "-i", `${dir}/photos/${rel}.jpg`, "-o", `${dir}/single.png`, ...FILTERS],
      );
      assert.equal(single.code, 0, single.stderr);
      assert.deepEqual(
        await Deno.readFile(`${dir}/out/${rel}.png`),
        await Deno.readFile(`${dir}/single.png`),
        rel,
      );
    }
    // --ext .bmp writes BMP; the PNG results do not answer for it.
    const bmp = await runQip(
      ["image", "-v", "-i", `${dir}/photos/*.jpg`, "-o", `${dir}/bmp`, "--ext", ".bmp", ...FILTERS],
      { env },
    );
    assert.match(bmp.stderr, /result cache: 0 hits, 2 misses, 1 stored, 0 evicted\n/);
    const header = (await Deno.readFile(`${dir}/bmp/a.bmp`)).subarray(0, 2);
    assert.equal(new TextDecoder().decode(header), "BM");
    const again = await runQip(
      ["image", "-v", "-i", `${dir}/photos`, "-o", `${dir}/out`, ...FILTERS],
      { env },
    );
    assert.match(again.stderr, /result cache: 2 hits, 1 misses, 0 stored, 0 evicted\n/);
    assert.match(again.stderr, /0 written, 2 unchanged, 1 failed in /);
  });
});
