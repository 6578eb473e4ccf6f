import assert from "node:assert/strict";
import { formatGoFixed } from "../../src/format/go_fixed.ts";
import { goQuote } from "../../src/format/go_quote.ts";
import { formatIecBytes } from "../../src/format/iec_bytes.ts";

Deno.test("formatGoFixed() rounds exact ties to even, like Go's %.Nf", () => {
  assert.equal(formatGoFixed(1.25, 1), "1.2");
  assert.equal(formatGoFixed(1.75, 1), "1.8");
  assert.equal(formatGoFixed(1.125, 2), "1.12");
  assert.equal(formatGoFixed(1.35, 1), "1.4"); // just above the tie in binary
  assert.equal(formatGoFixed(9.999, 2), "10.00");
  assert.equal(formatGoFixed(1, 2), "1.00");
  assert.equal(formatGoFixed(0.5, 0), "0");
});

Deno.test("formatIecBytes() prints bytes below 1 KiB and one decimal above", () => {
  assert.equal(formatIecBytes(0), "0 B");
  assert.equal(formatIecBytes(1023), "1023 B");
  assert.equal(formatIecBytes(1024), "1.0 KiB");
  assert.equal(formatIecBytes(1280), "1.2 KiB");
  assert.equal(formatIecBytes(65_536), "64.0 KiB");
  assert.equal(formatIecBytes(1_572_864), "1.5 MiB");
  assert.equal(formatIecBytes(5 * 1024 ** 3), "5.0 GiB");
});

Deno.test("goQuote() escapes like Go's strconv.Quote", () => {
  assert.equal(goQuote("examples/hello.wasm"), '"examples/hello.wasm"');
  assert.equal(goQuote('a"b\\c'), '"a\\"b\\\\c"');
  assert.equal(goQuote("tab\there\n"), '"tab\\there\\n"');
  assert.equal(goQuote("\x01é\u200b😀"), '"\\x01é\\u200b😀"');
});
