/**
 * `--deterministic` end to end: the real launcher, real workers, the fixtures of
 * docs/determinism.md; and the flag on every command that runs modules.
 */
import assert from "node:assert/strict";
import { parseBenchFlags } from "../../src/cli/_bench_command.ts";
import { parseBuildFlags } from "../../src/cli/_build_command.ts";
import { parseDevFlags } from "../../src/cli/_dev_command.ts";
import { parseImageFlags } from "../../src/cli/_image_flags.ts";
import { runQip } from "../support/run_qip.ts";
import { withTempDir } from "../support/temp_dir.ts";

const M = "fixtures/modules";

Deno.test("qip run --deterministic gives the canonical NaN where the engine keeps a payload", async () => {
  const engine = await runQip(["run", `${M}/nan-payload.wasm`]);
  const deterministic = await runQip(["run", "--deterministic", `${M}/nan-payload.wasm`]);
  assert.equal(deterministic.stdoutText, "7fc00000\n");
  assert.equal(deterministic.code, 0);
  // Without the mode the payload reaches the output: the fixture does test the mode.
  assert.notEqual(engine.stdoutText, "7fc00000\n");
  assert.match(engine.stdoutText, /^7fc[0-9a-f]{5}\n$/);
});

Deno.test("qip run --deterministic refuses relaxed SIMD, naming the instruction", async () => {
  const engine = await runQip(["run", `${M}/relaxed-simd.wasm`]);
  assert.equal(engine.stdoutText, "Ran: 2\n");
  const result = await runQip(["run", "--deterministic", `${M}/relaxed-simd.wasm`]);
  assert.equal(result.code, 1);
  assert.equal(
    result.stderr,
    `Wasm module could not be compiled: stage 0 (${M}/relaxed-simd.wasm): cannot instrument: ` +
      "deterministic mode refuses relaxed SIMD: f32x4.relaxed_madd in function 0\n",
  );
});

Deno.test("qip run --deterministic stops deep recursion at the call depth limit", async () => {
  const message = "Wasm module exceeded the call depth limit (10000 frame units): " +
    `stage 0 (${M}/deep-recursion.wasm)\n`;
  for (let round = 0; round < 2; round++) {
    const result = await runQip(["run", "--deterministic", `${M}/deep-recursion.wasm`], {
      stdin: "x",
    });
    assert.equal(result.code, 1);
    assert.equal(result.stderr, message);
  }
  // Recursion within the limit runs as without the mode.
  const empty = await runQip(["run", "--deterministic", `${M}/deep-recursion.wasm`]);
  assert.equal(empty.stdoutText, "Ran: 0\n");
});

Deno.test("qip run -v says when the deterministic mode ran; the default keeps the spec's lines", async () => {
  const on = await runQip(["run", "-v", "--deterministic", "examples/hello.wasm"]);
  assert.match(on.stderr, /^mode: deterministic\nmodule examples\/hello.wasm sha256: /m);
  const off = await runQip(["run", "-v", "examples/hello.wasm"]);
  assert.doesNotMatch(off.stderr, /mode/);
});

Deno.test("--deterministic and --no-deterministic together are a usage error", async () => {
  const result = await runQip([
    "run",
    "--deterministic",
    "--no-deterministic",
    "examples/hello.wasm",
  ]);
  assert.equal(result.code, 1);
  assert.equal(result.stderr, "Cannot use --deterministic with --no-deterministic\n");
});

Deno.test("image, bench, dev and build take --deterministic; the default is off", () => {
  const image = ["-i", "in.png", "-o", "out.png", "f.wasm"];
  assert.equal(parseImageFlags(["--deterministic", ...image]).limits.deterministic, true);
  assert.equal(parseImageFlags(image).limits.deterministic, false);
  assert.equal(
    parseBenchFlags(["--deterministic", "-i", "-", "a.wasm"]).limits.deterministic,
    true,
  );
  assert.equal(
    parseBenchFlags(["--no-deterministic", "-i", "-", "a.wasm"]).limits.deterministic,
    false,
  );
  assert.equal(parseDevFlags(["docs", "--deterministic"]).deterministic, true);
  assert.equal(parseDevFlags(["docs"]).deterministic, false);
  assert.equal(parseBuildFlags(["docs", "-o", "out", "--deterministic"]).deterministic, true);
  assert.equal(parseBuildFlags(["docs", "-o", "out"]).deterministic, false);
});

Deno.test("the batch result cache keys on the mode: a result of one mode never answers the other", async () => {
  await withTempDir(async (dir) => {
    await Deno.mkdir(`${dir}/in`);
    await Deno.writeTextFile(`${dir}/in/a.txt`, "x");
    const env = { QIP_CACHE_DIR: `${dir}/cache` };
    const args = ["run", "-v", "-i", `${dir}/in`, "-o", `${dir}/out`, `${M}/nan-payload.wasm`];
    const engine = await runQip(args, { env });
    assert.equal(engine.code, 0, engine.stderr);
    const deterministic = await runQip([...args, "--deterministic"], { env });
    assert.equal(deterministic.code, 0, deterministic.stderr);
    assert.match(deterministic.stderr, /^mode: deterministic$/m);
    assert.match(deterministic.stderr, /result cache: 0 hits, 1 misses, 1 stored, 0 evicted\n/);
    assert.equal(await Deno.readTextFile(`${dir}/out/a.txt`), "7fc00000");
    const again = await runQip([...args, "--deterministic"], { env });
    assert.match(again.stderr, /result cache: 1 hits, 0 misses, 0 stored, 0 evicted\n/);
  });
});
