/**
 * Loads module arguments and compiles them into stages, in argument order (spec: cli.md §1.5,
 * §3.2 step 5). The one loader every command uses.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import { formatByteSize } from "../format/byte_size.ts";
import { sha256Hex } from "../format/sha256_hex.ts";
import { type CompiledStage, compileStage, type StageLimits } from "../sandbox/mod.ts";
import { describeStage } from "../pipeline/mod.ts";
import { describeOsError } from "./os_error.ts";

/** Options for {@linkcode loadStages}. */
export interface LoadStagesOptions {
  readonly limits: StageLimits;
  /** Receives the verbose `module … sha256` and `compiled module[i]` lines. */
  readonly log?: (line: string) => void;
}

/**
 * Loads and compiles every module argument, one at a time.
 *
 * @throws {QipError} `Error reading file: …`, `Wasm module could not be compiled`, size and
 *   memory-policy errors, naming the module.
 */
export async function loadStages(
  sources: readonly string[],
  options: LoadStagesOptions,
): Promise<CompiledStage[]> {
  const { limits, log } = options;
  const stages: CompiledStage[] = [];
  for (const [index, source] of sources.entries()) {
    const bytes = await loadModuleBytes(source, limits.maxModuleBytes).catch((error) => {
      throw error instanceof QipError && error.kind === "capacity"
        ? error.withContext(describeStage({ index, source }))
        : error;
    });
    const digest = await sha256Hex(bytes);
    log?.(`module ${source} sha256: ${digest}`);
    const started = performance.now();
    try {
      stages.push(
        await compileStage(bytes, { source, digest }, {
          memoryLimitPages: limits.memoryLimitPages,
          fuel: limits.fuel !== undefined,
        }),
      );
    } catch (error) {
      throw error instanceof QipError ? error.withContext(describeStage({ index, source })) : error;
    }
    log?.(`compiled module[${index}] in ${Math.trunc(performance.now() - started)}ms`);
  }
  return stages;
}

/**
 * Reads one module's bytes, refusing files over `maxModuleBytes` before reading them.
 *
 * @throws {QipError} kinds `io`, `capacity`, `remote`.
 */
export async function loadModuleBytes(source: string, maxModuleBytes: number): Promise<Uint8Array> {
  if (source.startsWith("https://")) {
    throw new QipError("remote", "Error fetching URL", {
      detail:
        `${source}: remote modules are not supported yet; download the module and pass its path`,
    });
  }
  let file: Deno.FsFile | undefined;
  try {
    file = await Deno.open(source, { read: true });
    const info = await file.stat();
    if (info.isDirectory) throw new Deno.errors.IsADirectory();
    if (info.size > maxModuleBytes) {
      throw new QipError("capacity", "Wasm module is too large", {
        detail: `${source} is ${formatByteSize(info.size)}, the limit is ${
          formatByteSize(maxModuleBytes)
        }`,
      });
    }
    return await readAllBounded(file, maxModuleBytes, source);
  } catch (error) {
    if (error instanceof QipError) throw error;
    const operation = error instanceof Deno.errors.IsADirectory ? "read" : "open";
    throw new QipError("io", `Error reading file: ${describeOsError(operation, source, error)}`, {
      cause: error,
    });
  } finally {
    file?.close();
  }
}

/** Reads to EOF, failing as soon as more than `maxBytes` arrive (a file may grow or lie). */
async function readAllBounded(
  file: Deno.FsFile,
  maxBytes: number,
  source: string,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const buffer = new Uint8Array(256 * 1024);
  for (let count = await file.read(buffer); count !== null; count = await file.read(buffer)) {
    total += count;
    if (total > maxBytes) {
      throw new QipError("capacity", "Wasm module is too large", {
        detail: `${source} is over the limit of ${formatByteSize(maxBytes)}`,
      });
    }
    chunks.push(buffer.slice(0, count));
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
