/**
 * Malformed binaries at scale: flips a few random bytes of real modules and compiles each
 * mutant through the sandbox's compile path (the rewriter, then V8). Every failure must be a
 * `QipError` (never an exception that would make the CLI exit 2); the rewriter must not refuse
 * a mutant V8 accepts (atomic waits excepted, which it refuses on purpose); and it must never
 * turn a valid mutant into an invalid module.
 *
 * @module
 */

import { QipError } from "../../src/errors.ts";
import { compileStage } from "../../src/sandbox/mod.ts";
import { Random } from "./_random.ts";

/** Modules larger than this are skipped: mutating them proves nothing more and costs time. */
const MAX_MODULE_BYTES = 256 * 1024;

/** What the mutation run found. */
export interface MutationReport {
  readonly mutants: number;
  /** One line per distinct problem, with the module and mutant that showed it first. */
  readonly problems: readonly string[];
}

/**
 * Compiles `perModule` mutants of each module in `paths` (seeded, so a run repeats exactly).
 *
 * @example
 * ```ts ignore
 * const { problems } = await checkMutations(["examples/hello.wasm"], { seed: 1, perModule: 50 });
 * ```
 */
export async function checkMutations(
  paths: readonly string[],
  options: { readonly seed: number; readonly perModule: number },
): Promise<MutationReport> {
  const rng = new Random(options.seed);
  const problems = new Map<string, string>();
  let mutants = 0;
  for (const path of paths) {
    const original = await Deno.readFile(path);
    if (original.byteLength === 0 || original.byteLength > MAX_MODULE_BYTES) continue;
    for (let index = 0; index < options.perModule; index++) {
      const bytes = mutate(original, rng);
      mutants++;
      const problem = await compileProblem(bytes, index % 2 === 0);
      if (problem !== undefined && !problems.has(problem)) {
        problems.set(problem, `${path} mutant ${index}`);
      }
    }
  }
  return {
    mutants,
    problems: [...problems].map(([problem, where]) => `${where}: ${problem}`),
  };
}

/** A copy of `bytes` with one to four bytes replaced (often by 0xff, an unassigned opcode). */
function mutate(bytes: Uint8Array, rng: Random): Uint8Array {
  const mutant = bytes.slice();
  for (let flips = 1 + rng.below(4); flips > 0; flips--) {
    mutant[rng.below(mutant.length)] = rng.chance(0.3) ? 0xff : rng.below(256);
  }
  return mutant;
}

async function compileProblem(bytes: Uint8Array, fuel: boolean): Promise<string | undefined> {
  try {
    await compileStage(bytes, { source: "mutant.wasm", digest: "" }, {
      memoryLimitPages: 4096,
      fuel,
    });
    return undefined;
  } catch (error) {
    if (!(error instanceof QipError)) {
      return `not a QipError: ${error instanceof Error ? error.constructor.name : typeof error}: ${
        error instanceof Error ? error.message : String(error)
      }`;
    }
    if (error.message.includes("instrumented module is invalid")) return error.message;
    const refusedValid = error.kind === "compile" &&
      WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>) &&
      !error.message.includes("cannot be preempted");
    return refusedValid ? `refused a module V8 accepts: ${error.message}` : undefined;
  }
}
