/**
 * Malformed binaries at scale (docs/reliability.md): seeded byte flips of every hostile-corpus
 * and example module go through the compile path. Each failure is a clean `QipError`, the
 * rewriter refuses nothing V8 accepts (atomic waits excepted) and never breaks a valid module.
 */
import assert from "node:assert/strict";
import { checkMutations } from "../../scripts/fuzz/check_mutations.ts";
import { REPO_ROOT } from "../support/run_qip.ts";

/** Mutants per module in CI: about 8000 in all, a couple of seconds. */
const PER_MODULE = 40;

function wasmFiles(dir: string): string[] {
  return [...Deno.readDirSync(`${REPO_ROOT}/${dir}`)]
    .filter((entry) => entry.isFile && entry.name.endsWith(".wasm"))
    .map((entry) => `${REPO_ROOT}/${dir}/${entry.name}`)
    .sort();
}

Deno.test("compileStage() fails cleanly on mutated modules (seed 1)", async () => {
  const paths = [...wasmFiles("fixtures/hostile"), ...wasmFiles("examples")];
  const { mutants, problems } = await checkMutations(paths, { seed: 1, perModule: PER_MODULE });
  assert.deepEqual(problems, []);
  assert.ok(mutants >= 50 * PER_MODULE, `${mutants} mutants`);
});
