/**
 * The `qip image` command line (spec: cli.md §5.1, §5.2), shared by one image and batch mode.
 *
 * @module
 */

import { COMMAND_FLAGS, DEFAULT_TIMEOUT_MS } from "./_command_flags.ts";
import { QipError } from "../errors.ts";
import type { RemoteOptions } from "../host/mod.ts";
import { DEFAULT_MAX_PIXELS } from "../image/mod.ts";
import type { StageLimits } from "../sandbox/mod.ts";
import {
  booleanFlag,
  integerFlag,
  missingArguments,
  type ParsedFlags,
  parseFlags,
  stringFlag,
} from "./_flags.ts";
import { type ImageModuleSpec, parseImageModuleArgs } from "./_image_args.ts";
import { parseLimitFlags } from "./_limit_flags.ts";
import { parseRemoteFlags } from "./_remote_flags.ts";
import { USAGE } from "./_usage.ts";

/** The parsed `qip image` command line. */
export interface ImageFlags {
  readonly input: string;
  readonly output: string;
  readonly modules: readonly ImageModuleSpec[];
  readonly limits: StageLimits;
  /** Tile and codec workers; beyond the spec. */
  readonly workers: number;
  /** The most pixels an input image may have (`--max-pixels`); beyond the spec. */
  readonly maxPixels: number;
  readonly remote: RemoteOptions;
  readonly verbose: boolean;
}

/**
 * Parses `qip image` arguments (spec: cli.md §5.1, §5.2).
 *
 * @throws {QipError} kind `usage`.
 */
export function parseImageFlags(args: readonly string[]): ImageFlags {
  return imageFlagsFrom(parseFlags(args, COMMAND_FLAGS.image.flags, USAGE.image), USAGE.image);
}

/**
 * Reads parsed `qip image` flags (shared with batch mode, whose usage line differs).
 *
 * @throws {QipError} kind `usage`.
 */
export function imageFlagsFrom(flags: ParsedFlags, usage: string): ImageFlags {
  const modules = parseImageModuleArgs(flags.positionals);
  const input = stringFlag(flags, "input") ?? "";
  const output = stringFlag(flags, "output") ?? "";
  if (modules.length === 0 || input === "" || output === "") {
    throw missingArguments(usage, { "-i": input, "-o": output });
  }
  const workers = integerFlag(flags, "workers", "--workers", usage);
  if (workers !== undefined && (workers < 1n || workers > 256n)) {
    throw new QipError("usage", `Invalid workers: ${workers} (expected 1..256)`);
  }
  const maxPixels = integerFlag(flags, "max-pixels", "--max-pixels", usage);
  if (maxPixels !== undefined && (maxPixels < 1n || maxPixels > BigInt(Number.MAX_SAFE_INTEGER))) {
    throw new QipError("usage", `Invalid max-pixels: ${maxPixels} (expected at least 1)`);
  }
  return {
    input,
    output,
    modules,
    limits: parseLimitFlags(flags, usage, { timeLimitMs: DEFAULT_TIMEOUT_MS.image }),
    workers: workers === undefined ? navigator.hardwareConcurrency : Number(workers),
    maxPixels: maxPixels === undefined ? DEFAULT_MAX_PIXELS : Number(maxPixels),
    remote: parseRemoteFlags(flags, usage),
    verbose: booleanFlag(flags, "verbose"),
  };
}
