import assert from "node:assert/strict";
import { parseUniformValue } from "../../src/contracts/uniform_abi.ts";

const parse = (text: string, type: "f32" | "f64" | "i32" | "i64" = "f32") =>
  parseUniformValue(text, type, "uniform_set_x");

Deno.test("parseUniformValue() reads Go float syntax for f32 (decimal, exponent, hex, inf, nan)", () => {
  assert.equal(parse("0.1"), Math.fround(0.1));
  assert.equal(parse("-2.5e-1"), -0.25);
  assert.equal(parse(".5"), 0.5);
  assert.equal(parse("5."), 5);
  assert.equal(parse("+7"), 7);
  assert.equal(parse("0x1p-2"), 0.25);
  assert.equal(parse("0X1.8P1"), 3);
  assert.equal(parse("inf"), Infinity);
  assert.equal(parse("+Inf"), Infinity);
  assert.equal(parse("-infinity"), -Infinity);
  assert.ok(Number.isNaN(parse("NaN") as number));
  assert.equal(parse("1e38"), Math.fround(1e38));
  assert.equal(parse("1e39", "f64"), 1e39);
});

Deno.test("parseUniformValue() refuses what Go's ParseFloat refuses, with the spec's message", () => {
  for (const text of ["", " 1", "1 ", "1_000", "0x10", "abc", "1e39", "--1", "1,5", "nan1"]) {
    assert.throws(() => parse(text), {
      name: "QipError",
      message: `invalid value "${text}" for uniform_set_x (expected f32)`,
    }, text);
  }
});

Deno.test("parseUniformValue() takes signed decimal integers only for i32 and i64", () => {
  assert.equal(parse("4", "i32"), 4);
  assert.equal(parse("-2147483648", "i32"), -2147483648);
  assert.equal(parse("+12", "i32"), 12);
  assert.equal(parse("9223372036854775807", "i64"), 9223372036854775807n);
  for (const text of ["4.0", "0x10", "1_0", "", "2147483648", "1e3"]) {
    assert.throws(() => parse(text, "i32"), {
      message: `invalid value "${text}" for uniform_set_x (expected i32)`,
    });
  }
  assert.throws(() => parse("9223372036854775808", "i64"), {
    message: 'invalid value "9223372036854775808" for uniform_set_x (expected i64)',
  });
});

Deno.test("parseUniformValue() names unsupported parameter types (v128)", () => {
  assert.throws(() => parseUniformValue("1", "v128", "uniform_set_v"), {
    message: "uniform_set_v has unsupported parameter type",
  });
});
