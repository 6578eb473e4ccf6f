import assert from "node:assert/strict";
import { isRemoteArgument, parseModuleRef } from "../../src/host/mod.ts";

const HEX = "0123456789abcdef".repeat(4);

Deno.test("parseModuleRef() splits a #sha256= pin off URLs and paths, lowercasing it", () => {
  assert.deepEqual(parseModuleRef(`https://h/m.wasm#sha256=${HEX.toUpperCase()}`), {
    argument: `https://h/m.wasm#sha256=${HEX.toUpperCase()}`,
    location: "https://h/m.wasm",
    scheme: "https",
    pinnedDigest: HEX,
  });
  assert.deepEqual(parseModuleRef(`mods/m.wasm#sha256=${HEX}`), {
    argument: `mods/m.wasm#sha256=${HEX}`,
    location: "mods/m.wasm",
    scheme: "file",
    pinnedDigest: HEX,
  });
});

Deno.test("parseModuleRef() keeps the reference's schemes: only exact https:// and http:// are URLs", () => {
  const schemes = ["https://h/m", "http://h/m", "HTTPS://h/m", "file:///m", "-", "m.wasm#frag"]
    .map((argument) => [argument, parseModuleRef(argument).scheme]);
  assert.deepEqual(schemes, [
    ["https://h/m", "https"],
    ["http://h/m", "http"],
    ["HTTPS://h/m", "file"],
    ["file:///m", "file"],
    ["-", "file"],
    ["m.wasm#frag", "file"],
  ]);
  assert.deepEqual(
    ["https://h/m", "http://h/m", "HTTPS://h/m", "m.wasm"].map(isRemoteArgument),
    [true, true, false, false],
  );
});

Deno.test("parseModuleRef() refuses a malformed pin (#sha256=abc)", () => {
  for (const argument of ["https://h/m.wasm#sha256=abc", `m.wasm#sha256=${HEX}0`]) {
    assert.throws(() => parseModuleRef(argument), {
      message:
        `Cannot read the pin of "${argument}": expected #sha256= and 64 hex digits at the end`,
    });
  }
});
