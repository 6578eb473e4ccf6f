/**
 * Go's `time.Duration` string form, which qip's messages and reports use (spec: cli.md §1.4).
 *
 * @module
 */

const NS_PER_US = 1_000n;
const NS_PER_MS = 1_000_000n;
const NS_PER_S = 1_000_000_000n;

/**
 * Formats a duration given in whole nanoseconds the way Go prints a `time.Duration`:
 * `850ns`, `1.5µs`, `100ms`, `4s`, `1m0s`, `2h3m4.005s`. Decimals are truncated, never rounded.
 *
 * @example Time limits in messages
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatGoDuration } from "./go_duration.ts";
 * assert.equal(formatGoDuration(100_000_000n), "100ms");
 * assert.equal(formatGoDuration(60_000_000_000n), "1m0s");
 * ```
 */
export function formatGoDuration(nanoseconds: bigint): string {
  if (nanoseconds < 0n) return `-${formatGoDuration(-nanoseconds)}`;
  if (nanoseconds === 0n) return "0s";
  if (nanoseconds < NS_PER_US) return `${nanoseconds}ns`;
  if (nanoseconds < NS_PER_MS) return `${fixedPoint(nanoseconds, NS_PER_US, 3)}µs`;
  if (nanoseconds < NS_PER_S) return `${fixedPoint(nanoseconds, NS_PER_MS, 6)}ms`;
  const hours = nanoseconds / (3600n * NS_PER_S);
  const minutes = (nanoseconds / (60n * NS_PER_S)) % 60n;
  const seconds = fixedPoint(nanoseconds % (60n * NS_PER_S), NS_PER_S, 9);
  if (hours > 0n) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0n) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}

/** Formats whole milliseconds as a Go duration (`100` → `100ms`, `4000` → `4s`). */
export function formatGoDurationMs(milliseconds: number): string {
  return formatGoDuration(BigInt(Math.trunc(milliseconds)) * NS_PER_MS);
}

/** `value / unit` with up to `digits` decimals, trailing zeros and a bare point removed. */
function fixedPoint(value: bigint, unit: bigint, digits: number): string {
  const whole = value / unit;
  const fraction = (value % unit).toString().padStart(digits, "0").replace(/0+$/, "");
  return fraction === "" ? `${whole}` : `${whole}.${fraction}`;
}
