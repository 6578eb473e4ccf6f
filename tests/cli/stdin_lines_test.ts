/**
 * LineReader (the answers of `qip form`): lines split across reads come out whole and in order,
 * a long line is read in linear time, and a line that never ends stops at its bound.
 */
import assert from "node:assert/strict";
import { LineReader } from "../../src/cli/_stdin_lines.ts";

/** A source that hands out `data` `step` bytes at a time, as a pipe does. */
function chunked(data: Uint8Array, step: number) {
  let offset = 0;
  return {
    reads: 0,
    read(buffer: Uint8Array): Promise<number | null> {
      if (offset === data.byteLength) return Promise.resolve(null);
      const count = Math.min(step, buffer.byteLength, data.byteLength - offset);
      buffer.set(data.subarray(offset, offset + count));
      offset += count;
      this.reads++;
      return Promise.resolve(count);
    },
  };
}

const text = new TextDecoder();

Deno.test("LineReader returns every line whole, whatever the read sizes", async () => {
  const lines = Array.from(
    { length: 500 },
    (_, index) => `line ${index} ${"x".repeat(index * 7)}\n`,
  );
  for (const step of [1, 3, 4096, 65_536]) {
    const reader = new LineReader(chunked(new TextEncoder().encode(`${lines.join("")}tail`), step));
    for (const line of lines) assert.equal(text.decode(await reader.readLine()), line);
    assert.equal(text.decode(await reader.readLine()), "tail");
    assert.equal(await reader.readLine(), undefined);
  }
});

Deno.test("LineReader reads a 64 MiB line in reads of 4 KiB, once each", async () => {
  const data = new Uint8Array(64 * 1024 * 1024 + 2).fill(0x61);
  data[data.byteLength - 2] = 0x0a;
  const source = chunked(data, 4096);
  const reader = new LineReader(source);
  const line = await reader.readLine();
  assert.equal(line?.byteLength, data.byteLength - 1);
  assert.equal(line?.at(-1), 0x0a);
  assert.equal(text.decode(await reader.readLine()), "a");
  // Every byte arrives in exactly one read: nothing is read twice or re-requested.
  assert.equal(source.reads, Math.ceil(data.byteLength / 4096));
});

Deno.test("LineReader refuses a line longer than its bound in one line", async () => {
  const reader = new LineReader(
    chunked(new Uint8Array(3 * 1024 * 1024).fill(0x61), 65_536),
    1024 * 1024,
  );
  await assert.rejects(reader.readLine(), {
    message: "Input is too large: a line of stdin is over the limit of 1 MiB",
  });
});
