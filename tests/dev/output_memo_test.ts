/**
 * `OutputMemo`: a byte-bounded LRU keyed by (chain, source digest), and the reload rule that
 * drops entries of replaced chains.
 */
import assert from "node:assert/strict";
import { OutputMemo } from "../../src/dev/mod.ts";

const output = (byteCount: number) => ({
  output: { kind: "bytes", encoding: "utf8", bytes: new Uint8Array(byteCount) } as const,
  scalars: [],
});

Deno.test("OutputMemo.get() finds an output only under its chain and source digest", () => {
  const memo = new OutputMemo({ maxBytes: 64 * 1024 });
  const value = output(10);
  memo.set("chain-a", "source-1", value);
  assert.equal(memo.get("chain-a", "source-1"), value);
  assert.equal(memo.get("chain-b", "source-1"), undefined);
  assert.equal(memo.get("chain-a", "source-2"), undefined);
});

Deno.test("OutputMemo.set() evicts the least recently used entries to stay within its bytes", () => {
  const memo = new OutputMemo({ maxBytes: 16 * 1024 });
  for (const source of ["a", "b", "c"]) memo.set("chain", source, output(3500));
  memo.get("chain", "a");
  memo.set("chain", "d", output(3500));
  memo.set("chain", "e", output(3500));
  assert.ok(memo.byteCount <= 16 * 1024);
  assert.notEqual(memo.get("chain", "a"), undefined, "recently used");
  assert.equal(memo.get("chain", "b"), undefined, "least recently used");
  assert.notEqual(memo.get("chain", "e"), undefined);
});

Deno.test("OutputMemo.set() keeps no output larger than a quarter of its bytes", () => {
  const memo = new OutputMemo({ maxBytes: 16 * 1024 });
  memo.set("chain", "big", output(5000));
  assert.equal(memo.size, 0);
  assert.equal(memo.byteCount, 0);
});

Deno.test("OutputMemo.retainChains() drops the entries of chains a reload replaced", () => {
  const memo = new OutputMemo({ maxBytes: 64 * 1024 });
  memo.set("old", "s", output(10));
  memo.set("kept", "s", output(10));
  memo.retainChains(new Set(["kept", "new"]));
  assert.equal(memo.get("old", "s"), undefined);
  assert.notEqual(memo.get("kept", "s"), undefined);
  assert.equal(memo.size, 1);
});
