/**
 * `qip run` reads its input in linear time and never past what a stage could take (issue 12,
 * item 7): a 2 GB file is refused from its size, piped stdin stops one byte past the bound,
 * and an input over the first stage's cap is `Input is too large` before the clock starts.
 */
import assert from "node:assert/strict";
import { QIP_LAUNCHER, REPO_ROOT, runQip } from "../support/run_qip.ts";
import { withTempDir } from "../support/temp_dir.ts";
import { wat } from "../sandbox/instrument/_wat.ts";

const MiB = 1024 * 1024;

/** A run stage with constant exports and an input cap of `cap` bytes, answering `Ran: <size>`. */
function lengthModule(cap: number, pages: number): Uint8Array {
  return wat(`(module
    (memory (export "memory") ${pages})
    (global (export "input_ptr") i32 (i32.const 0))
    (global (export "input_bytes_cap") i32 (i32.const ${cap}))
    (func (export "run") (param i32) (result i32) (local.get 0)))`);
}

/** Runs qip with `stdinBytes` zero bytes piped in, tolerating the pipe closing early. */
async function runWithPipedZeros(args: string[], stdinBytes: number) {
  const child = new Deno.Command(QIP_LAUNCHER, {
    args,
    cwd: REPO_ROOT,
    env: { QIP_DENO: Deno.execPath(), NO_COLOR: "1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writing = (async () => {
    const writer = child.stdin.getWriter();
    const chunk = new Uint8Array(MiB);
    try {
      for (let sent = 0; sent < stdinBytes; sent += chunk.byteLength) {
        await writer.write(chunk.subarray(0, Math.min(chunk.byteLength, stdinBytes - sent)));
      }
      await writer.close();
    } catch {
      // qip stopped reading once the input passed its bound: a closed pipe is expected.
    }
  })();
  const [output] = await Promise.all([child.output(), writing]);
  const text = new TextDecoder();
  return {
    code: output.code,
    stdout: text.decode(output.stdout),
    stderr: text.decode(output.stderr),
  };
}

Deno.test("a 2 GiB -i file is refused from its size, without reading it", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/big.bin`;
    // Sparse: two gigabytes that take no disk, and would take seconds and gigabytes to read.
    await Deno.writeFile(path, new Uint8Array(0));
    await Deno.truncate(path, 2 * 1024 * MiB);
    const started = performance.now();
    const result = await runQip(["run", "-i", path, "examples/crc.wasm"]);
    assert.equal(
      result.stderr.trim(),
      `Input is too large: ${path} is 2 GiB, the limit is 256 MiB (no module can hold more than --max-memory)`,
    );
    assert.equal(result.code, 1);
    assert.equal(result.stdoutText, "");
    assert.ok(performance.now() - started < 10_000, "refused without reading the file");
  });
});

Deno.test("an input over the bound is reported after module errors, as the spec orders", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeFile(`${dir}/big.bin`, new Uint8Array(MiB + 1));
    const result = await runQip([
      "run",
      "--max-memory",
      "1MiB",
      "-i",
      `${dir}/big.bin`,
      "nope.wasm",
    ]);
    assert.equal(
      result.stderr.trim(),
      "Error reading file: open nope.wasm: no such file or directory",
    );
    assert.equal(result.code, 1);
  });
});

Deno.test("piped stdin past the bound stops being read and is Input is too large", async () => {
  const result = await runWithPipedZeros(
    ["run", "-v", "--max-memory", "1MiB", "examples/crc.wasm"],
    8 * MiB,
  );
  assert.equal(result.code, 1, result.stderr);
  assert.equal(result.stdout, "");
  // No `input sha256:` line: the input was never read whole.
  assert.match(result.stderr, /^module examples\/crc\.wasm sha256: [0-9a-f]{64}\n/);
  assert.ok(
    result.stderr.endsWith(
      "Input is too large: stdin is over the limit of 1 MiB (no module can hold more than --max-memory)\n",
    ),
    result.stderr,
  );
});

Deno.test("200 MB of piped stdin is read whole", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeFile(`${dir}/length.wasm`, lengthModule(256 * MiB, 4096));
    // The copy into the module is host work inside the 100 ms budget; give it room here.
    const result = await runWithPipedZeros(
      ["run", "--timeout-ms", "60000", `${dir}/length.wasm`],
      200_000_000,
    );
    assert.equal(result.stderr, "");
    assert.equal(result.stdout, "Ran: 200000000\n");
    assert.equal(result.code, 0);
  });
});

Deno.test("an input over the first stage's cap is refused before the clock starts", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeFile(`${dir}/cap8.wasm`, lengthModule(8 * MiB, 256));
    await Deno.writeFile(`${dir}/input.bin`, new Uint8Array(100_000_000));
    // A 1 ms budget could not even carry 100 MB to a worker: only a check made before the
    // clock starts answers with the cap.
    const result = await runQip([
      "run",
      "--timeout-ms",
      "1",
      "-i",
      `${dir}/input.bin`,
      `${dir}/cap8.wasm`,
    ]);
    assert.equal(
      result.stderr.trim(),
      `Input is too large: stage 0 (${dir}/cap8.wasm): 100000000 bytes, input_bytes_cap is 8388608`,
    );
    assert.equal(result.code, 1);
  });
});
