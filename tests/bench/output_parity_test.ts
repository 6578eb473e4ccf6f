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
    )}); bytes 0-3: expected 61 62 63 64 |abcd|, actual 61 62 58 64 |abXd|`,
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

Deno.test("describeMismatch() shows a window of both outputs around the first difference", async () => {
  const expected = utf8(`${"x".repeat(40)}A${"y".repeat(40)}`);
  const actual = { encoding: "utf8" as const, bytes: encoder.encode(`${"x".repeat(40)}\n`) };
  const description = (await describeMismatch(expected, actual))!;
  assert.match(description, /^output differs at byte 40 \(/);
  assert.ok(
    description.endsWith(
      "; bytes 32-55: expected … 78 78 78 78 78 78 78 78 41 79 79 79 79 79 79 79 79 79 79 79 79 79 79 79 … " +
        "|xxxxxxxxAyyyyyyyyyyyyyyy|, actual … 78 78 78 78 78 78 78 78 0a |xxxxxxxx.|",
    ),
    description,
  );
});

Deno.test("describeMismatch() compares the results of scalar modules", async () => {
  const scalar = (ran: number) => ({ encoding: "raw" as const, bytes: new Uint8Array(0), ran });
  assert.equal(await describeMismatch(scalar(3), scalar(3)), undefined);
  assert.equal(
    await describeMismatch(scalar(3), scalar(6)),
    "scalar result differs (expected Ran: 3, actual Ran: 6)",
  );
  assert.equal(
    await describeMismatch(scalar(3), { encoding: "raw", bytes: new Uint8Array(0) }),
    "scalar result differs (expected Ran: 3, actual an output buffer)",
  );
});
