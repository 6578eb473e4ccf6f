/**
 * Byte sizes for people: IEC units, and parsing sizes given on the command line.
 *
 * @module
 */

const IEC_UNITS = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"] as const;

/**
 * Formats a byte count with IEC units and at most one decimal, trimming `.0`
 * (`65536` → `64 KiB`, `1572864` → `1.5 MiB`, `100` → `100 B`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatByteSize } from "./byte_size.ts";
 * assert.equal(formatByteSize(256 * 1024 * 1024), "256 MiB");
 * ```
 */
export function formatByteSize(byteCount: number): string {
  if (byteCount < 1024) return `${byteCount} B`;
  let value = byteCount;
  let unit: string = IEC_UNITS[0];
  for (const candidate of IEC_UNITS) {
    value /= 1024;
    unit = candidate;
    if (value < 1024) break;
  }
  return `${Number(value.toFixed(1))} ${unit}`;
}

const SIZE_SUFFIXES: Readonly<Record<string, number>> = {
  "": 1,
  "b": 1,
  "k": 1024,
  "kb": 1024,
  "kib": 1024,
  "m": 1024 ** 2,
  "mb": 1024 ** 2,
  "mib": 1024 ** 2,
  "g": 1024 ** 3,
  "gb": 1024 ** 3,
  "gib": 1024 ** 3,
};

/**
 * Parses a size such as `256MiB`, `64m`, `1GiB` or `1048576` into bytes (binary units: `M`
 * means MiB). Returns `undefined` when the text is not a size.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseByteSize } from "./byte_size.ts";
 * assert.equal(parseByteSize("16MiB"), 16 * 1024 * 1024);
 * assert.equal(parseByteSize("lots"), undefined);
 * ```
 */
export function parseByteSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)$/.exec(text.trim());
  if (match === null) return undefined;
  const multiplier = SIZE_SUFFIXES[(match[2] ?? "").toLowerCase()];
  if (multiplier === undefined) return undefined;
  const bytes = Math.floor(Number(match[1]) * multiplier);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}
