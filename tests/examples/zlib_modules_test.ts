/**
 * The zlib modules (examples.md §3, §7.6, §8, §9 rows 7–12), run through the real `qip run`:
 * the reference snapshot bytes, round trips through `zlib-decompress.wasm`, and cross-checks with
 * `node:zlib` in both directions.
 *
 * @module
 */

import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { deflateSync, inflateSync } from "node:zlib";
import { assertFails, runExamples, TOO_LARGE } from "../support/run_examples.ts";
import { REPO_ROOT } from "../support/run_qip.ts";

const COMPRESS = "zlib-compress.wasm";
const FIXED = "zlib-compress-fixed-huffman.wasm";
const DYNAMIC = "zlib-compress-dynamic-huffman.wasm";
const DECOMPRESS = "zlib-decompress.wasm";
const COMPRESSORS = [COMPRESS, FIXED, DYNAMIC] as const;

/** The compressors' input cap, and the stored module's output cap (examples.md §3). */
const INPUT_CAP_BYTES = 8 * 1024 * 1024;
const STORED_OUTPUT_CAP_BYTES = INPUT_CAP_BYTES + 651;

const TOM_SAWYER = await Deno.readFile(
  `${REPO_ROOT}/fixtures/texts/Mark.Twain-Tom.Sawyer.txt`,
);

/** Runs `qip run examples/<module>...` on `stdin` and returns stdout; any failure fails the test. */
async function stdoutOf(
  modules: readonly string[],
  stdin: Uint8Array | string,
): Promise<Uint8Array> {
  const result = await runExamples(modules, stdin);
  assert.equal(result.code, 0, `qip run ${modules.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

function encode(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function decode(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

/** Deterministic incompressible bytes (xorshift32), so failures reproduce. */
function noise(byteCount: number, seed = 0x2545f491): Uint8Array {
  const bytes = new Uint8Array(byteCount);
  let state = seed;
  for (let i = 0; i < byteCount; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

/** Round-trip inputs of examples.md §7.6. */
const SAMPLES: ReadonlyArray<{ name: string; bytes: Uint8Array }> = [
  { name: "empty input", bytes: new Uint8Array() },
  { name: "short text", bytes: encode("Unix pipes of tiny sandboxed programs\n") },
  { name: "200000 noisy bytes: four stored blocks", bytes: noise(200_000) },
  { name: "Tom Sawyer: repetitive text", bytes: TOM_SAWYER },
];

// --- The reference snapshot (§9, rows 7–12) ---

const SNAPSHOT_BASE64: Readonly<Record<(typeof COMPRESSORS)[number], string>> = {
  [COMPRESS]: "eAEBCgD1/3FpcCArIHdhc20SeQNu",
  [FIXED]: "eAErzCxQ0FYoTyzOBQASeQNu",
  [DYNAMIC]: "eAEFwLENAAAIArBX2LmKkYEE4+D7dlwQp80DEnkDbg==",
};

for (const module of COMPRESSORS) {
  Deno.test(`${module} matches the reference snapshot (qip + wasm)`, async () => {
    // The two rows as the reference Makefile writes them: header line, stdout, and for the
    // round trip (raw output, no newline from the host) an extra newline of its own.
    const encoded = await stdoutOf([module, "base64-encode.wasm"], "qip + wasm");
    const decoded = await stdoutOf([module, DECOMPRESS], "qip + wasm");
    assert.equal(
      `module: ${module} | base64-encode.wasm\n${decode(encoded)}` +
        `module: ${module} | zlib-decompress.wasm\n${decode(decoded)}\n`,
      `module: ${module} | base64-encode.wasm\n${SNAPSHOT_BASE64[module]}\n` +
        `module: ${module} | zlib-decompress.wasm\nqip + wasm\n`,
    );
  });
}

Deno.test(`${DYNAMIC} matches the shipped module's output (echo "qip + wasm")`, async () => {
  const encoded = await stdoutOf([DYNAMIC, "base64-encode.wasm"], "qip + wasm\n");
  assert.equal(decode(encoded), "eAEFwCEOAAAIAsDOK+i8ikhw0xn8vjdpiuctPBXxA3g=\n");
  assert.equal(decode(await stdoutOf([DYNAMIC, DECOMPRESS], "qip + wasm\n")), "qip + wasm\n");
});

// --- Round trips and node:zlib cross-checks ---

for (const module of COMPRESSORS) {
  Deno.test(`${module} round trips through ${DECOMPRESS} (empty, text, 200000 bytes, Tom Sawyer)`, async () => {
    for (const { name, bytes } of SAMPLES) {
      const output = await stdoutOf([module, DECOMPRESS], bytes);
      assert.ok(Buffer.from(output).equals(bytes), `${name}: round trip changed the data`);
    }
  });

  Deno.test(`${module} output inflates with node:zlib (empty, text, 200000 bytes, Tom Sawyer)`, async () => {
    for (const { name, bytes } of SAMPLES) {
      const compressed = await stdoutOf([module], bytes);
      assert.deepEqual([...compressed.subarray(0, 2)], [0x78, 0x01], `${name}: zlib header`);
      assert.ok(inflateSync(compressed).equals(bytes), `${name}: node:zlib inflates other data`);
    }
  });
}

Deno.test(`${DECOMPRESS} decodes node:zlib output at levels 0, 1, 6 and 9 (Tom Sawyer, empty)`, async () => {
  for (const level of [0, 1, 6, 9]) {
    for (const bytes of [TOM_SAWYER, new Uint8Array()]) {
      const output = await stdoutOf([DECOMPRESS], deflateSync(bytes, { level }));
      assert.ok(Buffer.from(output).equals(bytes), `level ${level}, ${bytes.length} bytes`);
    }
  }
});

Deno.test("zlib compressors shrink Tom Sawyer (fixed and dynamic Huffman < 60%, stored + 36 bytes)", async () => {
  const size = TOM_SAWYER.length;
  const stored = await stdoutOf([COMPRESS], TOM_SAWYER);
  const fixed = await stdoutOf([FIXED], TOM_SAWYER);
  const dynamic = await stdoutOf([DYNAMIC], TOM_SAWYER);
  // Six stored blocks of 5 header bytes each, the 2-byte zlib header and the 4-byte checksum.
  assert.equal(stored.length, size + 6 * 5 + 6);
  assert.ok(fixed.length < size * 0.6, `fixed Huffman: ${fixed.length} of ${size} bytes`);
  assert.ok(dynamic.length < size * 0.6, `dynamic Huffman: ${dynamic.length} of ${size} bytes`);
  assert.ok(dynamic.length < fixed.length, `dynamic ${dynamic.length}, fixed ${fixed.length}`);
});

Deno.test(`${COMPRESS} fills exactly its output cap at its input cap (8 MiB)`, async () => {
  const input = noise(INPUT_CAP_BYTES);
  const compressed = await stdoutOf([COMPRESS], input);
  assert.equal(compressed.length, STORED_OUTPUT_CAP_BYTES);
  assert.ok(inflateSync(compressed).equals(input));
});

Deno.test(`${COMPRESS} is refused an input over its cap (8 MiB + 1)`, async () => {
  assertFails(await runExamples([COMPRESS], new Uint8Array(INPUT_CAP_BYTES + 1)), TOO_LARGE);
});

// --- zlib-decompress rejects anything but one valid stream (empty output) ---

const VALID_STREAM = deflateSync(TOM_SAWYER.subarray(0, 4000), { level: 6 });

async function assertRejected(stream: Uint8Array, what: string): Promise<void> {
  const output = await stdoutOf([DECOMPRESS], stream);
  assert.equal(output.length, 0, `${what}: expected empty output, got ${output.length} bytes`);
}

Deno.test(`${DECOMPRESS} accepts the untouched stream the rejection tests start from`, async () => {
  const output = await stdoutOf([DECOMPRESS], VALID_STREAM);
  assert.ok(Buffer.from(output).equals(TOM_SAWYER.subarray(0, 4000)));
});

Deno.test(`${DECOMPRESS} rejects trailing bytes after the Adler-32 (one zero byte, a second stream)`, async () => {
  await assertRejected(Buffer.concat([VALID_STREAM, Buffer.from([0])]), "one extra byte");
  await assertRejected(Buffer.concat([VALID_STREAM, VALID_STREAM]), "two streams");
});

Deno.test(`${DECOMPRESS} rejects a bad header (78 02, 88 1c, 78 20, "abc", empty input)`, async () => {
  const body = VALID_STREAM.subarray(2);
  await assertRejected(Buffer.concat([Buffer.from([0x78, 0x02]), body]), "FCHECK fails");
  await assertRejected(Buffer.concat([Buffer.from([0x88, 0x1c]), body]), "window over 32 KiB");
  await assertRejected(Buffer.concat([Buffer.from([0x78, 0x20]), body]), "preset dictionary");
  await assertRejected(encode("abc"), "not zlib");
  await assertRejected(new Uint8Array(), "empty input");
});

Deno.test(`${DECOMPRESS} rejects a wrong Adler-32 (last byte flipped)`, async () => {
  const corrupt = Uint8Array.from(VALID_STREAM);
  const last = corrupt.length - 1;
  corrupt[last] = corrupt[last]! ^ 0x01;
  await assertRejected(corrupt, "wrong checksum");
});

Deno.test(`${DECOMPRESS} rejects truncated streams (header only, mid-data, without checksum)`, async () => {
  for (const keep of [1, 2, 3, Math.floor(VALID_STREAM.length / 2), VALID_STREAM.length - 4]) {
    await assertRejected(VALID_STREAM.subarray(0, keep), `first ${keep} bytes`);
  }
  await assertRejected(VALID_STREAM.subarray(0, VALID_STREAM.length - 1), "3-byte checksum");
});
