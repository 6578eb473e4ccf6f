import assert from "node:assert/strict";
import { CodecPool } from "../../src/image/codec_pool.ts";
import { decodePng, useDecoderModules } from "../../src/image/_imagescript_decoders.ts";
import { DECODER_MODULES } from "../../src/image/_decoder_modules.ts";
import { premultiplyInPlace, unpremultiplyChannel } from "../../src/image/premultiply.ts";
import { encodeBmp } from "../../src/image/bmp_encode.ts";
import { pngFile, syntheticImage } from "../support/image_files.ts";
import { REPO_ROOT } from "../support/run_qip.ts";

// Decoding on the main thread: hand in the decoders the codec workers get from the host.
useDecoderModules(DECODER_MODULES);

Deno.test("premultiplyInPlace() and unpremultiplyChannel() follow Go, wrap included", () => {
  const pixels = new Uint8Array([200, 100, 0, 128, 9, 9, 9, 0, 17, 34, 51, 255]);
  premultiplyInPlace(pixels);
  assert.deepEqual(Array.from(pixels), [100, 50, 0, 128, 0, 0, 0, 0, 17, 34, 51, 255]);
  assert.equal(unpremultiplyChannel(100, 128), 199); // 200 does not survive the round trip
  // A colour above its alpha wraps modulo 256 instead of saturating (cli.md §5.6).
  assert.equal(unpremultiplyChannel(155, 128), 53);
  assert.equal(unpremultiplyChannel(255, 128), 253);
});

Deno.test("CodecPool.encodePng() writes colour type 2 for opaque images and 6 otherwise", async () => {
  using codecs = new CodecPool({ size: 2 });
  const opaque = syntheticImage(70, 130, { opaque: true });
  const png = await codecs.encodePng(opaque);
  assert.equal(png[25], 2);
  assert.deepEqual(decodePng(png).pixels, opaque.pixels);
  const translucent = syntheticImage(70, 130);
  const straight = decodePng(await codecs.encodePng(translucent));
  assert.equal((await codecs.encodePng(translucent))[25], 6);
  for (let at = 0; at < translucent.pixels.length; at += 4) {
    const alpha = translucent.pixels[at + 3]!;
    const want = alpha === 0
      ? [0, 0, 0, 0]
      : alpha === 255
      ? Array.from(translucent.pixels.subarray(at, at + 4))
      : [
        ...Array.from(
          translucent.pixels.subarray(at, at + 3),
          (c) => unpremultiplyChannel(c, alpha),
        ),
        alpha,
      ];
    assert.deepEqual(Array.from(straight.pixels.subarray(at, at + 4)), want, `byte ${at}`);
  }
});

Deno.test("CodecPool.encodePng() round-trips grey bands (compressed apart) beside colour ones", async () => {
  using codecs = new CodecPool({ size: 2 });
  // 300 rows: grey bands, then a colour band, then grey again; the grey ones are level-2 deflate.
  const image = syntheticImage(70, 300, { opaque: true });
  const { pixels } = image;
  for (let at = 0; at < pixels.length; at += 4) {
    const row = Math.floor(at / 4 / 70);
    if (row >= 128 && row < 192) continue;
    pixels[at + 1] = pixels[at]!;
    pixels[at + 2] = pixels[at]!;
  }
  const png = await codecs.encodePng(image);
  assert.equal(png[25], 2);
  assert.deepEqual(decodePng(png).pixels, pixels);
});

Deno.test("CodecPool.encodePng() gives the same file for 1 and 3 workers, warmed or not", async () => {
  const image = syntheticImage(97, 300);
  using one = new CodecPool({ size: 1 });
  using three = new CodecPool({ size: 3 });
  three.warmEncoder();
  assert.deepEqual(await one.encodePng(image), await three.encodePng(image));
});

Deno.test("CodecPool.decode() premultiplies PNG alpha and reads a JPEG crop", async () => {
  using codecs = new CodecPool();
  const image = { width: 2, height: 1, pixels: new Uint8Array([200, 100, 0, 128, 1, 2, 3, 255]) };
  const decoded = await codecs.decode(pngFile(image));
  assert.deepEqual(Array.from(decoded.pixels), [100, 50, 0, 128, 1, 2, 3, 255]);
  const jpeg = await codecs.decode(
    await Deno.readFile(`${REPO_ROOT}/fixtures/images/cliffs-100x70.jpg`),
  );
  assert.deepEqual([jpeg.width, jpeg.height], [100, 70]);
  for (let at = 3; at < jpeg.pixels.length; at += 4) assert.equal(jpeg.pixels[at], 255);
});

Deno.test("CodecPool.decode() converts a CMYK JPEG like ImageMagick does (first pixel)", async () => {
  using codecs = new CodecPool();
  const cmyk = await codecs.decode(
    await Deno.readFile(`${REPO_ROOT}/fixtures/images/cliffs-100x70-cmyk.jpg`),
  );
  // Decoded C M Y K = 0 75 80 167: R = (255 − C)(255 − K)/255 = 88, G = 62, B = 60.
  assert.deepEqual(Array.from(cmyk.pixels.subarray(0, 4)), [88, 62, 60, 255]);
});

Deno.test("CodecPool.decode() gives one clear line for corrupt and truncated files", async () => {
  using codecs = new CodecPool();
  const png = pngFile(syntheticImage(40, 40));
  const jpeg = await Deno.readFile(`${REPO_ROOT}/fixtures/images/cliffs-100x70.jpg`);
  const bmp = encodeBmp(syntheticImage(8, 8));
  const corrupt = png.slice();
  corrupt.fill(0x55, 41, 80); // inside the IDAT data
  const cases: [Uint8Array, RegExp][] = [
    [png.slice(0, png.length - 30), /^Error decoding image file: png: failed to decode \(-\d+\)$/],
    [corrupt, /^Error decoding image file: png: failed to decode \(-\d+\)$/],
    [png.slice(0, 20), /^Error decoding image file: png: failed to decode \(-\d+\)$/],
    [jpeg.slice(0, 600), /^Error decoding image file: jpeg: failed to decode$/],
    [bmp.slice(0, 100), /^Error decoding image file: bmp: BMP pixel data out of range$/],
    [new TextEncoder().encode("GIF89a"), /^Error decoding image file: image: unknown format$/],
    [new Uint8Array(0), /^Error decoding image file: image: unknown format$/],
  ];
  for (const [bytes, message] of cases) {
    await assert.rejects(codecs.decode(bytes), { name: "QipError", message });
  }
});
