/**
 * The release workflow cannot run here; what it depends on is checked offline: it builds with
 * `deno task compile` only (so its binaries get exactly the launcher's flags, tested in
 * compile_test.ts), for the five platforms the issue names, with target triples this Deno
 * accepts; it smoke-tests with files that exist; and its tag check agrees with deno.json.
 */

import assert from "node:assert/strict";
import { tagMismatch, tagVersion } from "../../scripts/check_release_tag.ts";
import { REPO_ROOT } from "../support/run_qip.ts";
import config from "../../deno.json" with { type: "json" };

const workflow = await Deno.readTextFile(`${REPO_ROOT}/.github/workflows/release.yml`);
const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
  "x86_64-pc-windows-msvc",
];

Deno.test("the release workflow builds the five targets with deno task compile only", () => {
  const matrixTargets = [...workflow.matchAll(/^\s*- target: (\S+)$/gm)].map((match) => match[1]);
  assert.deepEqual(matrixTargets, TARGETS);
  assert.match(workflow, /run: deno task compile --target "\$\{\{ matrix\.target \}\}" --output/);
  // A hand-written `deno compile` would drift from scripts/runtime-flags.txt.
  assert.doesNotMatch(workflow, /deno compile/);
  assert.ok(workflow.includes('on:\n  push:\n    tags: ["v*"]'), "the workflow runs on v* tags");
  assert.match(workflow, /scripts\/check_release_tag\.ts "\$GITHUB_REF_NAME"/);
  assert.match(workflow, /sha256sum qip-\* > SHA256SUMS/);
  assert.match(workflow, new RegExp(`DENO_VERSION: "${Deno.version.deno.replaceAll(".", "\\.")}"`));
});

Deno.test("every release target is one deno compile accepts", async () => {
  const { stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["compile", "--target", "not-a-target", `${REPO_ROOT}/main.ts`],
    env: { NO_COLOR: "1" },
    stderr: "piped",
  }).output();
  const accepted = new TextDecoder().decode(stderr).match(/possible values: ([^\n]+)/)?.[1];
  assert.ok(accepted !== undefined, "deno compile did not list its targets");
  for (const target of TARGETS) assert.ok(accepted.split(", ").includes(target), target);
});

Deno.test("the smoke test uses files of this repository", async () => {
  const smoke = workflow.slice(workflow.indexOf("name: Smoke test"));
  const paths = [...smoke.matchAll(/\b(?:examples|fixtures)\/[\w./-]+/g)].map((match) => match[0]);
  assert.ok(paths.length >= 2);
  for (const path of paths) await Deno.stat(`${REPO_ROOT}/${path}`);
});

Deno.test("the tag check accepts exactly deno.json's version", async () => {
  assert.equal(tagVersion("v1.2.3"), "1.2.3");
  assert.equal(tagVersion("refs/tags/v1.2.3"), "1.2.3");
  assert.equal(tagMismatch(`v${config.version}`, config.version), undefined);
  assert.match(tagMismatch("v99.0.0", config.version)!, /deno\.json says/);
  const run = (tag: string) =>
    new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--no-prompt",
        "--allow-read",
        `${REPO_ROOT}/scripts/check_release_tag.ts`,
        tag,
      ],
      env: { NO_COLOR: "1" },
      stdout: "null",
      stderr: "piped",
    }).output();
  assert.equal((await run(`v${config.version}`)).code, 0);
  const wrong = await run("v99.0.0");
  assert.equal(wrong.code, 1);
  assert.equal(
    new TextDecoder().decode(wrong.stderr),
    `release tag v99.0.0 names version 99.0.0, but deno.json says ${config.version}: ` +
      `bump "version" in deno.json or tag v${config.version}\n`,
  );
});
