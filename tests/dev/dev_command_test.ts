/**
 * `qip dev` as users run it, through the real launcher (dev-server.md §1, §8.1): start-up
 * errors are one line and exit 1, SIGHUP reloads, SIGINT/SIGTERM finish the requests in flight
 * and exit 0.
 */
import assert from "node:assert/strict";
import { runQip } from "../support/run_qip.ts";
import { withTempDir } from "../support/temp_dir.ts";
import {
  copyMarkdownRecipes,
  fetchText,
  rawGet,
  startDevProcess,
  writeTree,
} from "./_dev_support.ts";

const USAGE =
  "Usage: qip dev <content_dir> [--recipes <recipes_dir>] [--forms <forms_dir>] [--mode <dev|prod>] [-p <port>] [-v|--verbose]";

/** Runs `qip dev <args>` that must fail at start-up; returns its one stderr line. */
async function startUpError(args: string[], cwd?: string): Promise<string> {
  const result = await runQip(["dev", ...args], { cwd });
  assert.equal(result.code, 1, result.stderr);
  assert.equal(result.stdoutText, "");
  const lines = result.stderr.split("\n");
  assert.equal(lines.length, 2, result.stderr);
  assert.equal(lines[1], "");
  return lines[0]!;
}

const USAGE_ERRORS: Array<[string[], string]> = [
  [[], USAGE],
  [["a", "b"], USAGE],
  [["site", "--mode", "staging"], 'invalid mode "staging" (expected dev or prod)'],
  [["site", "-p", "0"], "Invalid port: 0"],
  [["site", "-p", "70000"], "Invalid port: 70000"],
  [["site", "--bogus"], `${USAGE} flag provided but not defined: --bogus`],
  [
    ["site", "--max-memo", "lots"],
    'Cannot set --max-memo to "lots": expected a size such as 64MiB, 512KiB or 0',
  ],
];

for (const [args, message] of USAGE_ERRORS) {
  Deno.test(`qip dev ${args.join(" ")} fails at start-up: ${message.slice(0, 40)}`, async () => {
    assert.equal(await startUpError(args), message);
  });
}

Deno.test("qip dev fails at start-up for a missing or non-directory content dir", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "file.txt": "x", "site/index.html": "x" });
    assert.equal(
      await startUpError(["nope"], dir),
      "Invalid content directory: stat nope: no such file or directory",
    );
    assert.equal(
      await startUpError(["file.txt"], dir),
      'Invalid content directory: "file.txt" is not a directory',
    );
    assert.equal(
      await startUpError(["site", "--recipes", "gone"], dir),
      "Invalid recipes directory: stat gone: no such file or directory",
    );
    assert.equal(
      await startUpError(["site", "--forms", "file.txt"], dir),
      'Invalid forms directory: "file.txt" is not a directory',
    );
  });
});

Deno.test("qip dev fails at start-up for a bad recipe name or a duplicate prefix", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "site/index.html": "x", "bad/text/plain/1-a.wasm": "" });
    await writeTree(dir, { "dup/text/plain/10-a.wasm": "", "dup/text/plain/10-b.wasm": "" });
    assert.equal(
      await startUpError(["site", "--recipes", "bad"], dir),
      'invalid recipe filename "text/plain/1-a.wasm": filename must match NN-name.wasm',
    );
    assert.equal(
      await startUpError(["site", "--recipes", "dup"], dir),
      'duplicate recipe prefix for text/plain: 10 in "dup/text/plain/10-a.wasm" and "dup/text/plain/10-b.wasm"',
    );
  });
});

Deno.test("qip dev fails at start-up when the port is in use", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "site/index.html": "x" });
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    try {
      const { port } = listener.addr as Deno.NetAddr;
      assert.equal(
        await startUpError(["site", "-p", String(port)], dir),
        `dev server error: listen tcp 127.0.0.1:${port}: bind: address already in use`,
      );
    } finally {
      listener.close();
    }
  });
});

Deno.test("qip dev reloads on SIGHUP and exits 0 on SIGINT", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "site/index.html": "home" });
    const dev = await startDevProcess([`${dir}/site`]);
    try {
      const url = `http://127.0.0.1:${dev.port}`;
      assert.equal((await fetchText(`${url}/`)).text, "home");
      await writeTree(dir, { "site/added.md": "# added" });
      assert.equal((await fetchText(`${url}/added`)).status, 404);
      dev.child.kill("SIGHUP");
      await dev.waitFor("dev: reloaded reason=signal_hup paths=4 recipe_mimes=0 forms=0");
      assert.equal((await fetchText(`${url}/added`)).text, "# added");
      await writeTree(dir, { "site/index.md": "# clash" });
      dev.child.kill("SIGHUP");
      await dev.waitFor("dev: reload failed reason=signal_hup error=duplicate route path");
      assert.equal((await fetchText(`${url}/`)).text, "home");
    } finally {
      assert.equal(await dev.stop("SIGINT"), 0);
    }
    assert.match(dev.stderr(), /dev: shutting down on SIGINT, finishing requests in flight\n$/);
  });
});

Deno.test("qip dev reloads recipes in dev mode when a module changes", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "site/index.md": "# Home" });
    await copyMarkdownRecipes(`${dir}/recipes`);
    const dev = await startDevProcess([`${dir}/site`, "--recipes", `${dir}/recipes`]);
    try {
      const url = `http://127.0.0.1:${dev.port}`;
      assert.ok((await fetchText(`${url}/`)).text.startsWith("<!doctype html>"));
      await Deno.rename(
        `${dir}/recipes/text/markdown/20-html-page-wrap.wasm`,
        `${dir}/recipes/text/markdown/-20-html-page-wrap.wasm`,
      );
      assert.equal((await fetchText(`${url}/`)).text, "<h1>Home</h1>\n");
      await dev.waitFor("dev: reloaded reason=recipe_change paths=2 recipe_mimes=1 forms=0");
    } finally {
      assert.equal(await dev.stop("SIGTERM"), 0);
    }
  });
});

Deno.test("qip dev finishes a response in flight on SIGTERM, then exits 0", async () => {
  await withTempDir(async (dir) => {
    // Large enough that the response cannot fit in the socket buffers while nobody reads it.
    const big = new Uint8Array(32 * 1024 * 1024).fill(0x61);
    await writeTree(dir, { "site/big.txt": big, "site/index.html": "home" });
    const dev = await startDevProcess([`${dir}/site`]);
    let code: number | undefined;
    try {
      const response = await fetch(`http://127.0.0.1:${dev.port}/big.txt`);
      assert.equal(response.status, 200);
      dev.child.kill("SIGTERM");
      await dev.waitFor("dev: shutting down on SIGTERM");
      // New connections are refused once shutdown began (the kernel may still accept one
      // queued connection, which the server then closes unanswered).
      await assert.rejects(
        rawGet(dev.port, "/").then((raw) => {
          if (raw.status !== 200) throw new Error("refused");
        }),
      );
      const body = new Uint8Array(await response.arrayBuffer());
      assert.equal(body.byteLength, big.byteLength);
      assert.ok(body.every((byte) => byte === 0x61));
    } finally {
      // Normally it has exited by now; SIGTERM again is a no-op then, and ends it if the test
      // failed before its SIGTERM.
      code = await dev.stop("SIGTERM");
    }
    assert.equal(code, 0);
  });
});

Deno.test("qip dev prints its start-up lines and one line per request", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "site/index.html": "home" });
    const dev = await startDevProcess([`${dir}/site`]);
    try {
      await fetchText(`http://127.0.0.1:${dev.port}/`);
      await dev.waitFor("dev: GET / status=200");
    } finally {
      assert.equal(await dev.stop("SIGTERM"), 0);
    }
    const lines = dev.stderr().trimEnd().split("\n").map((line) =>
      line.replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d /, "")
    );
    assert.equal(lines[0], `dev: indexed 2 request paths from ${dir}/site`);
    assert.equal(lines[1], `dev: listening on http://127.0.0.1:${dev.port}`);
    assert.match(
      lines[2]!,
      /^dev: send SIGHUP to reload routes, recipes, and forms: `kill -HUP \d+`$/,
    );
    assert.match(lines[3]!, /^dev: GET \/ status=200 duration_ms=\d+$/);
  });
});

Deno.test("stopping a qip dev that has already exited gives its exit code, not an error", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, { "site/index.html": "home" });
    const dev = await startDevProcess([`${dir}/site`]);
    assert.equal(await dev.stop("SIGTERM"), 0);
    // The test helper's clean-up path: the child is reaped, so a signal cannot reach it.
    assert.equal(await dev.stop("SIGKILL"), 0);
  });
});
