/**
 * Recipes (dev-server.md §4, §5 steps 6–8): file names, ordering, disabled modules, duplicate
 * prefixes, and chains run by a real server on every request.
 */
import assert from "node:assert/strict";
import { discoverRecipes, parseRecipeFilename } from "../../src/dev/mod.ts";
import { REPO_ROOT } from "../support/run_qip.ts";
import { withTempDir } from "../support/temp_dir.ts";
import { copyMarkdownRecipes, fetchText, withTestServer, writeTree } from "./_dev_support.ts";

const M = `${REPO_ROOT}/fixtures/modules`;
const E = `${REPO_ROOT}/examples`;

const GOOD_NAMES: Array<[string, { order: number; disabled: boolean }]> = [
  ["10-markdown.wasm", { order: 10, disabled: false }],
  ["00-a.wasm", { order: 0, disabled: false }],
  ["-99-wrap.wasm", { order: 99, disabled: true }],
  ["05-with-dashes-too.wasm", { order: 5, disabled: false }],
];

for (const [name, parsed] of GOOD_NAMES) {
  Deno.test(`parseRecipeFilename() accepts ${name}`, () => {
    assert.deepEqual(parseRecipeFilename(name), parsed);
  });
}

const BAD_NAMES: Array<[string, string]> = [
  ["10-rendér.wasm", "filename must be ASCII"],
  ["10-markdown.wat", "filename must end with .wasm"],
  ["10.wasm", "filename must match NN-name.wasm"],
  ["10-.wasm", "filename must match NN-name.wasm"],
  ["a0-markdown.wasm", "filename prefix must be two digits"],
  ["--10-x.wasm", "filename prefix must be two digits"],
  ["100-x.wasm", "filename must match NN-name.wasm"],
  ["-1-x.wasm", "filename must match NN-name.wasm"],
  ["-1-xy.wasm", "filename prefix must be two digits"],
];

for (const [name, reason] of BAD_NAMES) {
  Deno.test(`parseRecipeFilename() refuses ${name}: ${reason}`, () => {
    assert.throws(() => parseRecipeFilename(name), { name: "QipError", message: reason });
  });
}

Deno.test("discoverRecipes() orders by prefix, skips disabled and non-.wasm files", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, {
      "text/plain/20-b.wasm": "",
      "text/plain/10-a.wasm": "",
      "text/plain/-15-off.wasm": "",
      "text/plain/README.md": "",
      "text/plain/15-x.WASM": "",
      "text/css/05-c.wasm": "",
      "Text/Markdown/10-m.wasm": "",
    });
    const plan = discoverRecipes(dir);
    assert.deepEqual([...plan.keys()], ["Text/Markdown", "text/css", "text/plain"]);
    assert.deepEqual(plan.get("text/plain")?.map((file) => file.rel), [
      "text/plain/10-a.wasm",
      "text/plain/20-b.wasm",
    ]);
    assert.equal(plan.get("text/css")?.[0]?.fullPath, `${dir}/text/css/05-c.wasm`);
  });
});

const DISCOVERY_ERRORS: Array<[string, Record<string, string>, (dir: string) => string]> = [
  [
    "two enabled files with one prefix",
    { "text/plain/10-b.wasm": "", "text/plain/10-a.wasm": "", "text/plain/-10-c.wasm": "" },
    (dir) =>
      `duplicate recipe prefix for text/plain: 10 in "${dir}/text/plain/10-a.wasm" and "${dir}/text/plain/10-b.wasm"`,
  ],
  [
    "a module outside <type>/<subtype>/",
    { "text/10-a.wasm": "" },
    () => 'recipe path "text/10-a.wasm" must match <type>/<subtype>/<file>',
  ],
  [
    "a bad name, even when disabled",
    { "text/plain/-x1-a.wasm": "" },
    () => 'invalid recipe filename "text/plain/-x1-a.wasm": filename prefix must be two digits',
  ],
];

for (const [what, files, message] of DISCOVERY_ERRORS) {
  Deno.test(`discoverRecipes() refuses ${what}`, async () => {
    await withTempDir(async (dir) => {
      await writeTree(dir, files);
      assert.throws(() => discoverRecipes(dir), { name: "QipError", message: message(dir) });
    });
  });
}

Deno.test("discoverRecipes() refuses a symlinked module", async () => {
  await withTempDir(async (dir) => {
    await Deno.mkdir(`${dir}/text/plain`, { recursive: true });
    await Deno.symlink(`${E}/hello.wasm`, `${dir}/text/plain/10-hello.wasm`);
    assert.throws(() => discoverRecipes(dir), {
      message: `recipe entry "${dir}/text/plain/10-hello.wasm" must be a regular file`,
    });
  });
});

/** Copies modules into `<recipes>/<mime>/<name>` for each `[name, source]`. */
async function writeChain(recipes: string, mime: string, modules: Array<[string, string]>) {
  await Deno.mkdir(`${recipes}/${mime}`, { recursive: true });
  for (const [name, source] of modules) await Deno.copyFile(source, `${recipes}/${mime}/${name}`);
}

Deno.test("devHandler() runs the chain in prefix order and skips disabled modules", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "site/a.txt": "world" });
    await writeChain(`${dir}/recipes`, "text/plain", [
      ["20-upper.wasm", `${M}/upper-functions.wasm`],
      ["10-hello.wasm", `${E}/hello.wasm`],
      ["-15-reverse.wasm", `${M}/reverse-bytes.wasm`],
    ]);
    await writeChain(`${dir}/recipes`, "text/css", [
      ["10-upper.wasm", `${M}/upper-functions.wasm`],
      ["20-hello.wasm", `${E}/hello.wasm`],
    ]);
    await writeTree(dir, { "site/b.css": "world" });
    const sources = { contentDir: `${dir}/site`, recipesDir: `${dir}/recipes` };
    await withTestServer(sources, async ({ url, logText }) => {
      const plain = await fetchText(`${url}/a.txt`);
      assert.equal(plain.text, "HELLO, WORLD");
      assert.equal(plain.headers.get("content-type"), "text/plain; charset=utf-8");
      const css = await fetchText(`${url}/b.css`);
      assert.equal(css.text, "Hello, WORLD");
      assert.equal(css.headers.get("content-type"), "text/css; charset=utf-8");
      assert.match(logText(), /dev: loaded 2 recipe mime chains from .*\/recipes\n/);
      assert.match(
        logText(),
        /dev: GET \/a.txt status=200 duration_ms=\d+ instantiation_ms=0 module_durations_ms=\[\d+,\d+\]\n/,
      );
    });
  });
});

Deno.test("devHandler() renders markdown through the example chain as HTML", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "site/guide/start.md": "# Start\n\nSee https://example.com now\n" });
    await copyMarkdownRecipes(`${dir}/recipes`);
    const sources = { contentDir: `${dir}/site`, recipesDir: `${dir}/recipes` };
    await withTestServer(sources, async ({ url }) => {
      const response = await fetchText(`${url}/guide/start`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get("content-type"), "text/html; charset=utf-8");
      assert.match(response.text, /^<!doctype html>/);
      assert.ok(response.text.includes("<h1>Start</h1>"));
      assert.ok(response.text.includes('<a href="https://example.com">https://example.com</a>'));
      assert.ok(!response.text.endsWith("\n\n"));
    });
  });
});

Deno.test("devHandler() formats i32 output as %08x lines (bytes-as-i32.wasm)", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "site/data.json": "AB" });
    await writeChain(`${dir}/recipes`, "application/json", [
      ["10-i32.wasm", `${M}/bytes-as-i32.wasm`],
    ]);
    const sources = { contentDir: `${dir}/site`, recipesDir: `${dir}/recipes` };
    await withTestServer(sources, async ({ url }) => {
      const response = await fetchText(`${url}/data.json`);
      assert.equal(response.text, "00000041\n00000042\nffffffff\n");
      assert.equal(response.headers.get("content-type"), "application/json");
    });
  });
});

Deno.test("devHandler() prints a scalar stage's Ran: N line on stdout (scalar-length.wasm)", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "site/a.txt": "hello" });
    await writeChain(`${dir}/recipes`, "text/plain", [["10-len.wasm", `${M}/scalar-length.wasm`]]);
    const sources = { contentDir: `${dir}/site`, recipesDir: `${dir}/recipes` };
    await withTestServer(sources, async ({ url, stdoutText }) => {
      const response = await fetchText(`${url}/a.txt`);
      assert.equal(response.status, 200);
      assert.equal(response.text, "");
      assert.equal(stdoutText(), "Ran: 5\n");
    });
  });
});

Deno.test("devHandler() answers 500 with the chain's message (trap-unreachable.wasm)", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "site/a.txt": "x", "site/b.css": "fine" });
    await writeChain(`${dir}/recipes`, "text/plain", [[
      "10-trap.wasm",
      `${M}/trap-unreachable.wasm`,
    ]]);
    const sources = { contentDir: `${dir}/site`, recipesDir: `${dir}/recipes` };
    await withTestServer(sources, async ({ url, logText }) => {
      const response = await fetchText(`${url}/a.txt`);
      assert.equal(response.status, 500);
      assert.equal(response.headers.get("content-type"), "text/html; charset=utf-8");
      assert.equal(response.headers.get("etag"), null);
      assert.match(response.text, /<pre>\S+\nwasm error: unreachable.*<\/pre>$/);
      assert.match(
        logText(),
        /dev: GET \/a.txt error=wasm error: unreachable.* module_durations_ms=\[\d+\]\n/,
      );
      assert.equal((await fetchText(`${url}/b.css`)).text, "fine");
    });
  });
});

Deno.test("startDevServer() refuses a module that does not compile", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "site/a.txt": "x", "recipes/text/plain/10-bad.wasm": "not wasm" });
    const sources = { contentDir: `${dir}/site`, recipesDir: `${dir}/recipes` };
    await assert.rejects(withTestServer(sources, () => Promise.resolve()), {
      name: "QipError",
      message: /^Wasm module could not be compiled/,
    });
  });
});
