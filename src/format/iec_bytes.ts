/**
 * Byte counts the way bench reports print them (spec: cli.md §4.6): `512 B`, `64.0 KiB`,
 * `1.5 MiB`, always one decimal above 1023 bytes, rounded as Go's `%.1f` rounds.
 *
 * @module
 */

import { formatGoFixed } from "./go_fixed.ts";

const UNITS = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"] as const;

/**
 * Formats `byteCount` with the largest IEC unit not above it and one decimal.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatIecBytes } from "./iec_bytes.ts";
 * assert.equal(formatIecBytes(65_536), "64.0 KiB");
 * assert.equal(formatIecBytes(1280), "1.2 KiB");
 * ```
 */
export function formatIecBytes(byteCount: number): string {
  if (byteCount < 1024) return `${byteCount} B`;
  let divisor = 1024;
  let unit = 0;
  while (unit < UNITS.length - 1 && byteCount / divisor >= 1024) {
    divisor *= 1024;
    unit++;
  }
  return `${formatGoFixed(byteCount / divisor, 1)} ${UNITS[unit]}`;
}
