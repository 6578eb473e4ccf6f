/**
 * No request reaches a file outside the content root (beyond dev-server.md §2.3): request
 * targets sent byte for byte over TCP (`..`, encoded dots and slashes, backslashes, NUL,
 * absolute-form), and files or directories swapped for symlinks after the index was built.
 */
import assert from "node:assert/strict";
import { withTempDir } from "../support/temp_dir.ts";
import { fetchText, rawGet, withTestServer, writeTree } from "./_dev_support.ts";

const SECRET = "TOP-SECRET-OUTSIDE-THE-ROOT";

const SITE = {
  "site/index.html": "home",
  "site/sub/a.txt": "A",
  "secret.txt": SECRET,
  "site-other/secret.txt": SECRET,
};

/** Targets and the status the server gives; none may ever show the secret. */
const CORPUS: Array<[string, number]> = [
  ["/../secret.txt", 301],
  ["/../../../../etc/passwd", 301],
  ["//secret.txt", 301],
  ["/sub/../../secret.txt", 301],
  ["/%2e%2e/secret.txt", 404],
  ["/%2E%2E/%2e%2E/etc/passwd", 404],
  ["/..%2fsecret.txt", 404],
  ["/sub/..%2f..%2fsecret.txt", 404],
  ["/sub/%2e%2e/%2e%2e/secret.txt", 404],
  ["/%2e%2e%5csecret.txt", 404],
  ["/..\\secret.txt", 404],
  ["/sub\\..\\..\\secret.txt", 404],
  ["/%252e%252e/secret.txt", 404],
  ["/%2e%2e/site-other/secret.txt", 404],
  ["/..%2fsite-other%2fsecret.txt", 404],
  ["/secret.txt%00.html", 404],
  ["/%00", 404],
  ["/etc/passwd", 404],
  ["/%", 400],
  ["/%zz/secret.txt", 400],
  ["*", 400],
  ["secret.txt", 400],
];

Deno.test(`devHandler() never serves a file outside the root (${CORPUS.length} raw targets)`, async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, SITE);
    await withTestServer({ contentDir: `${dir}/site` }, async ({ server }) => {
      for (const [target, status] of CORPUS) {
        const response = await rawGet(server.port, target);
        assert.equal(response.status, status, target);
        assert.ok(!response.body.includes(SECRET), target);
      }
    });
  });
});

Deno.test("devHandler() redirects an unclean path to its cleaned form, keeping the query", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, SITE);
    await withTestServer({ contentDir: `${dir}/site` }, async ({ server }) => {
      const cases: Array<[string, string]> = [
        ["/sub/./a.txt?x=1", "/sub/a.txt?x=1"],
        ["/sub//a.txt", "/sub/a.txt"],
        ["/sub/../sub/", "/sub/"],
        ["/..", "/"],
        ["/.", "/"],
      ];
      for (const [target, location] of cases) {
        const response = await rawGet(server.port, target);
        assert.equal(response.status, 301, target);
        assert.equal(response.headers.get("location"), location, target);
        assert.equal(response.body, `<a href="${location}">Moved Permanently</a>.\n\n`);
      }
    });
  });
});

Deno.test("devHandler() resolves encoded dots inside the root (the spec's cleaned candidate)", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, SITE);
    await withTestServer({ contentDir: `${dir}/site` }, async ({ server }) => {
      assert.equal((await rawGet(server.port, "/sub/%2e%2e/index.html")).body, "home");
      assert.equal((await rawGet(server.port, "/%2e/sub/a.txt")).body, "A");
    });
  });
});

Deno.test("devHandler() answers 404 for a served file swapped for a symlink outside", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, SITE);
    await withTestServer({ contentDir: `${dir}/site` }, async ({ url }) => {
      assert.equal((await fetchText(`${url}/sub/a.txt`)).text, "A");
      await Deno.remove(`${dir}/site/sub/a.txt`);
      await Deno.symlink(`${dir}/secret.txt`, `${dir}/site/sub/a.txt`);
      const response = await fetchText(`${url}/sub/a.txt`);
      assert.equal(response.status, 404);
      assert.ok(!response.text.includes(SECRET));
    });
  });
});

Deno.test("devHandler() answers 404 for a directory swapped for a symlink outside", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { ...SITE, "elsewhere/a.txt": SECRET });
    await withTestServer({ contentDir: `${dir}/site` }, async ({ url }) => {
      await Deno.remove(`${dir}/site/sub`, { recursive: true });
      await Deno.symlink(`${dir}/elsewhere`, `${dir}/site/sub`);
      const response = await fetchText(`${url}/sub/a.txt`);
      assert.equal(response.status, 404);
      assert.ok(!response.text.includes(SECRET));
    });
  });
});

Deno.test("devHandler() answers 404 for a served file swapped for a directory", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, SITE);
    await withTestServer({ contentDir: `${dir}/site` }, async ({ url }) => {
      await Deno.remove(`${dir}/site/sub/a.txt`);
      await Deno.mkdir(`${dir}/site/sub/a.txt`);
      assert.equal((await fetchText(`${url}/sub/a.txt`)).status, 404);
    });
  });
});
