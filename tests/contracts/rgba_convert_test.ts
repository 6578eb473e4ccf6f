import assert from "node:assert/strict";
import { rgbaConverter } from "../../src/contracts/_rgba_convert.ts";
import { byteToFloat, floatToByte } from "../../src/contracts/_rgba_float.ts";
import { RGBA_CONVERT_WASM_BASE64 } from "../../src/contracts/_rgba_convert_wasm.ts";
import { assembleRgbaConvert, rgbaConvertModuleText } from "../../scripts/generate_rgba_convert.ts";

function memories() {
  const image = new WebAssembly.Memory({ initial: 2, maximum: 2, shared: true });
  const tile = new WebAssembly.Memory({ initial: 2 });
  return { image, tile, converter: rgbaConverter(image, tile) };
}

Deno.test("_rgba_convert_wasm.ts is rgba_convert.wat, assembled", async () => {
  const bytes = await assembleRgbaConvert();
  assert.equal(
    rgbaConvertModuleText(bytes),
    await Deno.readTextFile(new URL("../../src/contracts/_rgba_convert_wasm.ts", import.meta.url)),
  );
  assert.ok(RGBA_CONVERT_WASM_BASE64.length > 0);
});

Deno.test("rgbaConverter().bytesToFloats() matches byteToFloat() for every byte, row by row", () => {
  const { image, tile, converter } = memories();
  const bytes = new Uint8Array(image.buffer);
  for (let index = 0; index < 512; index++) bytes[index] = (index * 37) & 255;
  // Two rows of 60 channels (a 15-pixel tile row: 3 vector steps and 12 single channels).
  converter.bytesToFloats(4, 256, 60, 2, 64, 1024);
  const floats = new Float32Array(tile.buffer);
  for (const [row, from] of [[0, 4], [1, 260]]) {
    for (let channel = 0; channel < 60; channel++) {
      assert.equal(floats[16 + row! * 256 + channel], byteToFloat(bytes[from! + channel]!));
    }
  }
  assert.equal(floats[16 + 60], 0); // nothing written past the row
});

Deno.test("rgbaConverter().floatsToBytes() matches floatToByte() on random bit patterns", () => {
  const { image, tile, converter } = memories();
  const floats = new Float32Array(tile.buffer, 0, 16_384);
  const bits = new Uint32Array(tile.buffer, 0, 16_384);
  const bytes = new Uint8Array(image.buffer, 65_536, 16_384);
  let state = 7;
  for (let round = 0; round < 40; round++) {
    for (let index = 0; index < floats.length; index++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      if (round % 2 === 0) bits[index] = state; // anything: NaN, ±∞, subnormals, huge values
      else floats[index] = (state / 2 ** 32) * 1.2 - 0.1; // mostly inside 0..1
    }
    floats.set([NaN, Infinity, -Infinity, -0, 0, 1, 0.5, Math.fround(1 - 2 ** -24)]);
    converter.floatsToBytes(0, 0, floats.length, 1, 65_536, 0);
    for (let index = 0; index < floats.length; index++) {
      if (bytes[index] !== floatToByte(floats[index]!)) {
        assert.fail(
          `floatsToBytes(${floats[index]}) = ${bytes[index]}, want ${floatToByte(floats[index]!)}`,
        );
      }
    }
  }
});

Deno.test("rgbaConverter() converts for a stage with a shared memory too (in JavaScript)", () => {
  const image = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
  const bytes = new Uint8Array(image.buffer);
  for (let index = 0; index < 1024; index++) bytes[index] = (index * 53) & 255;
  const results = [false, true].map((shared) => {
    const tile = shared
      ? new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true })
      : new WebAssembly.Memory({ initial: 1 });
    const converter = rgbaConverter(image, tile);
    converter.bytesToFloats(0, 256, 44, 3, 6, 512); // unaligned destination, 3 rows
    new Float32Array(tile.buffer, 4096, 4).set([NaN, -1, 2, 0.5]);
    converter.floatsToBytes(6, 512, 44, 3, 2000, 100);
    converter.floatsToBytes(4096, 0, 4, 1, 3000, 0);
    return [...new Uint8Array(tile.buffer, 0, 2048), ...bytes.subarray(2000, 3004)];
  });
  assert.deepEqual(results[1], results[0]);
  assert.deepEqual(Array.from(bytes.subarray(3000, 3004)), [0, 0, 255, 128]);
});
