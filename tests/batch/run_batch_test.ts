/**
 * `qip run` batch mode end to end: the real launcher, real modules, real workers, temp dirs.
 */
import assert from "node:assert/strict";
import { REPO_ROOT, runQip } from "../support/run_qip.ts";
import { withTempDir } from "../support/temp_dir.ts";

const HELLO = "examples/hello.wasm";

/** Writes `files` (relative path → text) under `root`. */
async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [rel, text] of Object.entries(files)) {
    const path = `${root}/${rel}`;
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(path, text);
  }
}

/** Every file under `root`, relative, sorted. */
async function listTree(root: string): Promise<string[]> {
  const found: string[] = [];
  const visit = async (dir: string, rel: string) => {
    for await (const entry of Deno.readDir(dir)) {
      const child = rel === "" ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory) await visit(`${dir}/${entry.name}`, child);
      else found.push(child);
    }
  };
  await visit(root, "");
  return found.sort();
}

Deno.test("qip run -i <dir> -o <dir> writes each output at its relative path, bytes exactly", async () => {
  await withTempDir(async (dir) => {
    await writeTree(`${dir}/in`, { "a.txt": "Ada", "sub/b.txt": "Bob", "sub/deep/c": "Cy" });
    const result = await runQip(
      ["run", "-i", `${dir}/in`, "-o", `${dir}/out`, "--ext", ".html", "--no-cache", HELLO],
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdoutText, "");
    assert.match(result.stderr, /^3 written, 0 unchanged, 0 failed in \S+\n$/);
    assert.deepEqual(await listTree(`${dir}/out`), ["a.html", "sub/b.html", "sub/deep/c.html"]);
    // No newline appended: that rule is for a terminal.
    assert.equal(await Deno.readTextFile(`${dir}/out/sub/b.html`), "Hello, Bob");
  });
});

Deno.test("qip run batch: a failing input is one line, the others are written, exit 1", async () => {
  await withTempDir(async (dir) => {
    await writeTree(`${dir}/in`, { "good.txt": "Ann", "big.txt": "a".repeat(70_000) });
    const result = await runQip(
      ["run", "-i", `${dir}/in/*.txt`, "-o", `${dir}/out`, "--no-cache", HELLO],
    );
    assert.equal(result.code, 1);
    const lines = result.stderr.trimEnd().split("\n");
    assert.deepEqual(lines.slice(0, -1), [
      `${dir}/in/big.txt: Input is too large: stage 0 (${HELLO}): 70000 bytes, input_utf8_cap is 65536`,
    ]);
    assert.match(lines.at(-1)!, /^1 written, 0 unchanged, 1 failed in /);
    assert.deepEqual(await listTree(`${dir}/out`), ["good.txt"]);
  });
});

Deno.test("qip run batch: repeated -i and globs with ** pick the matching files only", async () => {
  await withTempDir(async (dir) => {
    await writeTree(dir, {
      "content/x.md": "x",
      "content/deep/er/y.md": "y",
      "content/skip.txt": "no",
      "content/.hidden.md": "no",
      "extra/z.md": "z",
    });
    const absolute = await runQip(
      [
        "run",
        "-i",
        "content/**/*.md",
        "-i",
        "extra/z.md",
        "-o",
        "out",
        "--no-cache",
        await Deno.realPath(HELLO),
      ],
      { cwd: dir },
    );
    assert.equal(absolute.code, 0, absolute.stderr);
    assert.deepEqual(await listTree(`${dir}/out`), ["deep/er/y.md", "x.md", "z.md"]);
  });
});

Deno.test("qip run batch: an unchanged re-run is answered by the cache and touches no output", async () => {
  await withTempDir(async (dir) => {
    await writeTree(`${dir}/in`, { "a.txt": "A", "b.txt": "B" });
    const env = { QIP_CACHE_DIR: `${dir}/cache` };
    const args = ["run", "-v", "-i", `${dir}/in`, "-o", `${dir}/out`, HELLO];
    const first = await runQip(args, { env });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /result cache: 0 hits, 2 misses, 2 stored, 0 evicted\n/);
    const before = (await Deno.stat(`${dir}/out/a.txt`)).mtime!.getTime();
    // Back-date the output so any rewrite would show in its modification time.
    const old = new Date(before - 60_000);
    await Deno.utime(`${dir}/out/a.txt`, old, old);
    const second = await runQip(args, { env });
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, /result cache: 2 hits, 0 misses, 0 stored, 0 evicted\n/);
    assert.match(second.stderr, /0 written, 2 unchanged, 0 failed in /);
    assert.equal((await Deno.stat(`${dir}/out/a.txt`)).mtime!.getTime(), old.getTime());
    // A changed input misses and is rewritten; the other still hits.
    await Deno.writeTextFile(`${dir}/in/b.txt`, "Bea");
    const third = await runQip(args, { env });
    assert.match(third.stderr, /result cache: 1 hits, 1 misses, 1 stored, 0 evicted\n/);
    assert.equal(await Deno.readTextFile(`${dir}/out/b.txt`), "Hello, Bea");
  });
});

Deno.test("qip run batch: a failure is never cached", async () => {
  await withTempDir(async (dir) => {
    await writeTree(`${dir}/in`, { "big.txt": "a".repeat(70_000) });
    const env = { QIP_CACHE_DIR: `${dir}/cache` };
    const args = ["run", "-v", "-i", `${dir}/in`, "-o", `${dir}/out`, HELLO];
    for (let run = 0; run < 2; run++) {
      const result = await runQip(args, { env });
      assert.equal(result.code, 1);
      assert.match(result.stderr, /result cache: 0 hits, 1 misses, 0 stored, 0 evicted\n/);
    }
  });
});

Deno.test("qip run batch: --shard K/N over N processes covers every input exactly once", async () => {
  await withTempDir(async (dir) => {
    const files: Record<string, string> = {};
    for (let index = 0; index < 24; index++) files[`d${index % 3}/f${index}.txt`] = `n${index}`;
    await writeTree(`${dir}/in`, files);
    const seen: string[] = [];
    for (const shard of ["1/3", "2/3", "3/3"]) {
      const out = `${dir}/out-${shard.replace("/", "of")}`;
      const result = await runQip(
        ["run", "-i", `${dir}/in`, "-o", out, "--shard", shard, "--no-cache", HELLO],
      );
      assert.equal(result.code, 0, result.stderr);
      const written = await listTree(out).catch(() => []);
      assert.ok(written.length < 24, `shard ${shard} took everything`);
      seen.push(...written);
    }
    assert.deepEqual(seen.sort(), Object.keys(files).sort());
  });
});

Deno.test("qip run batch: usage errors name what is wrong", async () => {
  await withTempDir(async (dir) => {
    await writeTree(`${dir}/in`, { "a.txt": "A" });
    const noOutput = await runQip(["run", "-i", `${dir}/in`, HELLO]);
    assert.equal(noOutput.code, 1);
    assert.match(
      noOutput.stderr,
      /-o <dir> is required with several inputs, a directory or a glob\n$/,
    );
    const badShard = await runQip([
      "run",
      "-i",
      `${dir}/in`,
      "-o",
      `${dir}/o`,
      "--shard",
      "4/3",
      HELLO,
    ]);
    assert.equal(badShard.stderr, 'Invalid shard: "4/3" (expected K/N with 1 <= K <= N)\n');
    const nothing = await runQip(["run", "-i", `${dir}/in/*.md`, "-o", `${dir}/o`, HELLO]);
    assert.equal(nothing.stderr, `No input files match "${dir}/in/*.md"\n`);
    const stdin = await runQip(["run", "-i", "-", "-i", `${dir}/in`, "-o", `${dir}/o`, HELLO]);
    assert.equal(stdin.stderr, "Cannot read stdin (-i -) in a batch: name files instead\n");
    const ext = await runQip(["run", "-i", `${dir}/in`, "-o", `${dir}/o`, "--ext", "html", HELLO]);
    assert.equal(ext.stderr, 'Invalid ext: "html" (expected a dot and a name, like .html)\n');
  });
});

Deno.test("qip run with one -i and no -o keeps the spec's single-input behaviour", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/a.txt`, "Ada");
    const result = await runQip(["run", "-i", `${dir}/a.txt`, HELLO]);
    assert.equal(result.code, 0);
    assert.equal(result.stdoutText, "Hello, Ada\n");
    assert.equal(result.stderr, "");
  });
});

Deno.test("qip run batch: Ctrl-C stops handing out inputs; what was written is whole", async () => {
  await withTempDir(async (dir) => {
    // count-loop spins input_size × 1000 times, then hello.wasm writes a page: ~20k
    // iterations per byte keep each input busy for a while.
    const files: Record<string, string> = {};
    for (let index = 0; index < 60; index++) files[`f${index}.txt`] = "x".repeat(30_000);
    await writeTree(`${dir}/in`, files);
    const child = new Deno.Command(`${REPO_ROOT}/scripts/qip`, {
      args: [
        "run",
        "-i",
        `${dir}/in`,
        "-o",
        `${dir}/out`,
        "--jobs",
        "1",
        "--no-cache",
        "--timeout-ms",
        "5000",
        "fixtures/modules/count-loop.wasm",
        HELLO,
      ],
      cwd: REPO_ROOT,
      env: { QIP_DENO: Deno.execPath(), NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    // Interrupt once the first output exists.
    const deadline = Date.now() + 60_000;
    while ((await listTree(`${dir}/out`).catch(() => [])).length === 0) {
      assert.ok(Date.now() < deadline, "no output within 60 s");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const beforeSignal = (await listTree(`${dir}/out`)).length;
    child.kill("SIGINT");
    const { code, stderr } = await child.output();
    const text = new TextDecoder().decode(stderr);
    assert.equal(code, 130, text);
    assert.match(text, /^\d+ written, 0 unchanged, 0 failed, \d+ not started \(interrupted\) in /m);
    const written = await listTree(`${dir}/out`);
    // Only the input in flight (one job) may finish after the signal, and one more may have
    // finished between counting and the signal landing.
    assert.ok(
      written.length <= beforeSignal + 2,
      `${written.length} outputs, ${beforeSignal} at Ctrl-C: the batch went on`,
    );
    for (const name of written) {
      assert.doesNotMatch(name, /\.partial$/);
      assert.equal(await Deno.readTextFile(`${dir}/out/${name}`), "Hello, World");
    }
  });
});

Deno.test("qip run batch: an output folder inside the input folder is never read back", async () => {
  await withTempDir(async (dir) => {
    await writeTree(`${dir}/docs`, { "a.md": "A", "b/c.md": "C" });
    for (const input of [`${dir}/docs`, `${dir}/./docs/**/*.md`]) {
      const result = await runQip(
        ["run", "-i", input, "-o", `${dir}/docs/site`, "--no-cache", HELLO],
      );
      assert.equal(result.code, 0, result.stderr);
    }
    assert.deepEqual(await listTree(`${dir}/docs/site`), ["a.md", "b/c.md"]);
  });
});

Deno.test("qip run batch: a chain that ends in a scalar stage has no bytes to write", async () => {
  await withTempDir(async (dir) => {
    await writeTree(`${dir}/in`, { "a.txt": "x" });
    const result = await runQip(
      [
        "run",
        "-i",
        `${dir}/in`,
        "-o",
        `${dir}/out`,
        "--no-cache",
        "fixtures/modules/count-loop.wasm",
      ],
    );
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /a\.txt: The chain ends in a scalar stage \(Ran: 562641396\): there are no output bytes to write\n/,
    );
  });
});
