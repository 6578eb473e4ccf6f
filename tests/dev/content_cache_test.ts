/**
 * `ContentCache`: settled files are kept and served while their stamp holds; any change, a
 * swapped symlink or a fresh file is read again from disk.
 */
import assert from "node:assert/strict";
import { ContentCache } from "../../src/dev/_content_cache.ts";
import { withTempDir } from "../support/temp_dir.ts";
import { writeTree } from "./_dev_support.ts";

const decoder = new TextDecoder();
/** A clock a minute ahead: every file on disk counts as settled. */
const later = () => Date.now() + 60_000;

async function readText(cache: ContentCache, dir: string, rel: string): Promise<string> {
  const read = await cache.read(`${dir}/${rel}`, `${await Deno.realPath(dir)}/${rel}`);
  return read.kind === "bytes" ? decoder.decode(read.bytes) : read.kind;
}

Deno.test("ContentCache.read() keeps a settled file and serves it while unchanged", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "a.txt": "one" });
    const cache = new ContentCache({ nowMs: later });
    assert.equal(await readText(cache, dir, "a.txt"), "one");
    assert.equal(cache.size, 1);
    assert.equal(await readText(cache, dir, "a.txt"), "one");
  });
});

Deno.test("ContentCache.read() keeps no file changed within the last second", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "a.txt": "one" });
    const cache = new ContentCache();
    assert.equal(await readText(cache, dir, "a.txt"), "one");
    assert.equal(cache.size, 0);
  });
});

Deno.test("ContentCache.read() reads a kept file again after a same-size rewrite", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "a.txt": "one" });
    const cache = new ContentCache({ nowMs: later });
    assert.equal(await readText(cache, dir, "a.txt"), "one");
    await Deno.writeTextFile(`${dir}/a.txt`, "two");
    // The same size and, on a coarse clock, possibly the same times: move mtime to be sure.
    await Deno.utime(`${dir}/a.txt`, new Date(0), new Date(1_000_000));
    assert.equal(await readText(cache, dir, "a.txt"), "two");
  });
});

Deno.test("ContentCache.read() refuses a kept file swapped for a symlink outside", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "site/a.txt": "one", "secret.txt": "secret" });
    const cache = new ContentCache({ nowMs: later });
    assert.equal(await readText(cache, `${dir}/site`, "a.txt"), "one");
    await Deno.remove(`${dir}/site/a.txt`);
    await Deno.symlink(`${dir}/secret.txt`, `${dir}/site/a.txt`);
    assert.equal(await readText(cache, `${dir}/site`, "a.txt"), "escaped");
  });
});

Deno.test("ContentCache.read() reports a kept file that was removed", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "a.txt": "one" });
    const cache = new ContentCache({ nowMs: later });
    await readText(cache, dir, "a.txt");
    await Deno.remove(`${dir}/a.txt`);
    await assert.rejects(readText(cache, dir, "a.txt"), {
      name: "QipError",
      message: `open ${dir}/a.txt: no such file or directory`,
    });
    assert.equal(cache.size, 0);
  });
});

Deno.test("ContentCache.read() stays within its byte budget (least recently used out)", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, {
      "a.txt": "a".repeat(40),
      "b.txt": "b".repeat(40),
      "c.txt": "c".repeat(40),
    });
    const cache = new ContentCache({ nowMs: later, maxBytes: 100 });
    await readText(cache, dir, "a.txt");
    await readText(cache, dir, "b.txt");
    await readText(cache, dir, "a.txt");
    await readText(cache, dir, "c.txt");
    assert.equal(cache.size, 2);
  });
});
