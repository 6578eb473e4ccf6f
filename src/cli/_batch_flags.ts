/**
 * The flags of batch mode, shared by `qip run` and `qip image` (beyond the spec): repeated
 * `-i`, `-o <dir>`, `--ext`, `--jobs`, `--shard`, `--no-cache`, `--cache-max`.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import { parseByteSize } from "../format/mod.ts";
import { parseExtension, parseShard, type Shard } from "../batch/mod.ts";
import { DEFAULT_RESULT_CACHE_BYTES } from "../host/mod.ts";
import { booleanFlag, integerFlag, type ParsedFlags, stringFlag, stringFlags } from "./_flags.ts";

/** The flag definitions batch mode adds (defined with their help in the one flag table). */
export { BATCH_FLAGS } from "./_command_flags.ts";

/** Parsed batch options. */
export interface BatchOptions {
  /** Every `-i`, in order. */
  readonly inputs: readonly string[];
  readonly outDir: string | undefined;
  readonly ext: string | undefined;
  /** Inputs in flight (and workers); default one per core. */
  readonly jobs: number;
  readonly shard: Shard;
  /** `false` with `--no-cache`. */
  readonly useCache: boolean;
  /** The result cache's size bound in bytes. */
  readonly cacheMaxBytes: number;
}

/**
 * Reads the batch flags.
 *
 * @throws {QipError} kind `usage`: `Invalid jobs: 0 (expected 1..256)`, `Invalid shard: …`,
 *   `Invalid ext: …`, `Cannot set --cache-max to "…": …`.
 */
export function parseBatchOptions(flags: ParsedFlags, usage: string): BatchOptions {
  const jobs = integerFlag(flags, "jobs", "--jobs", usage);
  if (jobs !== undefined && (jobs < 1n || jobs > 256n)) {
    throw new QipError("usage", `Invalid jobs: ${jobs} (expected 1..256)`);
  }
  const rawShard = stringFlag(flags, "shard");
  const rawCacheMax = stringFlag(flags, "cache-max");
  const cacheMaxBytes = rawCacheMax === undefined
    ? DEFAULT_RESULT_CACHE_BYTES
    : parseByteSize(rawCacheMax);
  if (cacheMaxBytes === undefined) {
    throw new QipError(
      "usage",
      `Cannot set --cache-max to "${rawCacheMax}": expected a size such as 64MiB, 1GiB or 1048576`,
    );
  }
  return {
    inputs: stringFlags(flags, "input"),
    outDir: stringFlag(flags, "output"),
    ext: parseExtension(stringFlag(flags, "ext")),
    jobs: jobs === undefined ? navigator.hardwareConcurrency : Number(jobs),
    shard: rawShard === undefined ? { index: 1, count: 1 } : parseShard(rawShard),
    useCache: !booleanFlag(flags, "no-cache"),
    cacheMaxBytes,
  };
}
