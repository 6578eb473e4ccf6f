/**
 * The limit flags `run`, `image` and `bench` share: `--timeout-ms`, `--max-memory`, `--fuel`,
 * `--deterministic`/`--no-deterministic`. One parser, so every command words the same errors the
 * same way.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import { formatByteSize, parseByteSize } from "../format/mod.ts";
import { DEFAULT_LIMITS, type StageLimits, WASM_PAGE_BYTES } from "../sandbox/mod.ts";
import { booleanFlag, integerFlag, type ParsedFlags, stringFlag } from "./_flags.ts";

/** The largest 32-bit memory: 65536 pages (4 GiB). */
const MAX_MEMORY_PAGES = 65_536;

/**
 * Reads the limit flags, falling back to `defaults` and then to {@linkcode DEFAULT_LIMITS}.
 *
 * @throws {QipError} kind `usage`: `Invalid timeout-ms: <n>`, `Invalid fuel: <n>`,
 *   `Cannot set --max-memory to "<raw>": …`.
 */
export function parseLimitFlags(
  flags: ParsedFlags,
  usage: string,
  defaults: Partial<StageLimits> = {},
): StageLimits {
  const base = { ...DEFAULT_LIMITS, ...defaults };
  const timeoutMs = integerFlag(flags, "timeout-ms", "--timeout-ms", usage);
  if (timeoutMs !== undefined && timeoutMs <= 0n) {
    throw new QipError("usage", `Invalid timeout-ms: ${timeoutMs}`);
  }
  const fuel = integerFlag(flags, "fuel", "--fuel", usage);
  if (fuel !== undefined && fuel <= 0n) throw new QipError("usage", `Invalid fuel: ${fuel}`);
  const rawMemory = stringFlag(flags, "max-memory");
  const deterministic = booleanFlag(flags, "deterministic");
  if (deterministic && booleanFlag(flags, "no-deterministic")) {
    throw new QipError("usage", "Cannot use --deterministic with --no-deterministic");
  }
  return {
    ...base,
    timeLimitMs: timeoutMs === undefined ? base.timeLimitMs : Number(timeoutMs),
    memoryLimitPages: rawMemory === undefined ? base.memoryLimitPages : memoryPages(rawMemory),
    fuel: fuel ?? base.fuel,
    deterministic: deterministic ||
      (base.deterministic && !booleanFlag(flags, "no-deterministic")),
  };
}

function memoryPages(raw: string): number {
  const bytes = parseByteSize(raw);
  const fail = (why: string) =>
    new QipError("usage", `Cannot set --max-memory to "${raw}": ${why}`);
  if (bytes === undefined) throw fail("expected a size such as 64MiB, 1GiB or 1048576");
  const pages = Math.floor(bytes / WASM_PAGE_BYTES);
  if (pages < 1 || pages > MAX_MEMORY_PAGES) {
    throw fail(
      `value must be between 64 KiB and ${formatByteSize(MAX_MEMORY_PAGES * WASM_PAGE_BYTES)}`,
    );
  }
  return pages;
}
