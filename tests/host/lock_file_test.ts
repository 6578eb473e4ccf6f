import assert from "node:assert/strict";
import { formatLock, LockFile, parseLock } from "../../src/host/mod.ts";
import { withTempDir } from "../support/temp_dir.ts";

const A = "a".repeat(64);
const B = "b".repeat(64);

Deno.test("formatLock() writes a header and pinned URLs in code-point order", () => {
  assert.equal(
    formatLock(new Map([["https://b.example/m.wasm", B], ["https://a.example/m.wasm", A]])),
    [
      "# qip lock file: one pinned URL per remote module, sorted. Written by qip --lock.",
      "# A module whose bytes change is refused; delete its line to accept the new bytes.",
      `https://a.example/m.wasm#sha256=${A}`,
      `https://b.example/m.wasm#sha256=${B}`,
      "",
    ].join("\n"),
  );
});

Deno.test("parseLock() reads what formatLock() writes, skipping comments and blank lines", () => {
  const digests = new Map([["https://a.example/m.wasm", A], ["http://localhost:8/m.wasm", B]]);
  assert.deepEqual(parseLock(`${formatLock(digests)}\n  # note\n`, "qip.lock"), digests);
});

Deno.test("parseLock() names the line of a malformed entry (a path, no pin, two digests)", () => {
  const cases: Array<[string, string]> = [
    [`m.wasm#sha256=${A}`, "line 1: expected a URL ending in #sha256= and 64 hex digits"],
    ["# c\nhttps://a/m.wasm", "line 2: expected a URL ending in #sha256= and 64 hex digits"],
    ["https://a/m.wasm#sha256=12", "line 1: expected a URL ending in #sha256= and 64 hex digits"],
    [
      `https://a/m.wasm#sha256=${A}\nhttps://a/m.wasm#sha256=${B}`,
      "line 2: https://a/m.wasm is listed twice with different digests",
    ],
  ];
  for (const [text, detail] of cases) {
    assert.throws(() => parseLock(text, "qip.lock"), {
      message: `Cannot read lock file: qip.lock ${detail}`,
    });
  }
});

Deno.test("LockFile.save() writes only when a URL was recorded (no churn on re-runs)", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/qip.lock`;
    const first = await LockFile.open(path);
    assert.equal(await first.save(), false, "nothing recorded, no file created");
    await assert.rejects(Deno.stat(path), Deno.errors.NotFound);
    first.record("https://a.example/m.wasm", A);
    assert.equal(await first.save(), true);
    await Deno.writeTextFile(path, `# my own note\n${await Deno.readTextFile(path)}`);
    const second = await LockFile.open(path);
    assert.equal(second.digestOf("https://a.example/m.wasm"), A);
    second.record("https://a.example/m.wasm", A);
    assert.equal(await second.save(), false, "the same digest again changes nothing");
    assert.ok((await Deno.readTextFile(path)).startsWith("# my own note\n"));
    second.record("https://b.example/m.wasm", B);
    assert.equal(await second.save(), true);
    assert.equal(
      await Deno.readTextFile(path),
      formatLock(
        new Map([
          ["https://a.example/m.wasm", A],
          ["https://b.example/m.wasm", B],
        ]),
      ),
    );
    assert.deepEqual([...Deno.readDirSync(dir)].map((entry) => entry.name), ["qip.lock"]);
  });
});

Deno.test("LockFile.open() reports an unreadable lock file (a directory)", async () => {
  await withTempDir(async (dir) => {
    await assert.rejects(LockFile.open(dir), (error: Error) => {
      assert.match(error.message, new RegExp(`^Cannot read lock file: open ${dir}: `));
      return true;
    });
  });
});
