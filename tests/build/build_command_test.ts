/**
 * `qip build` against `qip dev`: both run as real processes on the same folders, and every route
 * the build wrote must be byte for byte what the server answers, with the same ETag and
 * Content-Type.
 */
import assert from "node:assert/strict";
import { copyMarkdownRecipes, freePort, startDevProcess, writeTree } from "../dev/_dev_support.ts";
import { REPO_ROOT, runQip } from "../support/run_qip.ts";
import { withTempDir } from "../support/temp_dir.ts";

interface Manifest {
  version: number;
  routes: Record<string, { file: string; contentType: string; etag: string }>;
}

async function makeSite(dir: string): Promise<void> {
  await writeTree(dir, {
    "content/index.md": "# Home\n\nWelcome, *all*.\n",
    "content/guide/start.md": "# Start\n\nSee https://example.com/ and `code`.\n",
    "content/guide/index.md": "# Guide\n",
    "content/contact.html": '<html><body><qip-form name="email"></qip-form></body></html>',
    "content/style.css": "body { margin: 0 }\n",
    "content/LICENSE": "Public domain.\n",
    "content/data/blob.bin": new Uint8Array([0, 255, 1, 254, 10, 13]),
  });
  await copyMarkdownRecipes(`${dir}/recipes`);
  await Deno.mkdir(`${dir}/forms`);
  await Deno.copyFile(`${REPO_ROOT}/examples/form-email-message.wasm`, `${dir}/forms/email.wasm`);
}

Deno.test("qip build writes every route qip dev serves, same bytes, ETag and type", async () => {
  await withTempDir(async (dir) => {
    await makeSite(dir);
    const env = { QIP_CACHE_DIR: `${dir}/cache` };
    const folders = [`${dir}/content`, "--recipes", `${dir}/recipes`, "--forms", `${dir}/forms`];
    const build = await runQip(["build", ...folders, "-o", `${dir}/site`], { env });
    assert.equal(build.code, 0, build.stderr);
    assert.match(build.stderr, /^12 routes: 11 written, 0 unchanged, 0 removed, 0 failed in /);
    const manifest: Manifest = JSON.parse(
      await Deno.readTextFile(`${dir}/site/.qip/manifest.json`),
    );
    assert.equal(manifest.routes["/guide/start"]?.file, "guide/start/index.html");
    assert.equal(manifest.routes["/guide/"]?.file, "guide/index.html");
    assert.equal(manifest.routes["/data/blob.bin"]?.file, "data/blob.bin");

    const dev = await startDevProcess(folders);
    try {
      await dev.waitFor("dev: indexed 12 request paths");
      for (const [route, entry] of Object.entries(manifest.routes)) {
        const path = route.split("/").map(encodeURIComponent).join("/");
        const response = await fetch(`http://127.0.0.1:${dev.port}${path}`);
        const served = new Uint8Array(await response.arrayBuffer());
        assert.equal(response.status, 200, route);
        assert.deepEqual(await Deno.readFile(`${dir}/site/${entry.file}`), served, route);
        assert.equal(response.headers.get("etag"), entry.etag, route);
        assert.equal(response.headers.get("content-type"), entry.contentType, route);
      }
    } finally {
      await dev.stop("SIGTERM");
    }
    // The page with a form carries the runtime and the module inline, as qip dev serves it.
    assert.match(await Deno.readTextFile(`${dir}/site/contact.html`), /<script type="module">/);
  });
});

Deno.test("qip build: a rebuild with nothing changed runs no module and rewrites nothing", async () => {
  await withTempDir(async (dir) => {
    await makeSite(dir);
    const env = { QIP_CACHE_DIR: `${dir}/cache` };
    const args = [
      "build",
      `${dir}/content`,
      "--recipes",
      `${dir}/recipes`,
      "--forms",
      `${dir}/forms`,
      "-o",
      `${dir}/site`,
      "-v",
    ];
    const first = await runQip(args, { env });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /result cache: 0 hits, 3 misses, 3 stored, 0 evicted\n/);
    const before = await Deno.readFile(`${dir}/site/.qip/manifest.json`);
    const second = await runQip(args, { env });
    assert.match(second.stderr, /result cache: 3 hits, 0 misses, 0 stored, 0 evicted\n/);
    assert.match(second.stderr, /12 routes: 0 written, 11 unchanged, 0 removed, 0 failed in /);
    assert.doesNotMatch(second.stderr, /module_durations_ms/);
    assert.deepEqual(await Deno.readFile(`${dir}/site/.qip/manifest.json`), before);
    // A removed page takes its files (and emptied directories) with it.
    await Deno.remove(`${dir}/content/guide`, { recursive: true });
    const third = await runQip(args, { env });
    assert.match(third.stderr, /7 routes: 0 written, 7 unchanged, 4 removed, 0 failed in /);
    await assert.rejects(Deno.stat(`${dir}/site/guide`), Deno.errors.NotFound);
  });
});

Deno.test("qip dev answers from the results a qip build stored, without running a module", async () => {
  await withTempDir(async (dir) => {
    await makeSite(dir);
    const env = { QIP_CACHE_DIR: `${dir}/cache` };
    const folders = [`${dir}/content`, "--recipes", `${dir}/recipes`];
    // Without --forms the page with a form fails (both of its routes), and the rest is built.
    const build = await runQip(["build", ...folders, "-o", `${dir}/site`], { env });
    assert.equal(build.code, 1);
    const why = "qip-form tags detected, but no form modules are loaded (pass --forms <forms_dir>)";
    assert.deepEqual(build.stderr.trimEnd().split("\n").slice(0, -1).sort(), [
      `/contact.html: ${why}`,
      `/contact: ${why}`,
    ]);
    assert.match(build.stderr, /12 routes: 9 written, 0 unchanged, 0 removed, 2 failed in /);
    const port = freePort();
    const child = new Deno.Command(`${REPO_ROOT}/scripts/qip`, {
      args: ["dev", ...folders, "-p", String(port)],
      env: { ...env, QIP_DENO: Deno.execPath(), NO_COLOR: "1" },
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const lines = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
    let log = "";
    const readUntil = async (text: string) => {
      while (!log.includes(text)) {
        const { value, done } = await lines.read();
        if (done) throw new Error(`qip dev ended before "${text}":\n${log}`);
        log += value;
      }
    };
    try {
      await readUntil("dev: listening on");
      const response = await fetch(`http://127.0.0.1:${port}/guide/start`);
      assert.equal(response.status, 200);
      assert.deepEqual(
        new Uint8Array(await response.arrayBuffer()),
        await Deno.readFile(`${dir}/site/guide/start/index.html`),
      );
      await readUntil("dev: GET /guide/start ");
      assert.match(log, /dev: GET \/guide\/start status=200 duration_ms=\d+ memo=hit\n/);
    } finally {
      child.kill("SIGTERM");
      await lines.cancel();
      await child.status;
    }
  });
});

Deno.test("qip build refuses an output folder inside the content folder", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "content/index.md": "# x" });
    const result = await runQip(["build", `${dir}/content`, "-o", `${dir}/content/dist`]);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr,
      `Cannot build into ${dir}/content/dist: it is inside the content directory ${dir}/content\n`,
    );
    await assert.rejects(Deno.stat(`${dir}/content/dist`), Deno.errors.NotFound);
  });
});
