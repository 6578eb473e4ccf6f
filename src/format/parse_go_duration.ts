/**
 * Go's `time.ParseDuration`, with its error texts, for `--benchtime` (spec: cli.md §4.1, §4.2).
 *
 * @module
 */

const NS_PER_UNIT: ReadonlyMap<string, bigint> = new Map([
  ["ns", 1n],
  ["us", 1_000n],
  ["µs", 1_000n], // U+00B5 MICRO SIGN
  ["μs", 1_000n], // U+03BC GREEK SMALL LETTER MU
  ["ms", 1_000_000n],
  ["s", 1_000_000_000n],
  ["m", 60_000_000_000n],
  ["h", 3_600_000_000_000n],
]);

const MAX_MAGNITUDE = 1n << 63n;

/**
 * Parses a Go duration such as `2s`, `500ms`, `1m30s` or `1.5h` into nanoseconds.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseGoDuration } from "./parse_go_duration.ts";
 * assert.equal(parseGoDuration("1m30s"), 90_000_000_000n);
 * assert.throws(() => parseGoDuration("2"), { message: 'time: missing unit in duration "2"' });
 * ```
 * @throws {SyntaxError} with Go's message: `time: invalid duration "abc"`, `time: missing unit
 *   in duration "2"`, `time: unknown unit "x" in duration "2x"`.
 */
export function parseGoDuration(text: string): bigint {
  const invalid = () => new SyntaxError(`time: invalid duration ${quote(text)}`);
  let rest = text;
  let negative = false;
  if (rest.startsWith("-") || rest.startsWith("+")) {
    negative = rest.startsWith("-");
    rest = rest.slice(1);
  }
  if (rest === "0") return 0n;
  if (rest === "") throw invalid();
  let total = 0n;
  while (rest !== "") {
    const number = /^(\d*)(?:\.(\d*))?/.exec(rest)!;
    const [consumed, whole = "", fraction] = number;
    if (whole === "" && (fraction === undefined || fraction === "")) throw invalid();
    rest = rest.slice(consumed.length);
    const unitText = /^[^.\d]*/.exec(rest)![0];
    if (unitText === "") throw new SyntaxError(`time: missing unit in duration ${quote(text)}`);
    rest = rest.slice(unitText.length);
    const unit = NS_PER_UNIT.get(unitText);
    if (unit === undefined) {
      throw new SyntaxError(`time: unknown unit ${quote(unitText)} in duration ${quote(text)}`);
    }
    let value = whole === "" ? 0n : BigInt(whole);
    if (value > MAX_MAGNITUDE / unit) throw invalid();
    value *= unit;
    value += fractionNs(fraction ?? "", unit);
    if (value > MAX_MAGNITUDE) throw invalid();
    total += value;
    if (total > MAX_MAGNITUDE) throw invalid();
  }
  if (negative) return -total;
  if (total > MAX_MAGNITUDE - 1n) throw invalid();
  return total;
}

/** Go adds `uint64(float64(f) * (float64(unit) / scale))`: the fraction, truncated to ns. */
function fractionNs(digits: string, unit: bigint): bigint {
  let fraction = 0n;
  let scale = 1;
  for (const digit of digits) {
    if (fraction > (MAX_MAGNITUDE - 1n) / 10n) break; // Go ignores digits past 63 bits
    const next = fraction * 10n + BigInt(digit);
    if (next > MAX_MAGNITUDE) break;
    fraction = next;
    scale *= 10;
  }
  if (fraction === 0n) return 0n;
  return BigInt(Math.trunc(Number(fraction) * (Number(unit) / scale)));
}

/** Go's `time.quote`: `"` and `\` escaped, bytes outside printable ASCII as `\xNN`. */
function quote(text: string): string {
  let quoted = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x20 || code >= 0x80) {
      for (const byte of new TextEncoder().encode(char)) {
        quoted += `\\x${byte.toString(16).padStart(2, "0")}`;
      }
    } else {
      quoted += char === '"' || char === "\\" ? `\\${char}` : char;
    }
  }
  return `${quoted}"`;
}
