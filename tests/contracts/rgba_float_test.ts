import assert from "node:assert/strict";
import {
  BYTE_TO_FLOAT,
  bytesToFloats,
  byteToFloat,
  floatsToBytes,
  floatToByte,
} from "../../src/contracts/_rgba_float.ts";
import * as driver from "../support/tile_abi_driver.ts";

Deno.test("byteToFloat() is one float32 multiplication by fround(1/255), not b/255", () => {
  assert.equal(BYTE_TO_FLOAT, 0.003921568859368563);
  let differences = 0;
  for (let byte = 0; byte < 256; byte++) {
    assert.equal(byteToFloat(byte), Math.fround(byte * BYTE_TO_FLOAT));
    assert.equal(byteToFloat(byte), driver.byteToFloat(byte));
    if (byteToFloat(byte) !== Math.fround(byte / 255)) differences++;
  }
  // The spec's count of bytes where the two formulas differ (abi.md §4.5); 3 is the first.
  assert.equal(differences, 126);
  assert.notEqual(byteToFloat(3), Math.fround(3 / 255));
});

Deno.test("floatToByte() clamps, maps NaN to 0 and round-trips every byte", () => {
  for (let byte = 0; byte < 256; byte++) assert.equal(floatToByte(byteToFloat(byte)), byte);
  const cases: [number, number][] = [
    [NaN, 0],
    [-0, 0],
    [-1e-9, 0],
    [-Infinity, 0],
    [1, 255],
    [7.5, 255],
    [Infinity, 255],
    [0.5, 128], // fround(127.5 + 0.5) = 128
    [Math.fround(0.001), 0], // 0.255 + 0.5 truncates to 0
    [Math.fround(0.002), 1], // 0.51 + 0.5 truncates to 1
    [Math.fround(0.9999), 255],
  ];
  for (const [value, byte] of cases) {
    assert.equal(floatToByte(value), byte, `floatToByte(${value})`);
    assert.equal(driver.floatToByte(value), byte, `driver floatToByte(${value})`);
  }
});

Deno.test("bytesToFloats() and floatsToBytes() agree with the one-value conversions", () => {
  const bytes = Uint8Array.from({ length: 256 }, (_, index) => 255 - index);
  const floats = new Float32Array(260);
  bytesToFloats(bytes, 0, floats, 4, 256);
  assert.deepEqual(Array.from(floats.subarray(4)), Array.from(bytes, byteToFloat));
  floats.set([NaN, -2, 2, 0.25], 0);
  const back = new Uint8Array(260);
  floatsToBytes(floats, 0, back, 0, 260);
  assert.deepEqual(Array.from(back.subarray(0, 4)), [0, 0, 255, 64]);
  assert.deepEqual(back.subarray(4), bytes);
});
