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

import { buildHostBundle } from "../build_host_bundle.ts";
import { installSharp, SHARP } from "./_sharp.ts";
import { markdownTable, median, ms, ratio, REPO_ROOT } from "./_measure.ts";

const ROUNDS = 7;
// The launcher runs the bundled host when it is fresh: build it, so the figure is not left to
// whatever dist/ holds.
await buildHostBundle();
const PHOTO = `${REPO_ROOT}/fixtures/photos/SAAM-2015.54.2_1.jpg`;
const MP = (3000 * 2121) / 1e6;
const FILTERS = ["black-and-white-simd", "invert-simd", "vignette"];

/** The anchor: decode → greyscale → negate → PNG at sharp's defaults. */
const ANCHOR_SCRIPT = `import sharp from "sharp";
await sharp(process.argv[2]).greyscale().negate().png().toFile(process.argv[3]);
`;

const dir = await Deno.makeTempDir({ prefix: "qip-bench-sharp-" });
try {
  const anchor = await installAnchor(dir);
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
  const samples: { qip: Cost[]; sharp: Cost[] } = { qip: [], sharp: [] };
  for (let round = -1; round < ROUNDS; round++) {
    const qipCost = await qip();
    const sharpCost = await sharp?.();
    if (round < 0) continue; // warm-up: file caches, V8 code cache
    samples.qip.push(qipCost);
    if (sharpCost !== undefined) samples.sharp.push(sharpCost);
  }
  const qipCost = medianCost(samples.qip);
  const sharpCost = medianCost(samples.sharp);
  const qipSize = (await Deno.stat(`${dir}/qip.png`)).size;
  const sharpSize = sharp === undefined ? NaN : (await Deno.stat(`${dir}/sharp.png`)).size;
  const load = Deno.loadavg()[0]!.toFixed(1);
  console.log(
    `### Images against sharp: 3000×2121 JPEG → 3 per-pixel filters → PNG ` +
      `(median of ${ROUNDS}, interleaved, load average ${load})\n`,
  );
  const row = (label: string, cost: Cost, size: number) => [
    label,
    ms(cost.wallMs),
    (MP / (cost.wallMs / 1000)).toFixed(1),
    ms(cost.cpuMs),
    `${(cost.rssBytes / 2 ** 20).toFixed(0)} MiB`,
    mb(size),
    `${ratio(cost.wallMs / sharpCost.wallMs)} wall, ${ratio(cost.cpuMs / sharpCost.cpuMs)} CPU, ` +
    `${ratio(size / sharpSize)} file`,
  ];
  console.log(
    markdownTable(["what", "wall", "MP/s", "CPU (user + sys)", "peak RSS", "file", "vs sharp"], [
      row(`\`qip image\` ${FILTERS.join(" → ")}`, qipCost, qipSize),
      row(`${SHARP} greyscale → negate → PNG (level 6)`, sharpCost, sharpSize),
    ]),
  );
  if (sharp === undefined) console.log("\nsharp could not be installed: no comparison.");
  const met = (value: number, goal: number) => value <= goal ? "met" : "**not met**";
  const wall = qipCost.wallMs / sharpCost.wallMs;
  console.log(
    `\nGoals: wall time ≤ 1.25× sharp: ${met(wall, 1.25)} (${ratio(wall)}); ` +
      `file ≤ 1.1× sharp's: ${met(qipSize / sharpSize, 1.1)} (${ratio(qipSize / sharpSize)}).\n`,
  );
} finally {
  await Deno.remove(dir, { recursive: true });
}

/** Installs sharp into `dir`; returns the anchor script's path, or undefined. */
async function installAnchor(dir: string): Promise<string | undefined> {
  if (!await installSharp(dir)) return undefined;
  const script = `${dir}/anchor.mjs`;
  await Deno.writeTextFile(script, ANCHOR_SCRIPT);
  return script;
}

/** What one process cost: wall and CPU milliseconds, peak RSS in bytes. */
interface Cost {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly rssBytes: number;
}

/**
 * Runs a command to its end under GNU time (`/usr/bin/time`, for its CPU time and peak RSS,
 * which machine load changes less than wall time).
 */
async function run(command: string, args: string[]): Promise<Cost> {
  const started = performance.now();
  const { code, stderr } = await new Deno.Command("/usr/bin/time", {
    args: ["-f", "qip-bench-cost %U %S %M", command, ...args],
    stdout: "null",
    stderr: "piped",
  }).output();
  const wallMs = performance.now() - started;
  const text = new TextDecoder().decode(stderr);
  const cost = text.match(/qip-bench-cost ([\d.]+) ([\d.]+) (\d+)/);
  if (code !== 0 || cost === null) throw new Error(`${command} failed: ${text}`);
  const [, user, system, rssKb] = cost;
  return {
    wallMs,
    cpuMs: (Number(user) + Number(system)) * 1000,
    rssBytes: Number(rssKb) * 1024,
  };
}

/** The median of each figure on its own. */
function medianCost(costs: readonly Cost[]): Cost {
  return {
    wallMs: median(costs.map((cost) => cost.wallMs)),
    cpuMs: median(costs.map((cost) => cost.cpuMs)),
    rssBytes: median(costs.map((cost) => cost.rssBytes)),
  };
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
