import assert from "node:assert/strict";
import { importProblems, readSourceFiles } from "../../scripts/check_imports.ts";
import { REPO_ROOT } from "../support/run_qip.ts";

Deno.test("src/ keeps the layer rules: one direction, mod.ts entries, private files, named exports", async () => {
  assert.deepEqual(importProblems(await readSourceFiles(REPO_ROOT)), []);
});

Deno.test("the import check reports each kind of broken rule, from real files", async () => {
  const root = await Deno.makeTempDir();
  const files: Record<string, string> = {
    "mod.ts": 'export { run } from "./src/pipeline/run.ts";\n',
    "src/errors.ts": "export class QipError extends Error {}\n",
    "src/pipeline/mod.ts": 'export * from "./run.ts";\n',
    "src/pipeline/run.ts": [
      'import { QipError } from "../errors.ts";',
      'import { loadModule } from "../host/mod.ts";',
      'import { parse } from "../contracts/parse.ts";',
      'import { helper } from "../contracts/_helper.ts";',
      'import { x } from "../../outside.ts";',
      "/**",
      ' * import { fine } from "../host/load.ts"; (a doc example is not an import)',
      " */",
      "export const run = () => [QipError, loadModule, parse, helper, x];",
    ].join("\n"),
    "src/contracts/mod.ts": 'export { parse } from "./parse.ts";\n',
    "src/contracts/parse.ts":
      'import { helper } from "./_helper.ts";\nexport const parse = helper;\n',
    "src/contracts/_helper.ts": "export const helper = 1;\n",
    "src/contracts/loose.ts": "export const loose = 1;\n",
    "src/host/mod.ts": 'export { loadModule } from "./load.ts";\n',
    "src/host/load.ts":
      'import { run } from "../pipeline/mod.ts";\nexport const loadModule = run;\n',
  };
  try {
    for (const [path, text] of Object.entries(files)) {
      await Deno.mkdir(`${root}/${path.split("/").slice(0, -1).join("/")}`, { recursive: true });
      await Deno.writeTextFile(`${root}/${path}`, text);
    }
    assert.deepEqual(importProblems(await readSourceFiles(root)), [
      "src/contracts/loose.ts: its folder's mod.ts does not export from it: prefix it with _ or export it",
      "mod.ts:1: the public mod.ts takes ./src/pipeline/run.ts: use the layer's mod.ts",
      "src/pipeline/mod.ts:1: export * re-exports a whole file: name the exports",
      "src/pipeline/run.ts:2: pipeline may not import host (../host/mod.ts): host is above it",
      "src/pipeline/run.ts:3: deep import ../contracts/parse.ts: enter contracts/ through its mod.ts",
      "src/pipeline/run.ts:4: imports ../contracts/_helper.ts, a file private to src/contracts/",
      "src/pipeline/run.ts:5: imports ../../outside.ts, outside src/",
    ]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
