import assert from "node:assert/strict";
import { TURBO_JPEG_WASM_BASE64 } from "../../src/image/_turbo_jpeg_wasm.ts";
import { DecodeError } from "../../src/image/_imagescript_decoders.ts";
import { decodeTurboJpeg } from "../../src/image/_turbo_jpeg.ts";
import { turboJpegModule as compileTurboJpeg } from "../../src/image/_turbo_jpeg_module.ts";
import { PACKAGE_TURBO_JPEG_WASM } from "../../scripts/vendor_turbo_jpeg.ts";
import { REPO_ROOT } from "../support/run_qip.ts";

const turboJpegModule = compileTurboJpeg();
const image = (name: string) => Deno.readFileSync(`${REPO_ROOT}/fixtures/images/${name}`);

/** The RGB bytes of a binary PPM (`P6`, maxval 255) and its size. */
function readPpm(bytes: Uint8Array): { width: number; height: number; rgb: Uint8Array } {
  const fields: string[] = [];
  let at = 0;
  while (fields.length < 4) {
    while (bytes[at]! <= 32) at++;
    let field = "";
    while (bytes[at]! > 32) field += String.fromCharCode(bytes[at++]!);
    fields.push(field);
  }
  assert.deepEqual([fields[0], fields[3]], ["P6", "255"]);
  return { width: Number(fields[1]), height: Number(fields[2]), rgb: bytes.subarray(at + 1) };
}

for (const name of ["saam-40x30", "saam-40x30-progressive", "cliffs-100x70"]) {
  Deno.test(`decodeTurboJpeg() gives djpeg's pixels exactly: ${name}.jpg`, () => {
    const reference = readPpm(
      Deno.readFileSync(`${REPO_ROOT}/fixtures/reference/${name}.djpeg.ppm`),
    );
    const decoded = decodeTurboJpeg(turboJpegModule, image(`${name}.jpg`));
    assert.deepEqual([decoded.width, decoded.height], [reference.width, reference.height]);
    const rgba = new Uint8Array(reference.rgb.length / 3 * 4);
    for (let pixel = 0; pixel < reference.rgb.length / 3; pixel++) {
      rgba.set(reference.rgb.subarray(pixel * 3, pixel * 3 + 3), pixel * 4);
      rgba[pixel * 4 + 3] = 255;
    }
    assert.deepEqual(decoded.pixels, rgba);
  });
}

Deno.test("decodeTurboJpeg() converts Adobe CMYK with R = C·K/255 truncated, like ImageMagick", () => {
  const decoded = decodeTurboJpeg(turboJpegModule, image("cliffs-100x70-cmyk.jpg"));
  assert.deepEqual([decoded.width, decoded.height], [100, 70]);
  // Stored (inverted) C M Y K = 255 180 175 88: R = 255·88/255 = 88, G = 62, B = 60.
  assert.deepEqual(Array.from(decoded.pixels.subarray(0, 4)), [88, 62, 60, 255]);
  for (let at = 3; at < decoded.pixels.length; at += 4) assert.equal(decoded.pixels[at], 255);
});

Deno.test("decodeTurboJpeg() refuses damaged files with one line, warnings included", () => {
  const jpeg = image("cliffs-100x70.jpg");
  const corrupt = jpeg.slice();
  corrupt.fill(0x55, 700, 900); // inside the entropy-coded data: libjpeg only warns
  for (
    const bytes of [jpeg.slice(0, 600), jpeg.slice(0, 200), corrupt, new Uint8Array([0xff, 0xd8])]
  ) {
    assert.throws(() => decodeTurboJpeg(turboJpegModule, bytes), (error) => {
      assert.ok(error instanceof DecodeError);
      assert.equal(error.message, "jpeg: failed to decode");
      return true;
    });
  }
  // A failed decode leaves nothing behind: the next image decodes as usual.
  assert.equal(decodeTurboJpeg(turboJpegModule, jpeg).width, 100);
});

Deno.test("the embedded decoder is npm:@cwasm/jpeg-turbo@0.1.3's jpeg-turbo.wasm, byte for byte", () => {
  const embedded = Uint8Array.from(atob(TURBO_JPEG_WASM_BASE64), (char) => char.charCodeAt(0));
  assert.deepEqual(embedded, PACKAGE_TURBO_JPEG_WASM);
});
