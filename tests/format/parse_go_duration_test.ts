import assert from "node:assert/strict";
import { parseGoDuration } from "../../src/format/parse_go_duration.ts";

Deno.test("parseGoDuration() reads Go's units and combinations", () => {
  const cases: ReadonlyArray<readonly [string, bigint]> = [
    ["0", 0n],
    ["2s", 2_000_000_000n],
    ["500ms", 500_000_000n],
    ["1m30s", 90_000_000_000n],
    ["1.5h", 5_400_000_000_000n],
    ["2us", 2_000n],
    ["2µs", 2_000n],
    ["2μs", 2_000n],
    ["850ns", 850n],
    [".5s", 500_000_000n],
    ["1.s", 1_000_000_000n],
    ["+3ms", 3_000_000n],
    ["-1s", -1_000_000_000n],
    ["1h2m3.005s", 3_723_005_000_000n],
    ["9223372036854775807ns", 9_223_372_036_854_775_807n],
  ];
  for (const [text, nanoseconds] of cases) assert.equal(parseGoDuration(text), nanoseconds, text);
});

Deno.test("parseGoDuration() words its errors as Go does", () => {
  const cases: ReadonlyArray<readonly [string, string]> = [
    ["abc", 'time: invalid duration "abc"'],
    ["", 'time: invalid duration ""'],
    ["2", 'time: missing unit in duration "2"'],
    ["2x", 'time: unknown unit "x" in duration "2x"'],
    [".s", 'time: invalid duration ".s"'],
    ["9223372036854775808ns", 'time: invalid duration "9223372036854775808ns"'],
    ["1é", 'time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"'],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseGoDuration(text), { name: "SyntaxError", message }, text);
  }
});
