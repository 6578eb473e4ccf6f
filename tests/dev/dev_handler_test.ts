/**
 * The request cycle on a real server (dev-server.md §5, §6.2, §9, §10): methods, HEAD, ETags
 * and `If-None-Match`, and the log lines.
 */
import assert from "node:assert/strict";
import { withTempDir } from "../support/temp_dir.ts";
import { REPO_ROOT } from "../support/run_qip.ts";
import { copyMarkdownRecipes, fetchText, withTestServer, writeTree } from "./_dev_support.ts";

const encoder = new TextEncoder();

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.byteLength;
  }
  return new Uint8Array(await crypto.subtle.digest("SHA-256", joined));
}

Deno.test("devHandler() sets the quoted SHA-256 of the file as ETag without recipes", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "a.css": "a { color: red }" });
    await withTestServer({ contentDir: dir }, async ({ url }) => {
      const response = await fetchText(`${url}/a.css`);
      const digest = await sha256(encoder.encode("a { color: red }"));
      assert.equal(response.headers.get("etag"), `"${digest.toHex()}"`);
    });
  });
});

Deno.test("devHandler() hashes source and chain digests into the ETag (markdown chain)", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "site/index.md": "# Home" });
    await copyMarkdownRecipes(`${dir}/recipes`);
    const chain = await Promise.all(
      ["10-markdown-basic", "11-autolink-https", "20-html-page-wrap"].map(async (name) =>
        await sha256(await Deno.readFile(`${dir}/recipes/text/markdown/${name}.wasm`))
      ),
    );
    const sources = { contentDir: `${dir}/site`, recipesDir: `${dir}/recipes` };
    await withTestServer(sources, async ({ url }) => {
      const response = await fetchText(`${url}/`);
      const expected = await sha256(await sha256(encoder.encode("# Home")), ...chain);
      assert.equal(response.headers.get("etag"), `"${expected.toHex()}"`);
    });
  });
});

Deno.test("devHandler() answers 304 when If-None-Match matches the ETag exactly", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "site/index.md": "# Home" });
    await copyMarkdownRecipes(`${dir}/recipes`);
    const sources = { contentDir: `${dir}/site`, recipesDir: `${dir}/recipes` };
    await withTestServer(sources, async ({ url, logText }) => {
      const etag = (await fetchText(`${url}/`)).headers.get("etag")!;
      const response = await fetchText(`${url}/`, { headers: { "if-none-match": etag } });
      assert.equal(response.status, 304);
      assert.equal(response.text, "");
      assert.equal(response.headers.get("etag"), etag);
      assert.equal(response.headers.get("content-type"), null);
      assert.match(
        logText(),
        /dev: GET \/ status=304 duration_ms=\d+ instantiation_ms=0 module_durations_ms=\[\d+,\d+,\d+\]\n/,
      );
    });
  });
});

Deno.test("devHandler() answers 200 for a weak, listed or wildcard If-None-Match", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "a.txt": "x" });
    await withTestServer({ contentDir: dir }, async ({ url }) => {
      const etag = (await fetchText(`${url}/a.txt`)).headers.get("etag")!;
      for (const header of [`W/${etag}`, `"other", ${etag}`, "*", etag.slice(1, -1)]) {
        const response = await fetchText(`${url}/a.txt`, { headers: { "if-none-match": header } });
        assert.equal(response.status, 200, header);
        assert.equal(response.text, "x");
      }
    });
  });
});

Deno.test("devHandler() changes the ETag when the file changes (edited a.txt)", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "a.txt": "one" });
    await withTestServer({ contentDir: dir }, async ({ url }) => {
      const before = (await fetchText(`${url}/a.txt`)).headers.get("etag")!;
      await Deno.writeTextFile(`${dir}/a.txt`, "two");
      const response = await fetchText(`${url}/a.txt`, { headers: { "if-none-match": before } });
      assert.equal(response.status, 200);
      assert.equal(response.text, "two");
      assert.notEqual(response.headers.get("etag"), before);
    });
  });
});

Deno.test("devHandler() answers HEAD with the GET headers and no body", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "a.json": "{}" });
    await withTestServer({ contentDir: dir }, async ({ url, logText }) => {
      const get = await fetchText(`${url}/a.json`);
      const head = await fetchText(`${url}/a.json`, { method: "HEAD" });
      assert.equal(head.status, 200);
      assert.equal(head.text, "");
      assert.equal(head.headers.get("etag"), get.headers.get("etag"));
      assert.equal(head.headers.get("content-type"), "application/json");
      assert.match(logText(), /dev: HEAD \/a.json status=200 duration_ms=\d+\n/);
    });
  });
});

for (const method of ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"]) {
  Deno.test(`devHandler() answers ${method} with 405 and an empty body`, async () => {
    await withTempDir(async (dir) => {
      await writeTree(dir, { "a.txt": "x" });
      await withTestServer({ contentDir: dir }, async ({ url, logText }) => {
        const response = await fetchText(`${url}/a.txt`, { method });
        assert.equal(response.status, 405);
        assert.equal(response.text, "");
        assert.equal(response.headers.get("allow"), null);
        assert.match(logText(), new RegExp(`dev: ${method} /a.txt duration_ms=\\d+\\n`));
      });
    });
  });
}

Deno.test("startDevServer() logs the spec's start-up lines", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "site/index.md": "# x", "site/b.txt": "b" });
    await Deno.mkdir(`${dir}/forms`);
    await Deno.copyFile(`${REPO_ROOT}/examples/form-email-message.wasm`, `${dir}/forms/a.wasm`);
    await copyMarkdownRecipes(`${dir}/recipes`);
    const sources = {
      contentDir: `${dir}/site`,
      recipesDir: `${dir}/recipes`,
      formsDir: `${dir}/forms`,
    };
    await withTestServer(sources, ({ server, logText }) => {
      const stamp = String.raw`\d{4}/\d\d/\d\d \d\d:\d\d:\d\d `;
      const lines = [
        `dev: indexed 3 request paths from ${dir}/site`,
        `dev: loaded 1 recipe mime chains from ${dir}/recipes`,
        `dev: loaded 1 form modules from ${dir}/forms`,
        `dev: listening on http://127.0.0.1:${server.port}`,
        `dev: send SIGHUP to reload routes, recipes, and forms: \`kill -HUP ${Deno.pid}\``,
      ];
      assert.match(
        logText(),
        new RegExp(`^${lines.map((line) => stamp + RegExp.escape(line)).join("\n")}\n$`),
      );
      return Promise.resolve();
    });
  });
});

Deno.test("devHandler() logs one line per request, 404 and 405 included", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "a.txt": "x" });
    await withTestServer({ contentDir: dir }, async ({ url, logText }) => {
      await fetchText(`${url}/missing`);
      await fetchText(`${url}/a.txt`, { method: "POST" });
      await fetchText(`${url}/a.txt`);
      const requests = logText().split("\n").filter((line) => / dev: (GET|POST) /.test(line));
      assert.equal(requests.length, 3);
    });
  });
});

Deno.test("devHandler() runs the chain on every request with the memo off, once with it on", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "site/index.md": "# Home" });
    await copyMarkdownRecipes(`${dir}/recipes`);
    const sources = { contentDir: `${dir}/site`, recipesDir: `${dir}/recipes` };
    for (const memoMaxBytes of [0, 1024 * 1024]) {
      await withTestServer(sources, async ({ url, logText }) => {
        const bodies = [];
        for (let index = 0; index < 3; index++) bodies.push((await fetchText(`${url}/`)).text);
        assert.equal(new Set(bodies).size, 1);
        const ran = logText().match(/module_durations_ms=/g)?.length ?? 0;
        const hits = logText().match(/ memo=hit\n/g)?.length ?? 0;
        assert.deepEqual([ran, hits], memoMaxBytes === 0 ? [3, 0] : [1, 2]);
      }, { memoMaxBytes });
    }
  });
});
