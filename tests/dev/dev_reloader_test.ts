/**
 * Reloading (dev-server.md §8) on a real server: a full reload picks up added files, a failed
 * SIGHUP reload keeps the old state serving, a failed automatic one is shown to every request
 * until a reload succeeds, dev mode reloads when a recipe module changes (and never serves a
 * memoized output of the old chain), prod mode does not.
 */
import assert from "node:assert/strict";
import { REPO_ROOT } from "../support/run_qip.ts";
import { withTempDir } from "../support/temp_dir.ts";
import { fetchText, withTestServer, writeTree } from "./_dev_support.ts";

const HELLO = `${REPO_ROOT}/examples/hello.wasm`;
const UPPER = `${REPO_ROOT}/fixtures/modules/upper-functions.wasm`;
const REVERSE = `${REPO_ROOT}/fixtures/modules/reverse-bytes.wasm`;

/** A site with `a.txt` = "world" and a text/plain chain of `hello.wasm` then `upper`. */
async function writeSite(dir: string): Promise<{ contentDir: string; recipesDir: string }> {
  await writeTree(dir, { "site/a.txt": "world", "site/index.html": "home" });
  await Deno.mkdir(`${dir}/recipes/text/plain`, { recursive: true });
  await Deno.copyFile(HELLO, `${dir}/recipes/text/plain/10-hello.wasm`);
  await Deno.copyFile(UPPER, `${dir}/recipes/text/plain/20-upper.wasm`);
  return { contentDir: `${dir}/site`, recipesDir: `${dir}/recipes` };
}

const RELOADED = (reason: string, paths: number, mimes: number, forms: number) =>
  new RegExp(
    `dev: reloaded reason=${reason} paths=${paths} recipe_mimes=${mimes} forms=${forms} duration_ms=\\d+\\n`,
  );

Deno.test("DevReloader.reload() picks up an added file and logs the counts", async () => {
  await withTempDir(async (dir) => {
    const sources = await writeSite(dir);
    await withTestServer(sources, async ({ server, url, logText }) => {
      await writeTree(dir, { "site/new.md": "# new" });
      assert.equal((await fetchText(`${url}/new`)).status, 404);
      assert.equal(await server.reloader.reload("signal_hup"), true);
      assert.equal((await fetchText(`${url}/new`)).text, "# new");
      assert.match(logText(), RELOADED("signal_hup", 5, 1, 0));
    });
  });
});

Deno.test("DevReloader.reload() keeps the old state serving when the rebuild fails", async () => {
  await withTempDir(async (dir) => {
    const sources = await writeSite(dir);
    await withTestServer(sources, async ({ server, url, logText }) => {
      await writeTree(dir, { "site/index.md": "# clash", "site/later.txt": "later" });
      assert.equal(await server.reloader.reload("signal_hup"), false);
      assert.ok(
        logText().includes(
          `dev: reload failed reason=signal_hup error=duplicate route path "/" for "${dir}/site/index.html" and "${dir}/site/index.md"\n`,
        ),
      );
      assert.equal((await fetchText(`${url}/`)).text, "home");
      assert.equal((await fetchText(`${url}/a.txt`)).text, "HELLO, WORLD");
      assert.equal((await fetchText(`${url}/later.txt`)).status, 404);
    });
  });
});

Deno.test("devHandler() reloads in dev mode when a recipe module changes (memo on)", async () => {
  await withTempDir(async (dir) => {
    const sources = await writeSite(dir);
    const options = { mode: "dev" as const, memoMaxBytes: 1024 * 1024 };
    await withTestServer(sources, async ({ url, logText }) => {
      const before = await fetchText(`${url}/a.txt`);
      assert.equal(before.text, "HELLO, WORLD");
      assert.equal((await fetchText(`${url}/a.txt`)).text, "HELLO, WORLD");
      assert.match(logText(), /dev: GET \/a.txt status=200 duration_ms=\d+ memo=hit\n/);
      await Deno.remove(`${dir}/recipes/text/plain/20-upper.wasm`);
      await Deno.copyFile(REVERSE, `${dir}/recipes/text/plain/20-reverse.wasm`);
      const after = await fetchText(`${url}/a.txt`);
      assert.equal(after.text, "dlrow ,olleH");
      assert.notEqual(after.headers.get("etag"), before.headers.get("etag"));
      assert.match(logText(), RELOADED("recipe_change", 3, 1, 0));
    }, options);
  });
});

Deno.test("devHandler() reloads in dev mode when a module is rewritten in place", async () => {
  await withTempDir(async (dir) => {
    const sources = await writeSite(dir);
    await withTestServer(sources, async ({ url }) => {
      assert.equal((await fetchText(`${url}/a.txt`)).text, "HELLO, WORLD");
      await Deno.writeFile(`${dir}/recipes/text/plain/20-upper.wasm`, await Deno.readFile(REVERSE));
      assert.equal((await fetchText(`${url}/a.txt`)).text, "dlrow ,olleH");
    }, { memoMaxBytes: 1024 * 1024 });
  });
});

Deno.test("devHandler() reloads in dev mode when a module is disabled (-20-upper.wasm)", async () => {
  await withTempDir(async (dir) => {
    const sources = await writeSite(dir);
    await withTestServer(sources, async ({ url }) => {
      assert.equal((await fetchText(`${url}/a.txt`)).text, "HELLO, WORLD");
      await Deno.rename(
        `${dir}/recipes/text/plain/20-upper.wasm`,
        `${dir}/recipes/text/plain/-20-upper.wasm`,
      );
      assert.equal((await fetchText(`${url}/a.txt`)).text, "Hello, world");
    });
  });
});

Deno.test("devHandler() shows a failed automatic reload on every request until one succeeds", async () => {
  await withTempDir(async (dir) => {
    const sources = await writeSite(dir);
    await withTestServer(sources, async ({ url, logText }) => {
      assert.equal((await fetchText(`${url}/a.txt`)).text, "HELLO, WORLD");
      await Deno.copyFile(REVERSE, `${dir}/recipes/text/plain/2x-reverse.wasm`);
      const error =
        `invalid recipe filename "text/plain/2x-reverse.wasm": filename prefix must be two digits`;
      const failed = `dev: auto-reload failed reason=recipe_change error=${error}\n`;
      const stale =
        `dev: serving the reload error until a reload succeeds; stale modules: ${dir}/recipes/text/plain/2x-reverse.wasm\n`;
      for (const path of ["/a.txt", "/"]) {
        const response = await fetchText(`${url}${path}`);
        assert.equal(response.status, 500);
        assert.match(
          response.text,
          new RegExp(
            `<pre>[^\n]+\nreload failed: invalid recipe filename &#34;text/plain/2x-reverse.wasm&#34;: filename prefix must be two digits\nstale modules: ${
              RegExp.escape(dir)
            }/recipes/text/plain/2x-reverse.wasm\nevery request gets this page until a reload succeeds</pre>$`,
          ),
        );
      }
      // Every request retries the reload; what is stale is logged once.
      assert.equal(logText().split(failed).length - 1, 2, logText());
      assert.equal(logText().split(stale).length - 1, 1, logText());
      assert.ok(logText().includes(`dev: GET /a.txt error=reload failed: ${error} `));
      await Deno.rename(
        `${dir}/recipes/text/plain/2x-reverse.wasm`,
        `${dir}/recipes/text/plain/30-reverse.wasm`,
      );
      const fixed = await fetchText(`${url}/a.txt`);
      assert.equal(fixed.status, 200);
      assert.equal(fixed.text, "DLROW ,OLLEH");
    });
  });
});

Deno.test("devHandler() names a changed module that no longer compiles as stale", async () => {
  await withTempDir(async (dir) => {
    const sources = await writeSite(dir);
    await withTestServer(sources, async ({ url }) => {
      assert.equal((await fetchText(`${url}/a.txt`)).text, "HELLO, WORLD");
      await Deno.writeTextFile(`${dir}/recipes/text/plain/20-upper.wasm`, "not wasm");
      const response = await fetchText(`${url}/a.txt`);
      assert.equal(response.status, 500);
      assert.ok(
        response.text.includes(
          `reload failed: Wasm module could not be compiled: stage 1 (${dir}/recipes/text/plain/20-upper.wasm)`,
        ),
        response.text,
      );
      assert.ok(
        response.text.includes(`\nstale modules: ${dir}/recipes/text/plain/20-upper.wasm\n`),
      );
    });
  });
});

Deno.test("devHandler() reloads form modules when they change, and shows one that breaks", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "site/index.html": '<body><qip-form name="signup"></qip-form></body>' });
    await Deno.mkdir(`${dir}/forms`);
    const EMAIL = `${REPO_ROOT}/examples/form-email-message.wasm`;
    const VCARD = `${REPO_ROOT}/examples/form-vcard-business.wasm`;
    await Deno.copyFile(EMAIL, `${dir}/forms/signup.wasm`);
    const sources = { contentDir: `${dir}/site`, formsDir: `${dir}/forms` };
    await withTestServer(sources, async ({ url, logText }) => {
      const embedded = (bytes: Uint8Array) => bytes.toBase64();
      const first = await fetchText(`${url}/`);
      assert.ok(first.text.includes(embedded(await Deno.readFile(EMAIL))));
      await Deno.copyFile(VCARD, `${dir}/forms/signup.wasm`);
      const second = await fetchText(`${url}/`);
      assert.ok(second.text.includes(embedded(await Deno.readFile(VCARD))), "the new module");
      assert.match(logText(), RELOADED("form_change", 2, 0, 1));
      // A run module is not a form module: the reload fails and every request says why.
      await Deno.copyFile(HELLO, `${dir}/forms/signup.wasm`);
      const broken = await fetchText(`${url}/`);
      assert.equal(broken.status, 500);
      assert.ok(
        broken.text.includes(
          `reload failed: Wasm module must export input_ptr as a function: form module &#34;signup&#34; (${dir}/forms/signup.wasm)\nstale modules: ${dir}/forms/signup.wasm\n`,
        ),
        broken.text,
      );
    });
  });
});

Deno.test("devHandler() does not reload in prod mode when a recipe changes", async () => {
  await withTempDir(async (dir) => {
    const sources = await writeSite(dir);
    await withTestServer(sources, async ({ url, logText }) => {
      await Deno.remove(`${dir}/recipes/text/plain/20-upper.wasm`);
      assert.equal((await fetchText(`${url}/a.txt`)).text, "HELLO, WORLD");
      assert.ok(!logText().includes("reloaded"));
    }, { mode: "prod" });
  });
});

Deno.test("devHandler() does not reload in dev mode for a content change alone", async () => {
  await withTempDir(async (dir) => {
    const sources = await writeSite(dir);
    await withTestServer(sources, async ({ url, logText }) => {
      await writeTree(dir, { "site/added.txt": "added" });
      assert.equal((await fetchText(`${url}/added.txt`)).status, 404);
      assert.ok(!logText().includes("reloaded"));
    });
  });
});

Deno.test("devHandler() never serves a memoized output after the source changes", async () => {
  await withTempDir(async (dir) => {
    const sources = await writeSite(dir);
    await withTestServer(sources, async ({ url, server }) => {
      assert.equal((await fetchText(`${url}/a.txt`)).text, "HELLO, WORLD");
      await Deno.writeTextFile(`${dir}/site/a.txt`, "there");
      assert.equal((await fetchText(`${url}/a.txt`)).text, "HELLO, THERE");
      assert.equal(server.memo?.size, 2);
      await server.reloader.reload("signal_hup");
      assert.equal((await fetchText(`${url}/a.txt`)).text, "HELLO, THERE");
      assert.equal(server.memo?.size, 2, "an unchanged chain keeps its entries");
    }, { memoMaxBytes: 1024 * 1024 });
  });
});
