/**
 * `qip image` against sharp (libvips), the issue-17 anchor: the 3000×2121 benchmark photograph
 * through black-and-white, invert and vignette to PNG with `qip image`, and through sharp's
 * `greyscale().negate().png()` (its default PNG settings: zlib level 6), whole processes,
 * interleaved round by round so machine load hits both alike. Goal: qip within 1.25× of sharp's
 * time, its file no larger than 1.1× sharp's.
 *
 * sharp is installed with npm into a temporary folder by this script and removed after: it is a
 * comparison, not a dependency of qip. Its libvips is native code and reads the JPEG in the
 * host process; qip's decoders and encoders stay in permission-less workers.
 *
 * @module
 */

import { markdownTable, median, ms, ratio, REPO_ROOT } from "./_measure.ts";

const ROUNDS = 7;
const SHARP = "sharp@0.35.5";
const PHOTO = `${REPO_ROOT}/fixtures/photos/SAAM-2015.54.2_1.jpg`;
const MP = (3000 * 2121) / 1e6;
const FILTERS = ["black-and-white-simd", "invert-simd", "vignette"];

/** The anchor: decode → greyscale → negate → PNG at sharp's defaults. */
const ANCHOR_SCRIPT = `import sharp from "sharp";
await sharp(process.argv[2]).greyscale().negate().png().toFile(process.argv[3]);
`;

const dir = await Deno.makeTempDir({ prefix: "qip-bench-sharp-" });
try {
  const anchor = await installSharp(dir);
  const qip = () =>
    run(`${REPO_ROOT}/scripts/qip`, [
      "image",
      "-i",
      PHOTO,
      "-o",
      `${dir}/qip.png`,
      ...FILTERS.map((name) => `${REPO_ROOT}/examples/rgba/${name}.wasm`),
    ]);
  const sharp = anchor === undefined
    ? undefined
    : () => run("node", [anchor, PHOTO, `${dir}/sharp.png`]);
  const samples: { qip: number[]; sharp: number[] } = { qip: [], sharp: [] };
  for (let round = -1; round < ROUNDS; round++) {
    const qipMs = await qip();
    const sharpMs = sharp === undefined ? NaN : await sharp();
    if (round < 0) continue; // warm-up: file caches, V8 code cache
    samples.qip.push(qipMs);
    samples.sharp.push(sharpMs);
  }
  const qipMs = median(samples.qip);
  const sharpMs = median(samples.sharp);
  const qipSize = (await Deno.stat(`${dir}/qip.png`)).size;
  const sharpSize = sharp === undefined ? NaN : (await Deno.stat(`${dir}/sharp.png`)).size;
  const load = Deno.loadavg()[0]!.toFixed(1);
  console.log(
    `### Images against sharp: 3000×2121 JPEG → 3 per-pixel filters → PNG ` +
      `(median of ${ROUNDS}, interleaved, load average ${load})\n`,
  );
  console.log(markdownTable(["what", "wall time", "MP/s", "file", "vs sharp"], [
    [
      `\`qip image\` ${FILTERS.join(" → ")}`,
      ms(qipMs),
      (MP / (qipMs / 1000)).toFixed(1),
      mb(qipSize),
      `${ratio(qipMs / sharpMs)} time, ${ratio(qipSize / sharpSize)} size`,
    ],
    [
      `${SHARP} greyscale → negate → PNG (level 6)`,
      ms(sharpMs),
      (MP / (sharpMs / 1000)).toFixed(1),
      mb(sharpSize),
      "1.00×",
    ],
  ]));
  if (sharp === undefined) console.log("\nsharp could not be installed: no comparison.");
  const met = (value: number, goal: number) => value <= goal ? "met" : "**not met**";
  console.log(
    `\nGoals: time ≤ 1.25× sharp: ${met(qipMs / sharpMs, 1.25)} (${ratio(qipMs / sharpMs)}); ` +
      `file ≤ 1.1× sharp's: ${met(qipSize / sharpSize, 1.1)} (${ratio(qipSize / sharpSize)}).\n`,
  );
} finally {
  await Deno.remove(dir, { recursive: true });
}

/** Installs sharp into `dir` with npm; returns the anchor script's path, or undefined. */
async function installSharp(dir: string): Promise<string | undefined> {
  const installed = await new Deno.Command("npm", {
    args: ["install", "--prefix", dir, "--no-audit", "--no-fund", "--loglevel=error", SHARP],
    stdout: "null",
    stderr: "inherit",
  }).output().catch(() => undefined);
  if (!installed?.success) return undefined;
  const script = `${dir}/anchor.mjs`;
  await Deno.writeTextFile(script, ANCHOR_SCRIPT);
  return script;
}

/** Runs a command to its end; returns its wall time in milliseconds. */
async function run(command: string, args: string[]): Promise<number> {
  const started = performance.now();
  const { code, stderr } = await new Deno.Command(command, {
    args,
    stdout: "null",
    stderr: "piped",
  }).output();
  const elapsed = performance.now() - started;
  if (code !== 0) throw new Error(`${command} failed: ${new TextDecoder().decode(stderr)}`);
  return elapsed;
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
