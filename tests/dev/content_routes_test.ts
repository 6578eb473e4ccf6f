/**
 * The route table (dev-server.md §2): route keys and aliases per file, the resolution order,
 * the index errors, and the same routes answered by a real server over `fetch`.
 */
import assert from "node:assert/strict";
import { contentRequestPaths, indexContent, resolveRoute } from "../../src/dev/mod.ts";
import { withTempDir } from "../support/temp_dir.ts";
import { fetchText, withTestServer, writeTree } from "./_dev_support.ts";

const ALIAS_CASES: Array<[string, string[]]> = [
  ["index.html", ["/index.html", "/"]],
  ["docs/index.html", ["/docs/index.html", "/docs", "/docs/"]],
  ["docs/index.md", ["/docs/index.md", "/docs", "/docs/"]],
  ["guide/start.md", ["/guide/start.md", "/guide/start"]],
  ["about.HTML", ["/about.HTML", "/about"]],
  ["notes.markdown", ["/notes.markdown", "/notes"]],
  ["INDEX.HTML", ["/INDEX.HTML", "/"]],
  ["images/logo.png", ["/images/logo.png"]],
  ["README", ["/README"]],
];

for (const [rel, keys] of ALIAS_CASES) {
  Deno.test(`contentRequestPaths() gives the spec's route keys (${rel})`, () => {
    assert.deepEqual(contentRequestPaths(rel), keys);
  });
}

const SITE = {
  "index.html": "<p>home</p>",
  "docs/index.md": "# Docs",
  "guide/start.md": "# Start",
  "about.HTML": "<p>about</p>",
  "images/logo.png": new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
  "README": "read me",
  "hello world.md": "# spaced",
  ".well-known/security.txt": "Contact: nobody",
};

Deno.test("indexContent() counts route keys, not files (8 files)", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, SITE);
    const routes = indexContent(dir);
    assert.equal(routes.size, 14);
    assert.equal(routes.get("/docs/")?.rel, "docs/index.md");
    assert.equal(routes.get("/docs/")?.fullPath, `${dir}/docs/index.md`);
    assert.equal(routes.get("/docs/")?.sourceMime, "text/markdown");
    assert.equal(routes.get("/index"), undefined);
  });
});

const DUPLICATES: Array<[string, string, string]> = [
  ["index.html", "index.md", "/"],
  ["about.html", "about.md", "/about"],
  ["docs.md", "docs/index.md", "/docs"],
];

for (const [first, second, key] of DUPLICATES) {
  Deno.test(`indexContent() refuses two files for one route (${first} and ${second})`, async () => {
    await withTempDir(async (dir) => {
      await writeTree(dir, { [first]: "a", [second]: "b" });
      assert.throws(() => indexContent(dir), {
        name: "QipError",
        message: `duplicate route path "${key}" for "${dir}/${first}" and "${dir}/${second}"`,
      });
    });
  });
}

Deno.test("indexContent() refuses a symlink in the content tree (link.html)", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "site/index.html": "x", "outside.txt": "secret" });
    await Deno.symlink(`${dir}/outside.txt`, `${dir}/site/link.html`);
    assert.throws(() => indexContent(`${dir}/site`), {
      name: "QipError",
      message: `content entry "${dir}/site/link.html" must be a regular file`,
    });
  });
});

Deno.test("indexContent() refuses a symlinked content root", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "site/index.html": "x" });
    await Deno.symlink(`${dir}/site`, `${dir}/link`);
    assert.throws(() => indexContent(`${dir}/link`), {
      message: `content entry "${dir}/link" must be a regular file`,
    });
  });
});

Deno.test("indexContent() refuses a backslash in a content path (a\\b.txt)", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "a\\b.txt": "x" });
    assert.throws(() => indexContent(dir), {
      message: 'content path "a\\b.txt" must not contain backslash',
    });
  });
});

Deno.test("resolveRoute() tries the path, its cleaned form, then the slash variant", () => {
  const route = (rel: string) => ({ rel, fullPath: rel, sourceMime: "text/plain" });
  const start = route("guide/start.md");
  const logo = route("images/logo.png");
  const routes = new Map([["/guide/start", start], ["/images/logo.png", logo]]);
  assert.equal(resolveRoute(routes, "/guide/start/"), start);
  assert.equal(resolveRoute(routes, "guide/start"), start);
  assert.equal(resolveRoute(routes, "/x/../guide/start"), start);
  assert.equal(resolveRoute(routes, "/images/logo.png/"), logo);
  assert.equal(resolveRoute(routes, "/guide"), undefined);
  assert.equal(resolveRoute(routes, "/"), undefined);
});

const SERVED: Array<[string, string]> = [
  ["/", "<p>home</p>"],
  ["/index.html", "<p>home</p>"],
  ["/docs", "# Docs"],
  ["/docs/", "# Docs"],
  ["/docs/index.md", "# Docs"],
  ["/guide/start", "# Start"],
  ["/guide/start/", "# Start"],
  ["/about", "<p>about</p>"],
  ["/README", "read me"],
  ["/hello%20world.md", "# spaced"],
  ["/hello%20world", "# spaced"],
  ["/.well-known/security.txt", "Contact: nobody"],
  ["/README?x=1", "read me"],
];

Deno.test("devHandler() serves every route key and alias over HTTP (13 paths)", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, SITE);
    await withTestServer({ contentDir: dir }, async ({ url }) => {
      for (const [path, body] of SERVED) {
        const response = await fetchText(`${url}${path}`);
        assert.equal(response.status, 200, path);
        assert.equal(response.text, body, path);
      }
    });
  });
});

Deno.test("devHandler() answers 404 with Go's body for paths that are no route", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, SITE);
    await withTestServer({ contentDir: dir }, async ({ url, logText }) => {
      for (const path of ["/index", "/docs/index", "/images", "/images/", "/nope.html"]) {
        const response = await fetchText(`${url}${path}`);
        assert.equal(response.status, 404, path);
        assert.equal(response.text, "404 page not found\n");
        assert.equal(response.headers.get("content-type"), "text/plain; charset=utf-8");
        assert.equal(response.headers.get("x-content-type-options"), "nosniff");
        assert.equal(response.headers.get("etag"), null);
      }
      assert.match(logText(), /dev: GET \/index status=404 duration_ms=\d+\n/);
    });
  });
});

Deno.test("devHandler() serves /images/logo.png/ as the file (the spec's odd fallback)", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, SITE);
    await withTestServer({ contentDir: dir }, async ({ url }) => {
      const response = await fetch(`${url}/images/logo.png/`);
      assert.equal(response.status, 200);
      assert.deepEqual(new Uint8Array(await response.arrayBuffer()), SITE["images/logo.png"]);
      assert.equal(response.headers.get("content-type"), "image/png");
    });
  });
});

Deno.test("devHandler() reads files fresh on every request (an edited file)", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "note.txt": "first" });
    await withTestServer({ contentDir: dir }, async ({ url }) => {
      assert.equal((await fetchText(`${url}/note.txt`)).text, "first");
      await Deno.writeTextFile(`${dir}/note.txt`, "second");
      assert.equal((await fetchText(`${url}/note.txt`)).text, "second");
    });
  });
});

Deno.test("devHandler() answers 500 for an indexed file removed since (gone.txt)", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "gone.txt": "x" });
    await withTestServer({ contentDir: dir }, async ({ url, logText }) => {
      await Deno.remove(`${dir}/gone.txt`);
      const response = await fetchText(`${url}/gone.txt`);
      assert.equal(response.status, 500);
      assert.equal(response.headers.get("content-type"), "text/html; charset=utf-8");
      assert.equal(response.headers.get("etag"), null);
      assert.match(
        response.text,
        new RegExp(
          `^<!doctype html><meta charset="utf-8"><title>qip dev error</title><pre>\\S+\\nopen ${dir}/gone.txt: no such file or directory</pre>$`,
        ),
      );
      assert.match(
        logText(),
        /dev: GET \/gone.txt error=open .*: no such file or directory duration_ms=\d+\n/,
      );
    });
  });
});
