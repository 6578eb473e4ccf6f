/**
 * Images: the 3000×2121 benchmark photograph through three per-pixel filters to PNG with
 * `qip image`, side by side with ImageMagick doing the same operations, and each phase
 * (decode, tiles, PNG encode) measured on its own in-process. Goals: faster than ImageMagick end
 * to end; ≥ 500 MP/s for per-pixel filters on 2 cores.
 *
 * Installs ImageMagick with apt when it is missing (the benchmark machine runs as root).
 *
 * @module
 */

import { loadStages } from "../../src/host/mod.ts";
import { runTileBlock } from "../../src/pipeline/tile_block.ts";
import { CodecPool } from "../../src/image/codec_pool.ts";
import { DEFAULT_LIMITS, WorkerPool } from "../../src/sandbox/mod.ts";
import { markdownTable, median, ms, ratio, REPO_ROOT } from "./_measure.ts";

const RUNS = 5;
/** Megapixels of the photograph. */
const MP = (3000 * 2121) / 1e6;
const PHOTO = `${REPO_ROOT}/fixtures/photos/SAAM-2015.54.2_1.jpg`;
const FILTERS = [
  ["invert-simd", {}],
  ["brightness-simd", { brightness: "0.1" }],
  ["saturation-simd", { saturation: "0.2" }],
] as const;
const QIP_ARGS = FILTERS.flatMap(([name, uniforms]) => [
  `${REPO_ROOT}/examples/rgba/${name}.wasm`,
  ...Object.entries(uniforms).map(([key, value]) => `?${key}=${value}`),
]);
/** The same operations in ImageMagick: negate, add 10%, saturation +20%. */
const MAGICK_OPS = ["-negate", "-evaluate", "add", "10%", "-modulate", "100,120"];

const out = await Deno.makeTempDir();
try {
  const magick = await findImageMagick();
  const endToEnd: [string, number][] = [];
  for (const workers of [2, 1]) {
    endToEnd.push([
      `\`qip image\`, ${workers} worker${workers > 1 ? "s" : ""} (PNG: Average filter, zlib RLE)`,
      await timeCommand(`${REPO_ROOT}/scripts/qip`, [
        "image",
        "--workers",
        String(workers),
        "-i",
        PHOTO,
        "-o",
        `${out}/qip.png`,
        ...QIP_ARGS,
      ]),
    ]);
  }
  const qipSize = (await Deno.stat(`${out}/qip.png`)).size;
  const sizes: string[] = [`qip ${mb(qipSize)}`];
  if (magick !== undefined) {
    for (
      const [label, quality] of [["default PNG settings", []], ["`-quality 23` (zlib 2, Average)", [
        "-quality",
        "23",
      ]]] as const
    ) {
      endToEnd.push([
        `ImageMagick \`convert\`, ${label}`,
        await timeCommand(magick, [PHOTO, ...MAGICK_OPS, ...quality, `${out}/im.png`]),
      ]);
      sizes.push(
        `ImageMagick ${label.replaceAll("`", "")} ${mb((await Deno.stat(`${out}/im.png`)).size)}`,
      );
    }
  }
  const { rows: phases, tilesMs } = await measurePhases();
  const fastestMagick = endToEnd.filter(([label]) => label.startsWith("ImageMagick"));
  console.log(
    `### Images: 3000×2121 JPEG → invert, brightness, saturation → PNG (median of ${RUNS})\n`,
  );
  console.log(
    markdownTable(
      ["what", "wall time", "vs qip (2 workers)"],
      endToEnd.map(([label, time]) => [label, ms(time), ratio(time / endToEnd[0]![1])]),
    ),
  );
  console.log(`\nOutput sizes: ${sizes.join(", ")}.`);
  if (magick === undefined) console.log("\nImageMagick could not be installed: no comparison.");
  console.log(`\n#### Phases in-process (2 workers unless noted)\n`);
  console.log(markdownTable(["phase", "time", "throughput"], phases));
  const qipMs = endToEnd[0]![1];
  const verdicts = fastestMagick.map(([label, time]) =>
    `${time > qipMs ? "faster" : "slower"} than ${label.replace("ImageMagick `convert`, ", "")} ` +
    `(${ratio(time / qipMs)})`
  );
  console.log(
    `\nGoals: faster than ImageMagick end to end: ${verdicts.join("; ") || "not measured"}. ` +
      `≥ 500 MP/s for per-pixel filters on 2 cores: ${(MP / (tilesMs / 1000)).toFixed(0)} MP/s ` +
      `of image through the 3-filter chain, ${((3 * MP) / (tilesMs / 1000)).toFixed(0)} MP/s of ` +
      `filter work (each pixel through 3 filters), session start-up included.\n`,
  );
} finally {
  await Deno.remove(out, { recursive: true });
}

/** Each phase in-process; also returns the 2-worker tile time. */
async function measurePhases(): Promise<{ rows: string[][]; tilesMs: number }> {
  const limits = { ...DEFAULT_LIMITS, timeLimitMs: 60_000 };
  const stages = await loadStages(
    FILTERS.map(([name]) => `${REPO_ROOT}/examples/rgba/${name}.wasm`),
    { limits },
  );
  const bytes = await Deno.readFile(PHOTO);
  const rows: string[][] = [];
  let tiles2Ms = 0;
  using codecs = new CodecPool({ size: 2 });
  const decodeMs = await sample(() => codecs.decode(bytes));
  const image = await codecs.decode(bytes);
  rows.push([
    "JPEG decode (imagescript wasm, 1 worker)",
    ms(decodeMs),
    `${(MP / (decodeMs / 1000)).toFixed(0)} MP/s`,
  ]);
  for (const workers of [1, 2]) {
    const pool = new WorkerPool({ size: workers });
    await pool.ready();
    try {
      const tilesMs = await sample(() =>
        runTileBlock({
          stages: stages.map((stage, index) => ({ stage, ref: { index, source: stage.source } })),
          uniforms: FILTERS.map(([, uniforms]) => uniforms),
          image,
          limits,
          pool,
          signal: new AbortController().signal,
        })
      );
      if (workers === 2) tiles2Ms = tilesMs;
      rows.push([
        `tiles: 3 filters, bytes → floats → bytes, ${workers} worker${workers > 1 ? "s" : ""}`,
        ms(tilesMs),
        `${(MP / (tilesMs / 1000)).toFixed(0)} MP/s`,
      ]);
    } finally {
      pool.close();
    }
  }
  const encodeMs = await sample(() => codecs.encodePng(image));
  rows.push([
    "PNG encode (Average filter, zlib RLE, 64-row bands)",
    ms(encodeMs),
    `${(MP / (encodeMs / 1000)).toFixed(0)} MP/s`,
  ]);
  return { rows, tilesMs: tiles2Ms };
}

/** Median of {@linkcode RUNS} timed calls after one warm-up. */
async function sample(work: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  await work();
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

async function timeCommand(command: string, args: string[]): Promise<number> {
  const samples: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    const started = performance.now();
    const { code, stderr } = await new Deno.Command(command, {
      args,
      stdout: "null",
      stderr: "piped",
    }).output();
    if (code !== 0) throw new Error(`${command} failed: ${new TextDecoder().decode(stderr)}`);
    if (run > 0) samples.push(performance.now() - started);
  }
  return median(samples);
}

/** The real ImageMagick `convert` (not a stand-in), installing it with apt if needed. */
async function findImageMagick(): Promise<string | undefined> {
  const candidates = ["/usr/bin/convert", "/usr/bin/magick", "/usr/local/bin/magick"];
  for (let attempt = 0; attempt < 2; attempt++) {
    for (const candidate of candidates) {
      const version = await new Deno.Command(candidate, {
        args: ["-version"],
        stdout: "piped",
        stderr: "null",
      })
        .output().catch(() => undefined);
      if (version?.success && new TextDecoder().decode(version.stdout).includes("ImageMagick")) {
        return candidate;
      }
    }
    if (attempt === 0) {
      await new Deno.Command("apt-get", {
        args: ["install", "-y", "imagemagick"],
        stdout: "null",
        stderr: "null",
      })
        .output().catch(() => undefined);
    }
  }
  return undefined;
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
