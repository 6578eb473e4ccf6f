/**
 * `unicode-17-normalize-nfc.wasm` (spec: examples.md §1), run through the real `qip run`: the
 * unit vectors of the spec, the module's edges (empty input, input at its cap, invalid UTF-8),
 * and a comparison with `String.prototype.normalize("NFC")` on every code point alone and on
 * random combining sequences.
 *
 * The engine's normalisation implements the Unicode version of V8's ICU (16.0 in Deno 2.9.6),
 * older than the module's 17.0, so the comparisons use only code points that the engine assigns;
 * the 42 combining marks new in Unicode 17 are checked separately.
 *
 * @module
 */

import assert from "node:assert/strict";
import { deriveClassRanks } from "../../scripts/generate_nfc_tables.ts";
import { assertFails, assertStdout, runExamples, TOO_LARGE } from "../support/run_examples.ts";

const MODULE = "unicode-17-normalize-nfc.wasm";
const CAP_BYTES = 1024 * 1024;
const UNASSIGNED = /^\p{Cn}$/u;
const encoder = new TextEncoder();

/** Every code point the engine assigns but surrogates and newline, as one-character strings. */
function assignedCharacters(): string[] {
  const chars: string[] = [];
  for (let codePoint = 0; codePoint <= 0x10ffff; codePoint++) {
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) continue;
    const char = String.fromCodePoint(codePoint);
    // A newline is the separator of normalizeEach(); it is a starter that maps to itself.
    if (!UNASSIGNED.test(char) && char !== "\n") chars.push(char);
  }
  return chars;
}

/**
 * Runs the module on `texts` joined by newlines, in as few runs under the cap as possible, and
 * returns its output split back into one result per text. A newline is a starter that composes
 * with nothing, so normalising the joined text normalises each text on its own.
 */
async function normalizeEach(texts: readonly string[]): Promise<string[]> {
  const results: string[] = [];
  let batch: string[] = [];
  let batchBytes = 0;
  const flush = async () => {
    const result = await runExamples([MODULE], batch.join("\n"));
    assert.equal(result.stderr, "");
    for (const line of result.stdoutText.slice(0, -1).split("\n")) results.push(line);
    batch = [];
    batchBytes = 0;
  };
  for (const text of texts) {
    const bytes = encoder.encode(text).length + 1;
    if (batchBytes + bytes > CAP_BYTES) await flush();
    batch.push(text);
    batchBytes += bytes;
  }
  if (batch.length > 0) await flush();
  return results;
}

/** Asserts the module gives what `normalize("NFC")` gives for each text, listing differences. */
async function assertNormalizesLikeEngine(texts: readonly string[]): Promise<void> {
  const actual = await normalizeEach(texts);
  assert.equal(actual.length, texts.length);
  const hex = (text: string) => [...text].map((c) => c.codePointAt(0)!.toString(16)).join(" ");
  const differences = texts.flatMap((text, i) =>
    actual[i] === text.normalize("NFC")
      ? []
      : [`${hex(text)}: ${hex(actual[i]!)}, want ${hex(text.normalize("NFC"))}`]
  );
  assert.deepEqual(differences.slice(0, 20), [], `${differences.length} differences`);
}

/** A small deterministic generator (mulberry32), so a failure can be reproduced. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// --- The unit vectors of the spec ---------------------------------------------------------------

const VECTORS: readonly [string, string, string][] = [
  ["e + combining acute", "e\u0301", "\u00e9"],
  ["Hangul L V T", "\u1100\u1161\u11a8", "\uac01"],
  ["ASCII", "hello", "hello"],
  ["D + dot above + dot below", "D\u0307\u0323", "\u1e0c\u0307"],
  ["E + macron + grave", "E\u0304\u0300", "\u1e14"],
  ["Hangul L, LV syllable + T", "\u1100\uac00\u11a8", "\u1100\uac01"],
];

for (const [label, input, expected] of VECTORS) {
  Deno.test(`${MODULE} normalises the spec's vector (${label})`, async () => {
    assertStdout(await runExamples([MODULE], input), `${expected}\n`);
  });
}

// --- Edges ---------------------------------------------------------------------------------------

Deno.test(`${MODULE} gives empty output for empty input`, async () => {
  assertStdout(await runExamples([MODULE], ""), "\n");
});

Deno.test(`${MODULE} accepts input at its cap (1 MiB of decomposed text)`, async () => {
  const unit = "Cafe\u0301 \u1100\u1161\u11a8 A\u030a\u0323 ";
  const text = unit.repeat(Math.floor(CAP_BYTES / encoder.encode(unit).length));
  const input = text + " ".repeat(CAP_BYTES - encoder.encode(text).length);
  assert.equal(encoder.encode(input).length, CAP_BYTES);
  assertStdout(await runExamples([MODULE], input), `${input.normalize("NFC")}\n`);
});

Deno.test(`${MODULE} refuses input over its cap (1 MiB + 1)`, async () => {
  assertFails(await runExamples([MODULE], "a".repeat(CAP_BYTES + 1)), TOO_LARGE);
});

const INVALID_UTF8: readonly [string, number[]][] = [
  ["a lone continuation byte", [0x61, 0x80]],
  ["0xFF", [0xff]],
  ["an overlong NUL", [0xc0, 0x80]],
  ["an overlong slash in three bytes", [0xe0, 0x80, 0xaf]],
  ["a surrogate", [0xed, 0xa0, 0x80]],
  ["a code point past U+10FFFF", [0xf4, 0x90, 0x80, 0x80]],
  ["a truncated sequence at the end", [0x65, 0xcc]],
];

for (const [label, bytes] of INVALID_UTF8) {
  Deno.test(`${MODULE} gives empty output for invalid UTF-8 (${label})`, async () => {
    assertStdout(await runExamples([MODULE], new Uint8Array(bytes)), "\n");
  });
}

Deno.test(`${MODULE} sorts a long run of marks (200,000 marks of 3 classes)`, async () => {
  // Written out rather than computed with normalize(), which takes seconds on this input: the
  // marks sort by class (dot below 220, acute 230, ypogegrammeni 240), the first dot below
  // composes with the a, and nothing else composes with a dot-below a.
  const count = 66_666;
  const input = `a${"\u0301\u0323\u0345".repeat(count)}b`;
  const expected = `\u1ea1${"\u0323".repeat(count - 1)}${"\u0301".repeat(count)}` +
    `${"\u0345".repeat(count)}b`;
  assertStdout(await runExamples([MODULE], input), `${expected}\n`);
});

// --- Against String.prototype.normalize ---------------------------------------------------------

Deno.test(`${MODULE} normalises every code point the engine assigns like normalize("NFC")`, async () => {
  await assertNormalizesLikeEngine(assignedCharacters());
});

Deno.test(`${MODULE} normalises 30,000 random combining sequences like normalize("NFC")`, async () => {
  const marks = [...deriveClassRanks().keys()].map((cp) => String.fromCodePoint(cp));
  // Bases: every character with a canonical decomposition and every piece of one, plus jamo.
  const bases = new Set<string>();
  for (const char of assignedCharacters()) {
    const decomposed = char.normalize("NFD");
    if (decomposed === char) continue;
    bases.add(char);
    for (const piece of decomposed) bases.add(piece);
  }
  for (let cp = 0x1100; cp <= 0x11ff; cp++) bases.add(String.fromCodePoint(cp));
  const pool = [...bases];
  const random = seededRandom(17);
  const pick = (from: readonly string[]) => from[Math.floor(random() * from.length)]!;
  const sequences = Array.from({ length: 30_000 }, () => {
    let text = "";
    const length = 1 + Math.floor(random() * 6);
    for (let i = 0; i < length; i++) text += random() < 0.5 ? pick(pool) : pick(marks);
    return text;
  });
  const changed = sequences.filter((text) => text.normalize("NFC") !== text).length;
  assert.ok(changed > 5_000, `only ${changed} sequences change under NFC`);
  await assertNormalizesLikeEngine(sequences);
});

Deno.test(`${MODULE} keeps marks new in Unicode 17 (U+1ACF alone, after a letter)`, async () => {
  assert.ok(UNASSIGNED.test("\u1acf"), "the engine does not know U+1ACF yet");
  assertStdout(await runExamples([MODULE], "\u1acf a\u1acf"), "\u1acf a\u1acf\n");
});
