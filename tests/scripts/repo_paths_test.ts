/**
 * The repository stands alone: no tracked file refers to a path outside it, so a fresh clone with
 * nothing beside it runs every test, script and benchmark.
 */

import assert from "node:assert/strict";
import { dirname, relative, resolve } from "node:path";
import { REPO_ROOT } from "../support/run_qip.ts";

const BINARY = /\.(wasm|jpg|jpeg|png|bmp|gif|pem|db|sqlite)$/i;

async function trackedTextFiles(): Promise<string[]> {
  const { stdout } = await new Deno.Command("git", {
    args: ["ls-files", "-z"],
    cwd: REPO_ROOT,
    stdout: "piped",
  }).output();
  return new TextDecoder().decode(stdout).split("\0").filter((path) =>
    path !== "" && !BINARY.test(path)
  );
}

/** Relative specifiers in imports and `new URL(…, import.meta.url)`, which resolve from the file. */
const RELATIVE_SPECIFIER =
  /(?:from\s+|import\s*\(\s*|new URL\(\s*)["'`]((?:\.\.?\/)+[^"'`$]*)["'`]/g;
/** A path built from the repository root that climbs out of it, e.g. `${REPO_ROOT}/../x`. */
const ROOT_CLIMB = /ROOT\}?\/?\.\.\//;

/** Every reference in `text` (a file at `path`) that leaves the repository, as `line: snippet`. */
/**
 * Absolute paths that are machine-specific by definition: the checkout itself and the shared
 * folder beside it. (Not the parent folder as a whole: a clone in /tmp would flag every /tmp/.)
 */
/** The climb to the shared folder beside a checkout, spelled so this file does not contain it. */
const SHARED_CLIMB = ["..", "shared", ""].join("/");

function machinePaths(root: string): string[] {
  return [`${root}/`, `${dirname(root)}/shared`];
}

function outsideReferences(path: string, text: string, machine: readonly string[]): string[] {
  const found: string[] = [];
  // A Markdown block marked ```ts file=<path> shows that file: its imports are relative to it.
  let blockFile: string | undefined;
  text.split("\n").forEach((line, index) => {
    const where = `${path}:${index + 1}`;
    const fence = line.match(/^```\S*(?:\s+file=(\S+))?/);
    if (fence !== null) blockFile = blockFile === undefined ? fence[1] ?? "" : undefined;
    const base = blockFile ? dirname(blockFile) : dirname(path);
    if (line.includes(SHARED_CLIMB) || ROOT_CLIMB.test(line)) {
      found.push(`${where}: ${line.trim()}`);
    }
    if (machine.some((prefix) => line.includes(prefix))) found.push(`${where}: ${line.trim()}`);
    for (const match of line.matchAll(RELATIVE_SPECIFIER)) {
      const target = resolve(REPO_ROOT, base, match[1]!);
      if (relative(REPO_ROOT, target).startsWith("..")) found.push(`${where}: ${match[1]}`);
    }
  });
  return found;
}

Deno.test("no tracked file refers to a path outside the repository", async () => {
  const machine = machinePaths(REPO_ROOT);
  const files = await trackedTextFiles();
  assert.ok(files.length > 100, `git ls-files listed only ${files.length} files`);
  const found: string[] = [];
  // This file holds one example of each pattern, as the cases of the test below.
  for (const path of files.filter((path) => path !== "tests/scripts/repo_paths_test.ts")) {
    const text = await Deno.readTextFile(`${REPO_ROOT}/${path}`).catch(() => "");
    found.push(...outsideReferences(path, text, machine));
  }
  assert.deepEqual(found, []);
});

Deno.test("the path check catches each way of leaving the repository", () => {
  const machine = machinePaths(REPO_ROOT);
  const cases = [
    `await Deno.readFile(\`\${REPO_ROOT}/${SHARED_CLIMB}fixtures/a.txt\`);`,
    `const a = "${REPO_ROOT}/fixtures/file.txt";`,
    `const b = "${dirname(REPO_ROOT)}/shared/spec/cli.md";`,
    'import { x } from "../../../elsewhere/mod.ts";',
    'const u = new URL("../../../x.wasm", import.meta.url);',
  ];
  for (const line of cases) {
    assert.equal(outsideReferences("tests/a/b.ts", line, machine).length, 1, line);
  }
  assert.deepEqual(
    outsideReferences("tests/a/b.ts", 'import { y } from "../../src/mod.ts";', machine),
    [],
  );
  // A Markdown block that shows a file resolves its imports from that file, and only there.
  const shown = 'import { z } from "../../mod.ts";';
  const doc = ["```ts file=examples/library/run.ts", shown, "```", shown].join("\n");
  assert.deepEqual(outsideReferences("docs/library.md", doc, machine), [
    "docs/library.md:4: ../../mod.ts",
  ]);
});
