/**
 * Turns module bytes into a {@linkcode CompiledStage}: instrumented for preemption, fuel and the
 * memory policy, then compiled once. The compiled module is shared by every job that runs it
 * (posting a `WebAssembly.Module` to a worker shares the code, it does not recompile).
 *
 * @module
 */

import { QipError } from "../errors.ts";
import type { ModuleLayout } from "../contracts/mod.ts";
import { instrumentModule } from "./instrument/instrument_module.ts";

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
}

/**
 * Instruments and compiles module bytes.
 *
 * @throws {QipError} kind `compile` (`Wasm module could not be compiled`, with V8's reason or
 *   the instrumenter's) or kind `memory_policy`.
 */
export async function compileStage(
  bytes: Uint8Array,
  identity: { readonly source: string; readonly digest: string },
  options: CompileStageOptions,
): Promise<CompiledStage> {
  let instrumented;
  try {
    instrumented = instrumentModule(bytes, options);
  } catch (error) {
    if (error instanceof QipError && error.kind === "compile") {
      const engineReason = await compileFailure(bytes);
      if (engineReason !== undefined) throw compileError(engineReason, error);
    }
    throw error;
  }
  const reason = await compileFailure(instrumented.bytes);
  if (reason !== undefined) {
    // The rewriter decodes only what it must: blame the module when V8 refuses it as it is,
    // with offsets into the bytes the user has, and the rewrite only when it broke them.
    const originalReason = await compileFailure(bytes);
    throw compileError(originalReason ?? `instrumented module is invalid: ${reason}`);
  }
  const module = await WebAssembly.compile(instrumented.bytes as Uint8Array<ArrayBuffer>);
  const layout: ModuleLayout = {
    functionExports: instrumented.functionExports,
    globalExports: instrumented.globalExports,
    imports: instrumented.imports,
    cancelMemoryExport: instrumented.cancelMemoryExport,
    fuelGlobalExport: instrumented.fuelGlobalExport,
    startExport: instrumented.startExport,
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
    return error instanceof Error
      ? error.message.replace(/^WebAssembly\.compile\(\): /, "")
      : String(error);
  }
}

function compileError(detail: string, cause?: unknown): QipError {
  return new QipError("compile", "Wasm module could not be compiled", { detail, cause });
}
