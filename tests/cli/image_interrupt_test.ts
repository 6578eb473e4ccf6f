/**
 * Ctrl-C during `qip image`: the tiles stop, the progress line is erased, and one line says
 * why, with exit status 130 (as `qip form` does). No output file is left behind.
 */

import assert from "node:assert/strict";
import { pngFile, syntheticImage } from "../support/image_files.ts";
import { HAS_SCRIPT, startInTerminal } from "../support/terminal_session.ts";
import { QIP_LAUNCHER, REPO_ROOT } from "../support/run_qip.ts";
import { withTempDir } from "../support/temp_dir.ts";
import { SPIN_TILE } from "../support/tile_probes.ts";
import { wat } from "../sandbox/instrument/_wat.ts";

async function spinningJob(dir: string): Promise<string[]> {
  await Deno.writeFile(`${dir}/in.png`, pngFile(syntheticImage(100, 100)));
  await Deno.writeFile(`${dir}/spin.wasm`, wat(SPIN_TILE));
  // A minute's budget: only the interrupt can end the run within the test.
  return [
    "image",
    "--timeout-ms",
    "60000",
    "--workers",
    "1",
    "-i",
    `${dir}/in.png`,
    "-o",
    `${dir}/out.png`,
    `${dir}/spin.wasm`,
  ];
}

Deno.test({
  name: "qip image in a terminal: Ctrl-C erases the progress line and prints one line",
  ignore: !HAS_SCRIPT,
  async fn() {
    await withTempDir(async (dir) => {
      await using session = startInTerminal(await spinningJob(dir));
      // The progress line shows after a second; the spinning tile never finishes.
      await session.waitFor("qip image: ");
      await session.type("\x03");
      const { code, transcript } = await session.finish();
      assert.equal(code, 130);
      const tail = transcript.slice(transcript.lastIndexOf("qip image: "));
      assert.ok(tail.endsWith("\r\x1b[Kimage interrupted\n"), JSON.stringify(tail));
      await assert.rejects(Deno.stat(`${dir}/out.png`), Deno.errors.NotFound);
    });
  },
});

Deno.test("qip image without a terminal: SIGINT ends the run with one line and exit 130", async () => {
  await withTempDir(async (dir) => {
    const child = new Deno.Command(QIP_LAUNCHER, {
      args: ["image", "-v", ...(await spinningJob(dir)).slice(1)],
      cwd: REPO_ROOT,
      env: { QIP_DENO: Deno.execPath(), NO_COLOR: "1" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    // -v names the module once it is loaded, after qip listens for SIGINT: signal it then (the
    // launcher execs Deno, so the signal reaches qip itself).
    const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
    let stderr = "";
    while (!stderr.includes("sha256: ")) {
      const { value, done } = await reader.read();
      if (done) break;
      stderr += value;
    }
    child.kill("SIGINT");
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      stderr += value;
    }
    const { code } = await child.status;
    await child.stdout.cancel();
    assert.match(stderr, /^module \S+spin\.wasm sha256: [0-9a-f]{64}\nimage interrupted\n$/);
    assert.equal(code, 130);
    await assert.rejects(Deno.stat(`${dir}/out.png`), Deno.errors.NotFound);
  });
});
