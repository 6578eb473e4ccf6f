/**
 * 16-bit PNG input is premultiplied as Go's `image.RGBA` conversion does it: at 16 bits, then
 * the high byte (`NRGBA64.RGBA()` is `c·a / 0xffff`; `draw.Src` keeps `>> 8`). The files are
 * written byte by byte here (every filter type, Adam7 too) and the expected pixels come from
 * that formula written out below, or from arithmetic in the comments, never from the decoder.
 */

import assert from "node:assert/strict";
import { decodeImage } from "../../src/image/_decode_image.ts";
import { DECODER_MODULES } from "../../src/image/_decoder_modules.ts";
import { useDecoderModules } from "../../src/image/_imagescript_decoders.ts";
import { png16, type Samples } from "../support/png16_files.ts";

// In qip the host compiles the decoders and hands them to the codec worker; here, to this thread.
useDecoderModules(DECODER_MODULES);

/** Go: `uint8((c * a / 0xffff) >> 8)` for colour, `uint8(a >> 8)` for alpha. */
function goPremultiplied(samples: Samples): number[] {
  const alpha = samples.at(-1)!;
  const colours = samples.length === 2 ? [samples[0]!, samples[0]!, samples[0]!] : samples;
  return [...colours.slice(0, 3).map((c) => Math.floor((c * alpha) / 0xffff) >> 8), alpha >> 8];
}

/** What reducing to 8 bits first and premultiplying after gives (the old, wrong path). */
function reducedFirst(samples: Samples): number[] {
  const alpha = samples.at(-1)! >> 8;
  const colours = samples.length === 2 ? [samples[0]!, samples[0]!, samples[0]!] : samples;
  return [
    ...colours.slice(0, 3).map((c) =>
      alpha === 255 ? c >> 8 : Math.floor(((c >> 8) * 257 * alpha) / 255) >> 8
    ),
    alpha,
  ];
}

/** Deterministic 16-bit samples of every size. */
function samples(count: number, seed: number): number[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state >>> 16;
  });
}

function grid(width: number, height: number, channels: number, seed: number): Samples[] {
  const flat = samples(width * height * channels, seed);
  return Array.from(
    { length: width * height },
    (_, index) => flat.slice(index * channels, index * channels + channels),
  );
}

async function decoded(file: Uint8Array): Promise<number[]> {
  return Array.from((await decodeImage(file)).pixels);
}

Deno.test("a 16-bit RGBA pixel is premultiplied at 16 bits, then reduced", async () => {
  // R = 0xfda9 = 64937, A = 0xe623 = 58915: 64937·58915 = 3 825 763 355, / 65535 = 58377
  // (remainder 26 660), >> 8 = 228. Reduced first: 253·257·230 / 255 = 58646, >> 8 = 229.
  // G = 0xffff: 65535·58915 / 65535 = 58915, >> 8 = 230. B = 0: 0. Alpha 0xe623 >> 8 = 230.
  const file = png16({
    width: 1,
    height: 1,
    colourType: 6,
    pixels: [[0xfda9, 0xffff, 0, 0xe623]],
  });
  assert.deepEqual(await decoded(file), [228, 230, 0, 230]);
});

Deno.test("a 16-bit grey + alpha pixel is premultiplied at 16 bits, then reduced", async () => {
  // Y = 0x3742 = 14146, A = 0x53d0 = 21456: 14146·21456 = 303 516 576, / 65535 = 4631
  // (remainder 32 991), >> 8 = 18. Reduced first: 55·257·83 / 255 = 4600, >> 8 = 17.
  const file = png16({ width: 1, height: 1, colourType: 4, pixels: [[0x3742, 0x53d0]] });
  assert.deepEqual(await decoded(file), [18, 18, 18, 0x53]);
});

for (const colourType of [4, 6] as const) {
  for (const interlaced of [false, true]) {
    const name = `16-bit ${colourType === 6 ? "RGBA" : "grey + alpha"}` +
      `${interlaced ? ", interlaced" : ""}, every filter: every pixel as Go premultiplies it`;
    Deno.test(name, async () => {
      const width = 13;
      const height = 11;
      const pixels = grid(width, height, colourType === 6 ? 4 : 2, 7 + colourType);
      const expected = pixels.flatMap(goPremultiplied);
      // The image must tell the two conversions apart, or this test would prove nothing.
      assert.notDeepEqual(pixels.flatMap(reducedFirst), expected);
      assert.deepEqual(
        await decoded(png16({ width, height, colourType, pixels, interlaced })),
        expected,
      );
    });
  }
}

Deno.test("16-bit tRNS: only the exact 16-bit colour is transparent", async () => {
  // Grey 0x1234 is the transparent one; 0x1235 differs in the low byte only and stays opaque.
  const grey = png16({
    width: 2,
    height: 1,
    colourType: 0,
    pixels: [[0x1234], [0x1235]],
    trns: [0x12, 0x34],
  });
  assert.deepEqual(await decoded(grey), [0, 0, 0, 0, 0x12, 0x12, 0x12, 255]);
  const rgb = png16({
    width: 3,
    height: 1,
    colourType: 2,
    pixels: [[0x1234, 0xabcd, 0xff01], [0x1234, 0xabcd, 0xff00], [0xfffe, 0x00ff, 0x8000]],
    trns: [0x12, 0x34, 0xab, 0xcd, 0xff, 0x01],
  });
  assert.deepEqual(await decoded(rgb), [0, 0, 0, 0, 0x12, 0xab, 0xff, 255, 0xff, 0x00, 0x80, 255]);
});

Deno.test("16-bit without alpha keeps the high byte", async () => {
  const rgb = png16({
    width: 2,
    height: 1,
    colourType: 2,
    pixels: [[0x12ff, 0xfe00, 0x0080], [0xffff, 0, 0x7fff]],
  });
  assert.deepEqual(await decoded(rgb), [0x12, 0xfe, 0x00, 255, 0xff, 0, 0x7f, 255]);
});

Deno.test("a 16-bit RGBA file whose image data is cut short is refused, not misread", async () => {
  const whole = png16({ width: 4, height: 4, colourType: 6, pixels: grid(4, 4, 4, 3) });
  const idat = whole.findIndex((_, i) =>
    String.fromCharCode(...whole.subarray(i, i + 4)) === "IDAT"
  );
  const length = new DataView(whole.buffer).getUint32(idat - 4);
  const cut = Uint8Array.from([...whole.subarray(0, idat + 4 + length - 8)]);
  let message = "";
  try {
    await decodeImage(cut);
  } catch (error) {
    message = (error as Error).message;
  }
  assert.ok(message.startsWith("png: "), message);
});
