/**
 * Loads bench modules through the one loader every command uses (pins, lock file, cache), and
 * records what the report says about each: file size, gzip size and compile time
 * (spec: cli.md §4.2 step 7).
 *
 * @module
 */

import { gzipSync } from "node:zlib";
import {
  DEFAULT_MODULE_SOURCES,
  loadStages,
  type LoadStagesOptions,
  type ModuleSource,
} from "../host/mod.ts";
import type { CompiledStage } from "../sandbox/mod.ts";
import { WARMUP_MODULE } from "./_warmup_module.ts";

/**
 * How many times the warm-up module is loaded before the measured ones: one load left the
 * first module listed about twice as slow to compile as the same module listed second, as the
 * host's code was still being optimised (scripts/bench/qip_bench_order.ts).
 */
const WARMUP_COMPILES = 5;

/** A compiled bench module and its facts for the report. */
export interface BenchModule {
  readonly stage: CompiledStage;
  /** Size of the module file. */
  readonly fileBytes: number;
  /** Size of the file gzip-compressed at level 9. */
  readonly gzipBytes: number;
  /**
   * From the module's bytes being read to its compiled form: digest check, instrumentation
   * for preemption and the memory policy, and V8's compilation.
   */
  readonly compileNs: number;
}

/**
 * Loads and compiles `modules` in order with {@linkcode loadStages}, after compiling a module of
 * qip's own, untimed, so that the first module does not pay for the host's warm-up. The sources
 * are wrapped to see each module's bytes and when they arrived; the loader handles one module
 * at a time, so a module's compilation ends when the next module is requested (or the loader
 * returns).
 *
 * @throws {QipError} the loader's errors.
 */
export async function loadBenchModules(
  modules: readonly string[],
  options: LoadStagesOptions,
): Promise<BenchModule[]> {
  // The same loader path as the measured modules, on bytes of qip's own: no log, no lock.
  const warmup: ModuleSource = { canLoad: () => true, load: () => Promise.resolve(WARMUP_MODULE) };
  for (let round = 0; round < WARMUP_COMPILES; round++) {
    await loadStages(["qip-bench-warm-up.wasm"], { limits: options.limits, sources: [warmup] });
  }
  const requestedMs: number[] = [];
  const loaded: { bytes: Uint8Array; atMs: number }[] = [];
  const sources = (options.sources ?? DEFAULT_MODULE_SOURCES).map((source): ModuleSource => ({
    canLoad: (ref) => source.canLoad(ref),
    load: async (ref, loadOptions) => {
      requestedMs.push(performance.now());
      const bytes = await source.load(ref, loadOptions);
      loaded.push({ bytes, atMs: performance.now() });
      return bytes;
    },
  }));
  const stages = await loadStages(modules, { ...options, sources });
  const doneMs = performance.now();
  return stages.map((stage, index) => {
    const { bytes, atMs } = loaded[index]!;
    const compiledMs = requestedMs[index + 1] ?? doneMs;
    return {
      stage,
      fileBytes: bytes.byteLength,
      gzipBytes: gzipSync(bytes, { level: 9 }).byteLength,
      compileNs: Math.round((compiledMs - atMs) * 1e6),
    };
  });
}
