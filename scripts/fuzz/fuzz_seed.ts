/**
 * Runs one generated program as it is and rewritten by the sandbox's instrumenter (cancel
 * checks only, then cancel checks and fuel) and compares everything observable: `run`'s result
 * or its trap (kind and message), the memory, and the globals. Then checks fuel determinism:
 * with exactly the fuel the program used it ends as before, with one unit less it runs out,
 * and the same fuel always gives the same verdict. Last, the deterministic rewrite must observe
 * exactly what the program's canonical-NaN reference (the same program with every NaN-making
 * float result passed through a canonicalising helper) observes as it is.
 *
 * @module
 */

import wabtInit from "wabt";
import { instrumentModule } from "../../src/sandbox/instrument/instrument_module.ts";
import { WABT_FEATURES } from "../_module_toolchains.ts";
import { generateProgram, type Program } from "./_program_generator.ts";

const wabt = await wabtInit();

/** Fuel for the metered run that measures how much a program needs. */
const AMPLE_FUEL = 1n << 40n;
/** The memory policy the rewrite runs under; above the programs' own 2-page maximum. */
const MEMORY_LIMIT_PAGES = 16;
const GLOBALS = ["g0", "g1", "g2", "g3"];

/** Everything a program's run left behind. */
interface Observation {
  /** `value <n>` or `trap <ErrorClass>: <message>`. */
  readonly outcome: string;
  /** FNV-1a of the memory, and its size. */
  readonly memory: string;
  readonly globals: readonly string[];
}

/** One seed's verdict: `undefined` when the rewrite changed nothing, else what differed. */
export interface FuzzResult {
  readonly program: Program;
  readonly difference: string | undefined;
  /** Fuel the program needed (check points passed). */
  readonly fuelUsed: bigint;
  /** Whether the original run trapped. */
  readonly trapped: boolean;
  /** Whether canonicalising NaNs changed what the program observes (NaN bits reached it). */
  readonly nanBitsObserved: boolean;
}

/** Assembles the program for `seed`. */
export function assembleProgram(program: Program): Uint8Array<ArrayBuffer> {
  const parsed = wabt.parseWat(`seed-${program.seed}.wat`, program.wat, WABT_FEATURES);
  try {
    parsed.resolveNames();
    return new Uint8Array(parsed.toBinary({ write_debug_names: false }).buffer);
  } finally {
    parsed.destroy();
  }
}

/**
 * Generates, assembles and runs the program for `seed` in all variants.
 *
 * @example A seed whose rewrite changes nothing
 * ```ts ignore
 * const { difference } = fuzzSeed(1);
 * ```
 */
export function fuzzSeed(seed: number): FuzzResult {
  const program = generateProgram(seed);
  const bytes = assembleProgram(program);
  const expected = observe(new WebAssembly.Module(bytes), program.input, undefined);
  const difference = (label: string, actual: Observation) => {
    const diff = compare(expected.observation, actual);
    return diff === undefined ? undefined : `${label}: ${diff}`;
  };
  const plain = instrumentModule(bytes, { memoryLimitPages: MEMORY_LIMIT_PAGES, fuel: false });
  const plainRun = observe(new WebAssembly.Module(plain.bytes), program.input, undefined);
  const metered = instrumentModule(bytes, { memoryLimitPages: MEMORY_LIMIT_PAGES, fuel: true });
  const meteredModule = new WebAssembly.Module(metered.bytes);
  const fuel = (budget: bigint) =>
    observe(meteredModule, program.input, { budget, export: metered.fuelGlobalExport! });
  const ample = fuel(AMPLE_FUEL);
  const fuelUsed = AMPLE_FUEL - ample.fuelLeft!;
  const trapped = expected.observation.outcome.startsWith("trap");
  const reference = observe(
    new WebAssembly.Module(assembleProgram(generateProgram(seed, { canonicalNaNs: true }))),
    program.input,
    undefined,
  ).observation;
  const deterministic = instrumentModule(bytes, {
    memoryLimitPages: MEMORY_LIMIT_PAGES,
    fuel: false,
    deterministic: true,
  });
  const deterministicRun = observe(
    new WebAssembly.Module(deterministic.bytes),
    program.input,
    undefined,
  );
  const deterministicDiff = compare(reference, deterministicRun.observation);
  const found = difference("rewritten", plainRun.observation) ??
    difference("rewritten with fuel", ample.observation) ??
    fuelDifference(expected.observation, fuel, fuelUsed) ??
    (deterministicDiff &&
      `deterministic, against the canonical-NaN reference: ${deterministicDiff}`);
  const nanBitsObserved = compare(expected.observation, reference) !== undefined;
  return { program, difference: found, fuelUsed, trapped, nanBitsObserved };
}

/** With the fuel used: the same end; one less: out of fuel; twice the same: the same verdict. */
function fuelDifference(
  expected: Observation,
  fuel: (budget: bigint) => { observation: Observation; fuelLeft: bigint | undefined },
  fuelUsed: bigint,
): string | undefined {
  const exact = fuel(fuelUsed);
  const exactDiff = compare(expected, exact.observation);
  if (exactDiff !== undefined) return `with exactly ${fuelUsed} fuel: ${exactDiff}`;
  if (exact.fuelLeft !== 0n) return `with exactly ${fuelUsed} fuel, ${exact.fuelLeft} was left`;
  const short = fuel(fuelUsed - 1n);
  if (!short.observation.outcome.startsWith("trap") || short.fuelLeft! >= 0n) {
    return `with ${fuelUsed - 1n} fuel it did not run out (${short.observation.outcome})`;
  }
  const again = fuel(fuelUsed - 1n);
  const againDiff = compare(short.observation, again.observation);
  return againDiff === undefined ? undefined : `the same fuel gave another verdict: ${againDiff}`;
}

function observe(
  module: WebAssembly.Module,
  input: number,
  fuel: { budget: bigint; export: string } | undefined,
): { observation: Observation; fuelLeft: bigint | undefined } {
  const { exports } = new WebAssembly.Instance(module, {});
  const fuelGlobal = fuel === undefined ? undefined : exports[fuel.export] as WebAssembly.Global;
  if (fuelGlobal !== undefined) fuelGlobal.value = fuel!.budget;
  let outcome: string;
  try {
    outcome = `value ${(exports["run"] as (n: number) => bigint)(input)}`;
  } catch (error) {
    outcome = error instanceof Error
      ? `trap ${error.constructor.name}: ${error.message}`
      : `trap ${String(error)}`;
  }
  const memory = new Uint8Array((exports["memory"] as WebAssembly.Memory).buffer);
  return {
    observation: {
      outcome,
      memory: `${memory.byteLength} bytes, fnv1a ${fnv1a(memory)}`,
      globals: GLOBALS.map((name) => describeValue((exports[name] as WebAssembly.Global).value)),
    },
    fuelLeft: fuelGlobal?.value as bigint | undefined,
  };
}

function compare(expected: Observation, actual: Observation): string | undefined {
  if (expected.outcome !== actual.outcome) {
    return `run gave ${actual.outcome}, expected ${expected.outcome}`;
  }
  if (expected.memory !== actual.memory) {
    return `memory is ${actual.memory}, expected ${expected.memory}`;
  }
  const differs = expected.globals.findIndex((value, index) => value !== actual.globals[index]);
  if (differs >= 0) {
    return `global g${differs} is ${actual.globals[differs]}, expected ${
      expected.globals[differs]
    }`;
  }
  return undefined;
}

function describeValue(value: unknown): string {
  return Object.is(value, -0) ? "-0" : String(value);
}

function fnv1a(bytes: Uint8Array): string {
  let hash = 0x811c9dc5;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, "0");
}
