/** The glob matcher, input expansion's extension rule and shard assignment. */
import assert from "node:assert/strict";
import { globRoot, globToRegExp, isGlob } from "../../src/batch/glob.ts";
import { replaceExtension } from "../../src/batch/batch_inputs.ts";
import { inShard, parseShard } from "../../src/batch/shard.ts";

Deno.test("globs: * and ? stay in one segment, ** spans segments, [...] classes", () => {
  const cases: [string, string, boolean][] = [
    ["*.md", "a.md", true],
    ["*.md", "x/a.md", false],
    ["**/*.md", "a.md", true],
    ["**/*.md", "x/y/a.md", true],
    ["x/**", "x/y/z", true],
    ["a?.txt", "ab.txt", true],
    ["a?.txt", "a/.txt", false],
    ["p[0-9].jpg", "p7.jpg", true],
    ["p[!0-9].jpg", "p7.jpg", false],
    ["p[!0-9].jpg", "px.jpg", true],
    ["a+b(c).md", "a+b(c).md", true],
  ];
  for (const [glob, path, expected] of cases) {
    assert.equal(globToRegExp(glob).test(path), expected, `${glob} vs ${path}`);
  }
  assert.equal(globRoot("content/**/*.md"), "content");
  assert.equal(globRoot("./photos/*.jpg"), "./photos");
  assert.equal(globRoot("*.md"), ".");
  assert.ok(isGlob("a/*.md") && !isGlob("a/b.md"));
});

Deno.test("--ext replaces the last segment's extension or adds one", () => {
  assert.equal(replaceExtension("a/b.md", ".html"), "a/b.html");
  assert.equal(replaceExtension("a.d/README", ".html"), "a.d/README.html");
  assert.equal(replaceExtension("a/.profile", ".x"), "a/.profile.x");
  assert.equal(replaceExtension("a/b.md", undefined), "a/b.md");
});

Deno.test("shards partition any set of paths, each path in exactly one shard", () => {
  const paths = Array.from({ length: 500 }, (_, index) => `dir${index % 7}/file-${index}.md`);
  for (const count of [1, 2, 3, 8]) {
    const sizes = Array.from({ length: count }, () => 0);
    for (const path of paths) {
      const owners = sizes.map((_, index) => inShard(path, { index: index + 1, count }));
      assert.equal(owners.filter(Boolean).length, 1, path);
      sizes[owners.indexOf(true)]!++;
    }
    for (const size of sizes) assert.ok(size > 0, `an empty shard of ${count}`);
  }
  assert.deepEqual(parseShard("3/8"), { index: 3, count: 8 });
  for (const bad of ["0/3", "4/3", "1", "a/b", "1/0"]) assert.throws(() => parseShard(bad));
});
