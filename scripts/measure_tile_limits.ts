/**
 * Measures how `scripts/qip` deals with tile modules that lie about their tile (issue 12: 12):
 * wall time to the refusal or the time-limit error, and the process's peak RSS, for the tile
 * entries of the hostile corpus through `qip image` and a tile block in `qip run`, next to an
 * honest filter. Linux only (peak RSS is `VmHWM` from /proc, polled every 10 ms while qip runs,
 * so growth in the last few ms may be missed). The figures go into docs/reliability.md.
 *
 * ```
 * deno run --config deno.tooling.json --allow-read --allow-write --allow-run --allow-env scripts/measure_tile_limits.ts
 * ```
 *
 * @module
 */

import { encodeBmp } from "../src/image/bmp_encode.ts";

const ROOT = new URL("../", import.meta.url).pathname.replace(/\/$/, "");

/** One measured command: qip arguments (paths relative to the checkout) and its BMP input. */
interface Case {
  readonly what: string;
  readonly args: readonly string[];
  readonly image: { readonly width: number; readonly height: number };
}

const corpus = (name: string) => `fixtures/hostile/${name}.wasm`;

const CASES: readonly Case[] = [
  {
    what: "honest filter (invert), for comparison",
    args: ["image", "-i", "$IN", "-o", "$OUT", "examples/rgba/invert.wasm"],
    image: { width: 100, height: 100 },
  },
  {
    what: "halo 8159, cap 4 GiB - 1, one page",
    args: ["image", "-i", "$IN", "-o", "$OUT", corpus("tile-halo-4gib-one-page")],
    image: { width: 100, height: 100 },
  },
  {
    what: "halo 8159, cap 4 GiB - 1, one page",
    args: ["run", corpus("tile-halo-4gib-one-page")],
    image: { width: 100, height: 100 },
  },
  {
    what: "halo 1000 in 1100 pages (host work per tile)",
    args: ["run", corpus("tile-halo-host-work")],
    image: { width: 640, height: 640 },
  },
  {
    what: "halo 1000 in 1100 pages (host work per tile)",
    args: [
      "image",
      "--timeout-ms",
      "1000",
      "-i",
      "$IN",
      "-o",
      "$OUT",
      corpus("tile-halo-host-work"),
    ],
    image: { width: 640, height: 640 },
  },
  {
    what: "tile function loops forever",
    args: ["image", "-i", "$IN", "-o", "$OUT", corpus("tile-loop")],
    image: { width: 100, height: 100 },
  },
];

/** Runs one case and reports its exit code, stderr, wall time and peak RSS. */
async function measure(testCase: Case, dir: string) {
  const { width, height } = testCase.image;
  const bmp = encodeBmp({
    width,
    height,
    pixels: Uint8Array.from({ length: width * height * 4 }, (_, index) => index & 255),
  });
  await Deno.writeFile(`${dir}/in.bmp`, bmp);
  const args = testCase.args.map((arg) =>
    arg === "$IN" ? `${dir}/in.bmp` : arg === "$OUT" ? `${dir}/out.png` : arg
  );
  const started = performance.now();
  const child = new Deno.Command(`${ROOT}/scripts/qip`, {
    args,
    cwd: ROOT,
    env: { QIP_DENO: Deno.execPath(), NO_COLOR: "1" },
    stdin: "piped",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let peakKiB = 0;
  let running = true;
  const poll = (async () => {
    while (running) {
      // Through `cat`: Deno asks --allow-all to read another process's /proc files.
      const read = await new Deno.Command("cat", {
        args: [`/proc/${child.pid}/status`],
        stdout: "piped",
        stderr: "null",
      }).output();
      const status = new TextDecoder().decode(read.stdout);
      peakKiB = Math.max(peakKiB, Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1] ?? 0));
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  const writer = child.stdin.getWriter();
  await writer.write(testCase.args[0] === "run" ? bmp : new Uint8Array());
  await writer.close().catch(() => undefined);
  const { code, stderr } = await child.output();
  const wallMs = performance.now() - started;
  running = false;
  await poll;
  return { code, stderr: new TextDecoder().decode(stderr).trim(), wallMs, peakMiB: peakKiB / 1024 };
}

if (import.meta.main) {
  const dir = await Deno.makeTempDir({ prefix: "qip-tile-limits-" });
  try {
    console.log("| module | command | image | exit | wall time | peak RSS | message |");
    console.log("| --- | --- | --- | --- | --- | --- | --- |");
    for (const testCase of CASES) {
      const result = await measure(testCase, dir);
      const { width, height } = testCase.image;
      const command = testCase.args.filter((arg) =>
        !arg.startsWith("$") && arg !== "-i" && arg !== "-o"
      )
        .join(" ");
      console.log(
        `| ${testCase.what} | \`qip ${command}\` | ${width}×${height} | ${result.code} | ` +
          `${result.wallMs.toFixed(0)} ms | ${result.peakMiB.toFixed(0)} MiB | ` +
          `${result.stderr.replace(/: stage 0 .*$/, "…") || "(none)"} |`,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
