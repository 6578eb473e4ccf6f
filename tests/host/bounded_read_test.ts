/**
 * Every file qip reads has a size bound (issue 12, item 13): the one bounded read, and each
 * file kind that goes through it. Large files are sparse, so they cost no disk, and a test
 * that read them whole would take seconds and gigabytes instead of milliseconds.
 */
import assert from "node:assert/strict";
import { sha256Hex } from "../../src/format/sha256_hex.ts";
import {
  LockFile,
  MAX_LOCK_FILE_BYTES,
  ModuleCache,
  readFileBounded,
  readUpTo,
} from "../../src/host/mod.ts";
import { MAX_CONTENT_FILE_BYTES, readContentFile } from "../../src/dev/_content_file.ts";
import { withTempDir } from "../support/temp_dir.ts";

const MiB = 1024 * 1024;

async function sparseFile(path: string, byteLength: number): Promise<string> {
  await Deno.writeFile(path, new Uint8Array(0));
  await Deno.truncate(path, byteLength);
  return path;
}

Deno.test("readFileBounded() refuses a regular file over the bound from its size", async () => {
  await withTempDir(async (dir) => {
    const path = await sparseFile(`${dir}/big`, 2 * 1024 * MiB);
    await assert.rejects(readFileBounded(path, { what: "Test file", maxBytes: MiB }), {
      message: `Test file is too large: ${path} is 2 GiB, the limit is 1 MiB`,
    });
  });
});

Deno.test("readFileBounded() reads a file of exactly the bound, and names how to raise it", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/exact`;
    await Deno.writeFile(path, new Uint8Array(1000).fill(7));
    const bytes = await readFileBounded(path, { what: "Test file", maxBytes: 1000 });
    assert.equal(bytes.byteLength, 1000);
    assert.equal(bytes[999], 7);
    await assert.rejects(
      readFileBounded(path, { what: "Test file", maxBytes: 999, raiseWith: "see --limit" }),
      { message: `Test file is too large: ${path} is 1000 B, the limit is 999 B (see --limit)` },
    );
  });
});

Deno.test("readFileBounded() stops an endless stream one byte past the bound", async () => {
  await assert.rejects(readFileBounded("/dev/zero", { what: "Test file", maxBytes: 3 * MiB }), {
    message: "Test file is too large: /dev/zero is over the limit of 3 MiB",
  });
});

Deno.test("readUpTo() joins reads of any size in order", async () => {
  const data = new Uint8Array(5 * MiB + 123).map((_, index) => index % 251);
  let offset = 0;
  let reads = 0;
  const source = {
    // Pipe-sized reads, as stdin gives them.
    read(buffer: Uint8Array): Promise<number | null> {
      if (offset === data.byteLength) return Promise.resolve(null);
      const count = Math.min(65_536, buffer.byteLength, data.byteLength - offset);
      buffer.set(data.subarray(offset, offset + count));
      offset += count;
      reads++;
      return Promise.resolve(count);
    },
  };
  const read = await readUpTo(source, 8 * MiB);
  assert.equal(read.complete, true);
  assert.deepEqual(read.bytes, data);
  assert.equal(reads, Math.ceil(data.byteLength / 65_536));
});

Deno.test("LockFile.open() refuses a lock file over its bound in one line", async () => {
  await withTempDir(async (dir) => {
    const path = await sparseFile(`${dir}/qip.lock`, 2 * MAX_LOCK_FILE_BYTES);
    await assert.rejects(LockFile.open(path), {
      message: `Lock file is too large: ${path} is 2 MiB, the limit is 1 MiB`,
    });
  });
});

Deno.test("an oversized module cache entry is a miss, and an oversized URL entry unknown", async () => {
  await withTempDir(async (dir) => {
    const cache = new ModuleCache(dir);
    const digest = await sha256Hex(new Uint8Array([1]));
    await cache.store(new Uint8Array([1]), digest);
    await sparseFile(cache.modulePath(digest), 2 * 1024 * MiB);
    assert.deepEqual(await cache.read(digest, 64 * MiB), { kind: "miss" });
    const url = "https://example.com/m.wasm";
    await cache.recordUrl(url, digest);
    assert.equal(await cache.lastDigestOf(url), digest);
    const [entry] = await Array.fromAsync(Deno.readDir(`${dir}/urls`));
    await sparseFile(`${dir}/urls/${entry!.name}`, 2 * 1024 * MiB);
    assert.equal(await cache.lastDigestOf(url), undefined);
  });
});

Deno.test("a dev content file over its bound is refused in one line", async () => {
  await withTempDir(async (dir) => {
    const path = await sparseFile(`${dir}/video.bin`, MAX_CONTENT_FILE_BYTES + 1);
    await assert.rejects(readContentFile(path, await Deno.realPath(path)), {
      message:
        `Content file is too large: ${path} is 268435457 bytes, the limit is 268435456 bytes`,
    });
  });
});
