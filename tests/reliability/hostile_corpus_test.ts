/**
 * The hostile-module corpus (fixtures/hostile, docs/reliability.md): every module fails with
 * exactly its manifest's stderr line and exit code 1, prints nothing and never crashes the
 * host. All of them run in-process through the loader, the rewriter and the worker pool; a
 * representative subset also runs through the real launcher; a few runaways have their CPU
 * measured after the limit. `scripts/check_hostile_modules.ts` measures it for all of them.
 */
import assert from "node:assert/strict";
import { describeMismatch, readHostileManifest } from "../../scripts/check_hostile_modules.ts";
import {
  compareWithDir,
  generateHostileCorpus,
  type ManifestEntry,
} from "../../scripts/generate_hostile_modules.ts";
import { cpuMsDuring, runHostile } from "../../scripts/hostile/run_hostile.ts";
import { runHostileWithLauncher } from "../../scripts/hostile/run_hostile_launcher.ts";
import { WorkerPool } from "../../src/sandbox/mod.ts";
import { REPO_ROOT } from "../support/run_qip.ts";

const manifest = await readHostileManifest(REPO_ROOT);

/** One module per kind of hostility, run through `scripts/qip` (forms: `qip form`) as users run it. */
const LAUNCHER_SUBSET = [
  "loop-in-run.wasm",
  "loop-in-start-section.wasm",
  "atomic-wait-forever.wasm",
  "deep-recursion.wasm",
  "many-memories-at-policy.wasm",
  "table-initial-10m.wasm",
  "exnref-chain-in-global.wasm",
  "custom-sections-40k-tiny.wasm",
  "import-tag.wasm",
  "truncated-half.wasm",
  "output-ptr-wraps.wasm",
  "uncaught-exception-in-run.wasm",
  "input-cap-v128-global.wasm",
  "wrong-pin.wasm",
  "form-output-out-of-bounds.wasm",
  "form-run-throws.wasm",
  "tile-halo-4gib-one-page.wasm",
  "tile-halo-host-work.wasm",
  "input-flood-small-cap.wasm",
  "escape-store-into-cancel-memory.wasm",
  "straight-line-fills-256mib.wasm",
];

/**
 * Runaways whose CPU is measured in CI: a loop, function entries only, an export function, one
 * bulk instruction (chunked).
 */
const CPU_SUBSET = [
  "loop-throw-catch.wasm",
  "mutual-tail-recursion.wasm",
  "loop-in-output-cap.wasm",
  "one-fill-of-1gib.wasm",
];

function entry(file: string): ManifestEntry {
  const found = manifest.modules.find((candidate) => candidate.file === file);
  assert.ok(found !== undefined, `${file} is in the manifest`);
  return found;
}

Deno.test("generate_hostile_modules.ts writes exactly the committed fixtures/hostile", async () => {
  const files = await generateHostileCorpus();
  assert.deepEqual(await compareWithDir(`${REPO_ROOT}/fixtures/hostile`, files), []);
  assert.ok(files.size - 1 >= 50, `${files.size - 1} modules in the corpus`);
});

Deno.test("every hostile module fails with its exact message and exit code 1, and prints nothing", async (t) => {
  const pool = new WorkerPool({ size: 1 });
  try {
    for (const module of manifest.modules) {
      await t.step(module.file, async () => {
        const outcome = await runHostile(module, { pool, root: REPO_ROOT });
        assert.equal(describeMismatch(module, outcome), undefined);
      });
    }
  } finally {
    pool.close();
  }
});

Deno.test("a stopped runaway gives its core back, and its worker runs the next job", async (t) => {
  const pool = new WorkerPool({ size: 1 });
  try {
    for (const file of CPU_SUBSET) {
      await t.step(file, async () => {
        const outcome = await runHostile(entry(file), { pool, root: REPO_ROOT });
        assert.equal(outcome.stderr, entry(file).stderr);
        // A worker still spinning would burn a whole core: ~500 ms of CPU in this window.
        const cpuMs = await cpuMsDuring(500);
        assert.ok(cpuMs < 150, `${cpuMs.toFixed(0)} ms of CPU in the 500 ms after the limit`);
      });
    }
    const benign = await runHostile(entry("output-over-cap.wasm"), { pool, root: REPO_ROOT });
    assert.equal(benign.stderr, entry("output-over-cap.wasm").stderr, "the worker is reusable");
  } finally {
    pool.close();
  }
});

Deno.test("the real launcher prints the same line and exits 1 (representative subset)", async (t) => {
  for (const file of LAUNCHER_SUBSET) {
    await t.step(file, async () => {
      const outcome = await runHostileWithLauncher(entry(file), REPO_ROOT);
      assert.equal(describeMismatch(entry(file), outcome), undefined);
    });
  }
});
