/**
 * cacheSource() in front of a real HTTPS server: pinned modules without the network, unpinned
 * ones fetched again, --offline, corrupted entries, atomic writes.
 */
import assert from "node:assert/strict";
import { sha256Hex } from "../../src/format/sha256_hex.ts";
import {
  cacheSource,
  httpsSource,
  ModuleCache,
  type ModuleRef,
  parseModuleRef,
  pinnedArgument,
} from "../../src/host/mod.ts";
import {
  MIB,
  type ModuleServer,
  startModuleServer,
  testHttpClient,
  TINY_MODULE,
} from "../support/module_server.ts";

interface CacheCase {
  readonly server: ModuleServer;
  readonly cache: ModuleCache;
  readonly digest: string;
  readonly url: string;
  readonly logLines: string[];
  load(ref: ModuleRef, options?: { offline?: boolean }): Promise<Uint8Array>;
}

async function withCache(test: (context: CacheCase) => Promise<void>): Promise<void> {
  const server = await startModuleServer({ "/m.wasm": new Response(TINY_MODULE) });
  const client = await testHttpClient();
  const dir = await Deno.makeTempDir();
  const cache = new ModuleCache(dir);
  const logLines: string[] = [];
  const remote = httpsSource({ client });
  try {
    await test({
      server,
      cache,
      digest: await sha256Hex(TINY_MODULE),
      url: server.url("/m.wasm"),
      logLines,
      load: (ref, { offline = false } = {}) =>
        cacheSource(remote, { cache, offline, log: (line) => logLines.push(line) }).load(ref, {
          maxModuleBytes: MIB,
          expectedDigest: ref.pinnedDigest,
        }),
    });
  } finally {
    client.close();
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("cacheSource() stores a fetched module under its digest and the URL's last digest", async () => {
  await withCache(async ({ cache, digest, url, load }) => {
    assert.deepEqual(await load(parseModuleRef(url)), TINY_MODULE);
    assert.deepEqual(await Deno.readFile(`${cache.dir}/modules/${digest}.wasm`), TINY_MODULE);
    assert.equal(await cache.lastDigestOf(url), digest);
    const entries = [...Deno.readDirSync(`${cache.dir}/modules`)].map((entry) => entry.name);
    assert.deepEqual(entries, [`${digest}.wasm`], "no temporary file is left behind");
  });
});

Deno.test("cacheSource() serves a pinned module from the cache without a request", async () => {
  await withCache(async ({ server, digest, url, load }) => {
    const pinned = parseModuleRef(pinnedArgument(url, digest));
    await load(pinned);
    assert.deepEqual(await load(pinned), TINY_MODULE);
    assert.deepEqual(server.requests, ["/m.wasm"]);
  });
});

Deno.test("cacheSource() fetches an unpinned URL again every time", async () => {
  await withCache(async ({ server, url, load }) => {
    await load(parseModuleRef(url));
    await load(parseModuleRef(url));
    assert.deepEqual(server.requests, ["/m.wasm", "/m.wasm"]);
  });
});

Deno.test("cacheSource() --offline serves pinned and unpinned URLs it has, and refuses others", async () => {
  await withCache(async ({ server, cache, digest, url, load }) => {
    await load(parseModuleRef(url));
    await server.close();
    assert.deepEqual(await load(parseModuleRef(url), { offline: true }), TINY_MODULE);
    const pinned = parseModuleRef(pinnedArgument(url, digest));
    assert.deepEqual(await load(pinned, { offline: true }), TINY_MODULE);
    const other = server.url("/other.wasm");
    await assert.rejects(load(parseModuleRef(other), { offline: true }), {
      message:
        `Error fetching URL: ${other}: not in the module cache ${cache.dir} and --offline is set`,
    });
    assert.deepEqual(server.requests, ["/m.wasm"]);
  });
});

Deno.test("cacheSource() detects a corrupted entry by its digest and fetches the module again", async () => {
  await withCache(async ({ server, cache, digest, url, load, logLines }) => {
    const pinned = parseModuleRef(pinnedArgument(url, digest));
    await load(pinned);
    const entry = cache.modulePath(digest);
    await Deno.writeFile(entry, new Uint8Array([0, 97, 115, 109, 1, 0, 0, 9]));
    const corruptDigest = await sha256Hex(await Deno.readFile(entry));
    await assert.rejects(load(pinned, { offline: true }), {
      message: `Error fetching URL: ${url}: the cached copy ${entry} is corrupted ` +
        `(sha256 ${corruptDigest}) and --offline is set`,
    });
    assert.deepEqual(await load(pinned), TINY_MODULE);
    assert.deepEqual(server.requests, ["/m.wasm", "/m.wasm"]);
    assert.deepEqual(await Deno.readFile(entry), TINY_MODULE, "the entry is repaired");
    assert.deepEqual(logLines, [
      `module cache entry ${entry} is corrupted; fetching ${url} again`,
    ]);
  });
});

Deno.test("cacheSource() never stores bytes that break their pin", async () => {
  await withCache(async ({ cache, url, load }) => {
    const wrong = "0".repeat(64);
    assert.deepEqual(await load(parseModuleRef(pinnedArgument(url, wrong))), TINY_MODULE);
    assert.equal(await cache.lastDigestOf(url), undefined);
    assert.deepEqual([...Deno.readDirSync(cache.dir)], []);
  });
});

Deno.test("cacheSource() still loads the module when the cache cannot be written", async () => {
  await withCache(async ({ cache, url, load, logLines }) => {
    await Deno.writeTextFile(`${cache.dir}/modules`, "a file where a directory should be");
    assert.deepEqual(await load(parseModuleRef(url)), TINY_MODULE);
    assert.equal(logLines.length, 1);
    assert.match(logLines[0]!, new RegExp(`^module cache ${cache.dir} not updated: `));
  });
});
