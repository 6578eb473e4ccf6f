/**
 * Loads module arguments and compiles them into stages, in argument order (spec: cli.md §1.5,
 * §3.2 step 5). The one loader every command uses.
 *
 * @module
 */

import { exportedI32Constants } from "../contracts/mod.ts";
import { refuseTextModule } from "./_text_module.ts";
import { QipError } from "../errors.ts";
import { sha256Hex } from "../format/sha256_hex.ts";
import { type CompiledStage, compileStage, type StageLimits } from "../sandbox/mod.ts";
import { describeStage } from "../pipeline/mod.ts";
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

/** Options for {@linkcode loadStages}. */
export interface LoadStagesOptions extends ModuleBytesOptions {
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

/**
 * Loads and compiles every module argument, one at a time. Each module's digest is checked
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
  const { limits, log } = options;
  const stages: LoadedStage[] = [];
  for (const [index, source] of sources.entries()) {
    const { bytes, digest } = await loadModule(source, limits.maxModuleBytes, options).catch(
      (error) => {
        throw error instanceof QipError && error.kind === "capacity"
          ? error.withContext(describeStage({ index, source }))
          : error;
      },
    );
    log?.(`module ${source} sha256: ${digest}`);
    const started = performance.now();
    try {
      const stage = await compileStage(bytes, { source, digest }, {
        memoryLimitPages: limits.memoryLimitPages,
        fuel: limits.fuel !== undefined,
      });
      stages.push({ ...stage, exportedI32Constants: exportedI32Constants(bytes) });
    } catch (error) {
      throw error instanceof QipError ? error.withContext(describeStage({ index, source })) : error;
    }
    log?.(`compiled module[${index}] in ${Math.trunc(performance.now() - started)}ms`);
  }
  return stages;
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
