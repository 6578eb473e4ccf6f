/**
 * A `.wat` file given where a binary module belongs: every command says it is WebAssembly text
 * and how to build it, instead of V8's "expected magic word".
 */

import assert from "node:assert/strict";
import { isWebAssemblyText } from "../../src/host/_text_module.ts";
import { runQip } from "../support/run_qip.ts";

const hint = (path: string) =>
  `Wasm module could not be compiled: ${path} is WebAssembly text, not a binary module: ` +
  `build it with wat2wasm (wabt), or in a qip checkout with deno task modules ${path}\n`;

Deno.test("qip run, image and form name a .wat module as WebAssembly text", async () => {
  const run = await runQip(["run", "examples/hello.wat"], { stdin: "x" });
  assert.deepEqual([run.code, run.stderr], [1, hint("examples/hello.wat")]);
  const image = await runQip([
    "image",
    "-i",
    "fixtures/images/saam-40x30.png",
    "-o",
    "/nonexistent/out.png",
    "examples/rgba/invert.wat",
  ]);
  assert.deepEqual([image.code, image.stderr], [1, hint("examples/rgba/invert.wat")]);
  const form = await runQip(["form", "fixtures/modules/form-runaway-run.wat"], { stdin: "" });
  assert.deepEqual([form.code, form.stderr], [1, hint("fixtures/modules/form-runaway-run.wat")]);
});

Deno.test("isWebAssemblyText() tells text from binary and from other text", () => {
  const text = (source: string) => new TextEncoder().encode(source);
  assert.equal(isWebAssemblyText(text("(module)")), true);
  assert.equal(isWebAssemblyText(text(";; a comment\n(module)")), true);
  assert.equal(isWebAssemblyText(text("\n  (; block ;) (module)")), true);
  assert.equal(isWebAssemblyText(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])), false);
  assert.equal(isWebAssemblyText(text("# not wasm")), false);
  assert.equal(isWebAssemblyText(text("<html>")), false);
});
