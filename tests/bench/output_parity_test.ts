import assert from "node:assert/strict";
import { describeMismatch } from "../../src/bench/mod.ts";
import { sha256Hex } from "../../src/format/sha256_hex.ts";

const encoder = new TextEncoder();
const utf8 = (text: string) => ({ encoding: "utf8" as const, bytes: encoder.encode(text) });

Deno.test("describeMismatch() accepts identical outputs", async () => {
  assert.equal(await describeMismatch(utf8("same"), utf8("same")), undefined);
  const empty = { encoding: "raw" as const, bytes: new Uint8Array(0) };
  assert.equal(await describeMismatch(empty, empty), undefined);
});

Deno.test("describeMismatch() names the first differing byte, or the shorter length", async () => {
  const hash = (text: string) => sha256Hex(encoder.encode(text));
  assert.equal(
    await describeMismatch(utf8("abcd"), utf8("abXd")),
    `output differs at byte 2 (expected len=4 sha256=${await hash(
      "abcd",
    )}, actual len=4 sha256=${await hash(
      "abXd",
    )})`,
  );
  assert.match((await describeMismatch(utf8("abc"), utf8("ab")))!, /^output differs at byte 2 \(/);
  assert.match((await describeMismatch(utf8(""), utf8("x")))!, /^output differs at byte 0 \(/);
});

Deno.test("describeMismatch() compares encodings first (utf8 vs i32[])", async () => {
  assert.equal(
    await describeMismatch(utf8("abcd"), { encoding: "i32", bytes: encoder.encode("abcd") }),
    "encoding differs (expected utf8, actual i32[])",
  );
});
