/**
 * `mod.ts` is ready for JSR as far as this repository can make it: `deno publish --dry-run`
 * finds no slow types and packs only the runtime's files (deno.json `publish`). Two problems are
 * known and listed here until they are settled: the project has no licence yet (its owner's
 * choice), and the worker scripts declare `/// <reference lib="deno.worker" />`.
 */

import assert from "node:assert/strict";
import { REPO_ROOT } from "../support/run_qip.ts";

const PENDING = new Set(["missing-license", "banned-triple-slash-directives"]);

Deno.test("deno publish --dry-run finds no slow types and no other problem", async () => {
  const { stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["publish", "--dry-run", "--allow-dirty"],
    cwd: REPO_ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const output = new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
  assert.match(output, /Checking for slow types in the public API/);
  const problems = [...output.matchAll(/^error\[([\w-]+)\]/gm)].map((match) => match[1]!);
  assert.deepEqual(problems.filter((code) => !PENDING.has(code)), [], output);
  assert.doesNotMatch(output, /Failed to create a tarball/, output);
});
