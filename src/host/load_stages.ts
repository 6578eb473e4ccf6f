/**
 * Loads module arguments and compiles them into stages, in argument order (spec: cli.md §1.5,
 * §3.2 step 5). The one loader every command uses.
 *
 * @module
 */

import { exportedI32Constants } from "../contracts/mod.ts";
import { refuseTextModule } from "./_text_module.ts";
import { QipError } from "../errors.ts";
import { sha256Hex } from "../format/mod.ts";
import { type CompiledStage, compileStage, modeLine, type StageLimits } from "../sandbox/mod.ts";
import { inStage } from "../pipeline/mod.ts";
import type { ModuleLock } from "./lock_file.ts";
import { digestMismatch } from "./_module_errors.ts";
import { DEFAULT_MODULE_SOURCES } from "./module_loading.ts";
import { type ModuleRef, parseModuleRef } from "./module_ref.ts";
import type { ModuleSource } from "./module_source.ts";

/** Where module bytes come from and what they must match; shared by every loading call. */
export interface ModuleBytesOptions {
  /**
   * Tried in order; the first whose `canLoad` accepts an argument loads it.
   * @default {DEFAULT_MODULE_SOURCES} local files and `https://` without a cache
   */
  readonly sources?: readonly ModuleSource[];
  /** Expected digests of remote modules, and where new ones are recorded. */
  readonly lock?: ModuleLock;
}

/** Options for {@linkcode loadModules}. */
export interface LoadModulesOptions extends ModuleBytesOptions {
  /** Only `maxModuleBytes` is read here. */
  readonly limits: Pick<StageLimits, "maxModuleBytes">;
  /** Receives the verbose `module … sha256` lines. */
  readonly log?: (line: string) => void;
}

/** Options for {@linkcode compileStages}. */
export interface CompileStagesOptions {
  /** `memoryLimitPages`, whether fuel is metered (`fuel` set), and the execution mode. */
  readonly limits: Pick<StageLimits, "memoryLimitPages" | "fuel" | "deterministic">;
  /**
   * Receives the verbose lines: `mode: deterministic` (in that mode only), then
   * `compiled module[i] in …ms` unless `compileTimes` is false.
   */
  readonly log?: (line: string) => void;
  /** Whether to log each module's compile time (`qip image`'s spec has no such line). */
  readonly compileTimes?: boolean;
}

/** Options for {@linkcode loadStages}. */
export interface LoadStagesOptions extends ModuleBytesOptions {
  /** Module size, memory policy, and whether fuel is metered. */
  readonly limits: StageLimits;
  /** Receives the verbose `module … sha256` and `compiled module[i]` lines. */
  readonly log?: (line: string) => void;
}

/**
 * A compiled stage and the constant values of its exported i32 globals, which let a chain
 * check its input against the first stage's cap before the clock starts.
 */
export type LoadedStage = CompiledStage & {
  readonly exportedI32Constants: ReadonlyMap<string, number>;
};

/** One module's verified bytes. */
export interface LoadedModule {
  readonly ref: ModuleRef;
  readonly bytes: Uint8Array;
  /** SHA-256 of `bytes`, lowercase hex; equal to the pin and the lock entry when there are. */
  readonly digest: string;
}

/** A loaded module argument with its place in the chain. */
export interface StageModule extends LoadedModule {
  /** The module argument as given. */
  readonly source: string;
}

/**
 * Loads and compiles every module argument, one at a time, as the spec orders it (a read error
 * for module 3 is reported after modules 1–2 were compiled). Each module's digest is checked
 * against its pin and the lock file before its bytes are parsed.
 *
 * @throws {QipError} `Error reading file: …`, `Error fetching URL: …`, `Module digest
 *   mismatch: …`, `Wasm module could not be compiled`, size and memory-policy errors, naming
 *   the module.
 */
export async function loadStages(
  sources: readonly string[],
  options: LoadStagesOptions,
): Promise<LoadedStage[]> {
  const stages: LoadedStage[] = [];
  logMode(options);
  for (const [index, source] of sources.entries()) {
    const module = await loadStageModule(index, source, options);
    stages.push(await compileStageModule(index, module, options));
  }
  return stages;
}

/**
 * Loads every module argument, in order, without compiling: for commands that compile later
 * (`qip image` decodes its input first) or maybe never (a batch whose results are cached).
 *
 * @throws {QipError} the loading errors of {@linkcode loadStages}.
 */
export async function loadModules(
  sources: readonly string[],
  options: LoadModulesOptions,
): Promise<StageModule[]> {
  const modules: StageModule[] = [];
  for (const [index, source] of sources.entries()) {
    modules.push(await loadStageModule(index, source, options));
  }
  return modules;
}

/**
 * Compiles loaded modules all at once (V8 compiles off the main thread), and reports the first
 * failure in chain order, as compiling them one by one would.
 *
 * @throws {QipError} the compile and memory-policy errors, naming the stage.
 */
export async function compileStages(
  modules: readonly StageModule[],
  options: CompileStagesOptions,
): Promise<LoadedStage[]> {
  logMode(options);
  const settled = await Promise.allSettled(
    modules.map((module, index) => compileStageModule(index, module, options)),
  );
  return settled.map((result) => {
    if (result.status === "rejected") throw result.reason;
    return result.value;
  });
}

/** The verbose line naming the execution mode, before the first module is compiled. */
function logMode({ limits, log }: CompileStagesOptions): void {
  const mode = modeLine(limits);
  if (mode !== undefined) log?.(mode);
}

/** Loads one argument; a size refusal names the stage (the other errors name the module). */
async function loadStageModule(
  index: number,
  source: string,
  options: LoadModulesOptions,
): Promise<StageModule> {
  const module = await loadModule(source, options.limits.maxModuleBytes, options).catch(
    (error) => {
      throw inStage(error, { index, source }, ["capacity"]);
    },
  );
  options.log?.(`module ${source} sha256: ${module.digest}`);
  return { source, ...module };
}

/** Compiles one loaded module, naming the stage in any failure. */
async function compileStageModule(
  index: number,
  { source, bytes, digest }: StageModule,
  { limits, log, compileTimes = true }: CompileStagesOptions,
): Promise<LoadedStage> {
  const started = performance.now();
  let stage: CompiledStage;
  try {
    stage = await compileStage(bytes, { source, digest }, {
      memoryLimitPages: limits.memoryLimitPages,
      fuel: limits.fuel !== undefined,
      deterministic: limits.deterministic,
    });
  } catch (error) {
    throw inStage(error, { index, source });
  }
  if (compileTimes) {
    log?.(`compiled module[${index}] in ${Math.trunc(performance.now() - started)}ms`);
  }
  return { ...stage, exportedI32Constants: exportedI32Constants(bytes) };
}

/**
 * Loads one module argument from the first source that accepts it and verifies its digest
 * against the argument's `#sha256=` pin and the lock file; records remote modules in the lock.
 *
 * @example Load a local module with its pin
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadModule } from "./load_stages.ts";
 * const { digest } = await loadModule("examples/hello.wasm", 1024 * 1024);
 * const pinned = await loadModule(`examples/hello.wasm#sha256=${digest}`, 1024 * 1024);
 * assert.equal(pinned.digest, digest);
 * ```
 * @throws {QipError} kinds `io`, `capacity`, `remote` (fetch errors, `Module digest mismatch`),
 *   `usage` (a malformed pin).
 */
export async function loadModule(
  argument: string,
  maxModuleBytes: number,
  options: ModuleBytesOptions = {},
): Promise<LoadedModule> {
  const { sources = DEFAULT_MODULE_SOURCES, lock } = options;
  const ref = parseModuleRef(argument);
  const remote = ref.scheme !== "file";
  const locked = remote ? lock?.digestOf(ref.location) : undefined;
  const source = sources.find((candidate) => candidate.canLoad(ref));
  if (source === undefined) {
    throw new QipError("usage", `Cannot load module ${argument}: no source handles ${ref.scheme}`);
  }
  const bytes = await source.load(ref, {
    maxModuleBytes,
    expectedDigest: ref.pinnedDigest ?? locked,
  });
  refuseTextModule(bytes, ref.location);
  const digest = await sha256Hex(bytes);
  if (ref.pinnedDigest !== undefined && digest !== ref.pinnedDigest) {
    throw digestMismatch(ref.location, ref.pinnedDigest, digest, "pin");
  }
  if (lock !== undefined && locked !== undefined && digest !== locked) {
    throw digestMismatch(ref.location, locked, digest, { lockPath: lock.path });
  }
  if (remote) lock?.record(ref.location, digest);
  return { ref, bytes, digest };
}

/**
 * Reads one module's bytes through {@linkcode loadModule}.
 *
 * @throws {QipError} kinds `io`, `capacity`, `remote`, `usage`.
 */
export async function loadModuleBytes(
  argument: string,
  maxModuleBytes: number,
  options: ModuleBytesOptions = {},
): Promise<Uint8Array> {
  return (await loadModule(argument, maxModuleBytes, options)).bytes;
}
