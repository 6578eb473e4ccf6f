/**
 * Each file a command opens is read with a bound and refused in one line past it (issue 12,
 * item 13), through the real launcher. The files are sparse: reading one whole would take
 * seconds and gigabytes, refusing it takes milliseconds.
 */
import assert from "node:assert/strict";
import { runQip } from "../support/run_qip.ts";
import { withTempDir } from "../support/temp_dir.ts";

const MiB = 1024 * 1024;

async function sparseFile(path: string, byteLength: number): Promise<string> {
  await Deno.writeFile(path, new Uint8Array(0));
  await Deno.truncate(path, byteLength);
  return path;
}

/** One stderr line, exit 1, nothing on stdout. */
async function assertRefused(args: string[], line: string): Promise<void> {
  const result = await runQip(args);
  assert.equal(result.stderr, `${line}\n`);
  assert.equal(result.code, 1);
  assert.equal(result.stdoutText, "");
}

Deno.test("qip run --lock refuses a lock file over 1 MiB", async () => {
  await withTempDir(async (dir) => {
    const lock = await sparseFile(`${dir}/qip.lock`, 2 * 1024 * MiB);
    await assertRefused(
      ["run", "--lock", lock, "examples/hello.wasm"],
      `Lock file is too large: ${lock} is 2 GiB, the limit is 1 MiB`,
    );
  });
});

Deno.test("qip form refuses a form module over 64 MiB", async () => {
  await withTempDir(async (dir) => {
    const form = await sparseFile(`${dir}/form.wasm`, 2 * 1024 * MiB);
    await assertRefused(
      ["form", form],
      `Wasm module is too large: stage 0 (${form}): ${form} is 2 GiB, the limit is 64 MiB`,
    );
  });
});

Deno.test("qip image refuses an input image file over 512 MiB", async () => {
  await withTempDir(async (dir) => {
    const image = await sparseFile(`${dir}/in.png`, 2 * 1024 * MiB);
    await assertRefused(
      ["image", "-i", image, "-o", `${dir}/out.png`, "examples/rgba/black-and-white.wasm"],
      `Image file is too large: ${image} is 2 GiB, the limit is 512 MiB`,
    );
  });
});

Deno.test("qip bench refuses an input over --max-memory", async () => {
  await withTempDir(async (dir) => {
    const input = await sparseFile(`${dir}/in.bin`, 3 * MiB);
    await assertRefused(
      ["bench", "-i", input, "--max-memory", "2MiB", "examples/crc.wasm"],
      `Input is too large: ${input} is 3 MiB, the limit is 2 MiB (no module can hold more than --max-memory)`,
    );
  });
});
