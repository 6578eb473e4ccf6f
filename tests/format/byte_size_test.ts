import assert from "node:assert/strict";
import { formatByteSize, parseByteSize } from "../../src/format/byte_size.ts";

Deno.test("formatByteSize() uses IEC units with at most one decimal", () => {
  assert.equal(formatByteSize(0), "0 B");
  assert.equal(formatByteSize(1023), "1023 B");
  assert.equal(formatByteSize(65536), "64 KiB");
  assert.equal(formatByteSize(1.5 * 1024 * 1024), "1.5 MiB");
  assert.equal(formatByteSize(256 * 1024 * 1024), "256 MiB");
  assert.equal(formatByteSize(5000 * 65536), "312.5 MiB");
});

Deno.test("parseByteSize() reads binary sizes and rejects other text", () => {
  assert.equal(parseByteSize("1048576"), 1048576);
  assert.equal(parseByteSize("64K"), 65536);
  assert.equal(parseByteSize("16MiB"), 16 * 1024 * 1024);
  assert.equal(parseByteSize("1gib"), 1024 ** 3);
  assert.equal(parseByteSize("1.5M"), 1.5 * 1024 * 1024);
  assert.equal(parseByteSize("lots"), undefined);
  assert.equal(parseByteSize("12 parsecs"), undefined);
  assert.equal(parseByteSize("-1M"), undefined);
});
