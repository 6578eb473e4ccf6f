/**
 * What one entry of the hostile-module corpus is: how its bytes are made, what it does, how
 * to run it and the one stderr line qip must print. Shared by the corpus files and the
 * generator. Private to `scripts/hostile/`.
 *
 * @module
 */

import wabtInit from "wabt";
import { WABT_FEATURES } from "../_module_toolchains.ts";
import type { StdinBmp } from "./_hostile_stdin.ts";

/** Where the generator writes the corpus, relative to the checkout. */
export const HOSTILE_DIR = "fixtures/hostile";

/** Replaced by `stage 0 (fixtures/hostile/<file>)` in expected messages. */
export const STAGE = "$STAGE";

/** Replaced by the module's path (`fixtures/hostile/<file>`) in arguments and messages. */
export const PATH = "$PATH";

/** Replaced by the module's SHA-256 in messages. */
export const DIGEST = "$DIGEST";

/** The spec's time-limit message at the default 100 ms. */
export const TIME_LIMIT = "Wasm module exceeded the execution time limit (100ms)";

/** The time-limit message of a run stage: the spec's words, then the stage that ran out. */
export const TIME_LIMIT_IN_STAGE = `${TIME_LIMIT}: ${STAGE}`;

/** How a corpus module is run, and what must come out. */
export type HostileRun =
  /** `qip run [flags] <module>` on `stdin`: fails with `stderr`, nothing on stdout. */
  | {
    readonly command: "run";
    readonly flags?: readonly string[];
    /** Standard input: this many bytes of `x`. @default {0} */
    readonly stdinBytes?: number;
    /** Standard input: a BMP image of this size instead (for tile modules). */
    readonly stdinBmp?: StdinBmp;
    readonly stderr: string;
    /** Spins until preempted: its CPU must be reclaimed after the limit. */
    readonly runaway?: boolean;
  }
  /** `qip get -o <file> <module>#sha256=<pin>`: refused, and no file is written. */
  | { readonly command: "get"; readonly pin: string; readonly stderr: string }
  /**
   * `qip form <module>` answering `answers` in turn (spec: abi.md §6.2); `stderr` is the
   * contract's message.
   */
  | { readonly command: "form"; readonly answers: readonly string[]; readonly stderr: string };

/** One corpus module. */
export interface HostileModule {
  /** File name without `.wasm`; kebab-case. */
  readonly name: string;
  /** What the module does to the host, one sentence. */
  readonly does: string;
  /** The module's bytes (deterministic). */
  build(): Uint8Array;
  readonly run: HostileRun;
}

const wabt = await wabtInit();

/** Every feature `deno task modules` assembles with, plus multi-memory. */
const FEATURES = { ...WABT_FEATURES, multi_memory: true };

/**
 * Assembles WebAssembly text with every feature wabt knows (multi-memory included), with
 * canonical LEBs so the bytes are reproducible.
 *
 * @throws {Error} wabt's parse error, naming the line.
 */
export function wat(text: string): Uint8Array {
  const parsed = wabt.parseWat("hostile.wat", text, FEATURES);
  try {
    parsed.resolveNames();
    const { buffer } = parsed.toBinary({ write_debug_names: false, canonicalize_lebs: true });
    return new Uint8Array(buffer);
  } finally {
    parsed.destroy();
  }
}

/** Options for {@linkcode runModule}. */
export interface RunModuleOptions {
  /** The memory declaration after `(memory (export "memory")`. @default {"1"} */
  readonly memory?: string;
  /** Imports, which must come before every definition. */
  readonly imports?: string;
  /** Extra module fields (functions, tables, globals, start, tags…). */
  readonly fields?: string;
  /** `run`'s body, `(param $n i32) (result i32)`. */
  readonly run: string;
  /** Overrides the default `input_ptr`/`input_utf8_cap` globals (0 and 65536). */
  readonly contract?: string;
}

/** WAT for a run-mode module: `memory`, `input_ptr`, `input_utf8_cap` and `run`. */
export function runModule(options: RunModuleOptions): Uint8Array {
  const {
    memory = "1",
    imports = "",
    fields = "",
    run,
    contract = `(global (export "input_ptr") i32 (i32.const 0))
      (global (export "input_utf8_cap") i32 (i32.const 65536))`,
  } = options;
  return wat(`(module
    ${imports}
    (memory (export "memory") ${memory})
    ${contract}
    ${fields}
    (func (export "run") (param $n i32) (result i32) ${run}))`);
}

/** A run contract whose scalar exports are given as `name = value` i32 globals. */
export function globals(values: Readonly<Record<string, number>>): string {
  return Object.entries(values)
    .map(([name, value]) => `(global (export "${name}") i32 (i32.const ${value | 0}))`)
    .join("\n");
}
