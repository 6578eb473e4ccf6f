/**
 * The limits one pipeline runs under, with one source of defaults. Units are in the names.
 *
 * @module
 */

/** Bytes in one WebAssembly page. */
export const WASM_PAGE_BYTES = 65_536;

/** Limits applied to every stage of a chain. */
export interface StageLimits {
  /** Whole chain, from the first wasm call (spec: cli.md §3.6). @default {100} */
  readonly timeLimitMs: number;
  /** Most linear memory any module may declare or grow to, in 64 KiB pages. @default {4096} */
  readonly memoryLimitPages: number;
  /** Largest module file accepted, checked before parsing. @default {64 MiB} */
  readonly maxModuleBytes: number;
  /** Deterministic budget of check points for the whole chain; `undefined` = unmetered. */
  readonly fuel: bigint | undefined;
  /**
   * Deterministic mode (docs/determinism.md): canonical NaNs, no relaxed SIMD, a counted call
   * depth. @default {false}
   */
  readonly deterministic: boolean;
}

/** The defaults: the spec's 100 ms, a 256 MiB memory policy, 64 MiB modules, no fuel. */
export const DEFAULT_LIMITS: StageLimits = Object.freeze({
  timeLimitMs: 100,
  memoryLimitPages: 4096,
  maxModuleBytes: 64 * 1024 * 1024,
  fuel: undefined,
  deterministic: false,
});

/**
 * The execution mode, as any cache of results must key on: outputs of the two modes may differ
 * (NaN bits, the depth at which recursion stops).
 */
export function executionMode(limits: Pick<StageLimits, "deterministic">): string {
  return limits.deterministic ? "deterministic" : "not deterministic";
}

/**
 * The `-v` line that names the mode: `mode: deterministic`, or nothing in the default mode, so
 * that its verbose lines stay the specification's (cli.md §3.4).
 */
export function modeLine(limits: Pick<StageLimits, "deterministic">): string | undefined {
  return limits.deterministic ? `mode: ${executionMode(limits)}` : undefined;
}
