import assert from "node:assert/strict";
import { formatGoDuration, formatGoDurationMs } from "../../src/format/go_duration.ts";

Deno.test("formatGoDuration() matches Go's time.Duration strings (spec cli.md §1.4)", () => {
  const cases: Array<[bigint, string]> = [
    [0n, "0s"],
    [850n, "850ns"],
    [1_500n, "1.5µs"],
    [12_000n, "12µs"],
    [999_999n, "999.999µs"],
    [100_000_000n, "100ms"],
    [1_234_567n, "1.234567ms"],
    [4_000_000_000n, "4s"],
    [1_500_000_000n, "1.5s"],
    [60_000_000_000n, "1m0s"],
    [90_000_000_000n, "1m30s"],
    [3_600_000_000_000n, "1h0m0s"],
    [7_384_005_000_000n, "2h3m4.005s"],
    [-1_500_000_000n, "-1.5s"],
  ];
  for (const [nanoseconds, expected] of cases) {
    assert.equal(formatGoDuration(nanoseconds), expected, `${nanoseconds}ns`);
  }
});

Deno.test("formatGoDurationMs() words time limits like the spec (100, 250, 1500, 4000, 60000)", () => {
  assert.deepEqual(
    [100, 250, 1500, 4000, 60000].map(formatGoDurationMs),
    ["100ms", "250ms", "1.5s", "4s", "1m0s"],
  );
});
