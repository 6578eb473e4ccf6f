/**
 * Turns module bytes into a {@linkcode CompiledStage}: instrumented for preemption, fuel and the
 * memory policy, then compiled once. The compiled module is shared by every job that runs it
 * (posting a `WebAssembly.Module` to a worker shares the code, it does not recompile).
 *
 * @module
 */

import { compileFailed } from "../errors.ts";
import type { ModuleLayout } from "../contracts/mod.ts";
import { codeBoundsRefusal, instrumentModule } from "./instrument/instrument_module.ts";

/** The export whose presence makes a module an image tile stage (spec: cli.md §3.2). */
export const TILE_EXPORT = "tile_rgba_f32_64x64";

/** A module ready to run: compiled once, instantiated fresh for every job. */
export interface CompiledStage {
  /** The module argument as the user gave it (a path or URL). */
  readonly source: string;
  /** SHA-256 of the original module bytes, lowercase hex. */
  readonly digest: string;
  /** Size of the original module file. */
  readonly byteLength: number;
  /** The instrumented, compiled module. */
  readonly module: WebAssembly.Module;
  /** Exports, imports and the sandbox's added exports. */
  readonly layout: ModuleLayout;
  /** Whether the module exports the tile function (spec: cli.md §3.2 step 5). */
  readonly isTileStage: boolean;
}

/** Options for {@linkcode compileStage}. */
export interface CompileStageOptions {
  /** Memory policy, in 64 KiB pages. */
  readonly memoryLimitPages: number;
  /** Whether to meter fuel. */
  readonly fuel: boolean;
  /** Deterministic mode (docs/determinism.md). @default {false} */
  readonly deterministic?: boolean;
}

/**
 * Validates module bytes as written, then instruments and compiles them.
 *
 * @throws {QipError} kind `compile` (`Wasm module could not be compiled`, with V8's reason for
 *   the original bytes, or the instrumenter's refusal) or kind `memory_policy`.
 */
export async function compileStage(
  bytes: Uint8Array,
  identity: { readonly source: string; readonly digest: string },
  options: CompileStageOptions,
): Promise<CompiledStage> {
  // The module is validated as written, before anything is rewritten: an invalid module that
  // names the memory, global or function the rewrite appends would otherwise become valid and
  // own them (a store into the cancel flag, a write to the fuel counter).
  // Code above qip's bounds is refused from the section headers, before V8 reads it all.
  const tooMuchCode = codeBoundsRefusal(bytes);
  if (tooMuchCode !== undefined) throw tooMuchCode;
  const originalReason = await compileFailure(bytes);
  if (originalReason !== undefined) throw compileFailed(originalReason);
  const instrumented = instrumentModule(bytes, options);
  let module: WebAssembly.Module;
  try {
    module = await WebAssembly.compile(instrumented.bytes);
  } catch (error) {
    throw compileFailed(`instrumented module is invalid: ${engineReason(error)}`, error);
  }
  const layout: ModuleLayout = {
    functionExports: instrumented.functionExports,
    globalExports: instrumented.globalExports,
    imports: instrumented.imports,
    cancelMemoryExport: instrumented.cancelMemoryExport,
    fuelGlobalExport: instrumented.fuelGlobalExport,
    startExport: instrumented.startExport,
    depthGlobalExport: instrumented.depthGlobalExport,
    maxCallDepth: instrumented.maxCallDepth,
  };
  return {
    source: identity.source,
    digest: identity.digest,
    byteLength: bytes.byteLength,
    module,
    layout,
    isTileStage: layout.functionExports.has(TILE_EXPORT),
  };
}

/** V8's reason for rejecting `bytes`, or `undefined` when they compile. */
async function compileFailure(bytes: Uint8Array): Promise<string | undefined> {
  if (WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>)) return undefined;
  try {
    await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
    return undefined;
  } catch (error) {
    return engineReason(error);
  }
}

function engineReason(error: unknown): string {
  return error instanceof Error
    ? error.message.replace(/^WebAssembly\.compile\(\): /, "")
    : String(error);
}
