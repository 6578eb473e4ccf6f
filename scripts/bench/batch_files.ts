/**
 * Batch mode: many files through one `qip run` / `qip image` against a shell loop of single
 * runs. 2,000 markdown files (cut from the Tom Sawyer fixture, in nested folders) through the
 * two markdown recipes, cold (empty result cache) and again with nothing changed; 50 photos
 * (resized copies of the SAAM fixture, made here with qip's own codec) through three filters.
 * Goals: batch ≥ 100× the loop's files/s cold; the unchanged re-run ≤ 10% of the cold wall time.
 * The markdown figures are medians of three interleaved rounds; the photo loop is one pass.
 *
 * @module
 */

import { CodecPool } from "../../src/image/codec_pool.ts";
import { markdownTable, median, ratio, REPO_ROOT } from "./_measure.ts";

const QIP = `${REPO_ROOT}/scripts/qip`;
const MARKDOWN_FILES = 2000;
const LOOP_SAMPLE = 20;
const ROUNDS = 3;
const PHOTOS = 50;
const PHOTO_LOOP_SAMPLE = 10;
const RECIPES = ["examples/markdown-basic.wasm", "examples/html-page-wrap.wasm"]
  .map((path) => `${REPO_ROOT}/${path}`);
/**
 * A time limit both sides get: on a loaded shared machine the default 100 ms can fail a chain,
 * which would end the measurement rather than slow it.
 */
const LIMIT = ["--timeout-ms", "1000"];
const FILTERS = [
  `${REPO_ROOT}/examples/rgba/invert-simd.wasm`,
  `${REPO_ROOT}/examples/rgba/brightness-simd.wasm`,
  "?brightness=0.1",
  `${REPO_ROOT}/examples/rgba/saturation-simd.wasm`,
  "?saturation=0.2",
];

const work = await Deno.makeTempDir();
try {
  const env = { QIP_CACHE_DIR: `${work}/cache`, QIP_DENO: Deno.execPath() };
  await writeMarkdownTree(`${work}/md`);
  const batchArgs = ["run", "-i", `${work}/md`, "-o", `${work}/site`, "--ext", ".html"];
  const sample = (await listFiles(`${work}/md`)).slice(0, LOOP_SAMPLE);
  const loopScript = `out="$1"; shift; mkdir -p "$out"; for f in "$@"; do "${QIP}" run ${
    LIMIT.join(" ")
  } -i "$f" ${RECIPES.map((path) => `"${path}"`).join(" ")} > "$out/$(basename "$f").html"; done`;
  // Each round: the loop over its sample, the batch cold (no cache, no outputs), then again with
  // nothing changed. Interleaved so that the load of a shared machine hits all three alike; the
  // medians are reported.
  const loops: number[] = [];
  const colds: number[] = [];
  const warms: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    loops.push(await timed("bash", ["-c", loopScript, "loop", `${work}/loop`, ...sample], env));
    await Deno.remove(`${work}/cache`, { recursive: true }).catch(() => undefined);
    await Deno.remove(`${work}/site`, { recursive: true }).catch(() => undefined);
    colds.push(await timed(QIP, [...batchArgs, ...LIMIT, ...RECIPES], env));
    warms.push(await timed(QIP, [...batchArgs, ...LIMIT, ...RECIPES], env));
  }
  const loop = median(loops);
  const cold = median(colds);
  const warm = median(warms);
  const loopRate = LOOP_SAMPLE / (loop / 1000);
  const coldRate = MARKDOWN_FILES / (cold / 1000);
  const warmRate = MARKDOWN_FILES / (warm / 1000);

  await writePhotos(`${work}/photos`);
  const photoCold = await timed(QIP, [
    "image",
    "-i",
    `${work}/photos`,
    "-o",
    `${work}/filtered`,
    "--no-cache",
    ...FILTERS,
  ], env);
  const photoSample = (await listFiles(`${work}/photos`)).slice(0, PHOTO_LOOP_SAMPLE);
  const photoLoop = await timed("bash", [
    "-c",
    `out="$1"; shift; mkdir -p "$out"; for f in "$@"; do "${QIP}" image -i "$f" -o "$out/$(basename "$f")" ${
      FILTERS.map((arg) => `"${arg}"`).join(" ")
    }; done`,
    "loop",
    `${work}/photo-loop`,
    ...photoSample,
  ], env);
  const photoRate = PHOTOS / (photoCold / 1000);
  const photoLoopRate = PHOTO_LOOP_SAMPLE / (photoLoop / 1000);

  console.log(
    `### Batch mode: ${MARKDOWN_FILES} markdown files, ${PHOTOS} photos (${navigator.hardwareConcurrency} cores)\n`,
  );
  console.log(markdownTable(["what", "wall time", "files/s", "vs loop"], [
    [
      `shell loop of single \`qip run\` (${LOOP_SAMPLE} files)`,
      `${Math.round(loop)} ms`,
      rate(loopRate),
      ratio(1),
    ],
    [
      "`qip run -i dir -o out`, cold cache",
      `${Math.round(cold)} ms`,
      rate(coldRate),
      ratio(coldRate / loopRate),
    ],
    ["same, nothing changed", `${Math.round(warm)} ms`, rate(warmRate), ratio(warmRate / loopRate)],
    [
      `shell loop of single \`qip image\` (${PHOTO_LOOP_SAMPLE} photos)`,
      `${Math.round(photoLoop)} ms`,
      rate(photoLoopRate),
      ratio(1),
    ],
    [
      "`qip image -i dir -o out`, no cache",
      `${Math.round(photoCold)} ms`,
      rate(photoRate),
      ratio(photoRate / photoLoopRate),
    ],
  ]));
  console.log(
    `\nUnchanged re-run: ${
      ((warm / cold) * 100).toFixed(1)
    }% of the cold run's wall time (goal ≤ 10%); ` +
      `cold batch ${ratio(coldRate / loopRate)} the loop's files/s (goal ≥ 100×).\n`,
  );
} finally {
  await Deno.remove(work, { recursive: true });
}

/** Runs a command to completion and returns its wall time in ms; fails loudly on a non-zero exit. */
async function timed(
  command: string,
  args: string[],
  env: Record<string, string>,
): Promise<number> {
  const started = performance.now();
  const output = await new Deno.Command(command, { args, env, stdout: "null", stderr: "piped" })
    .output();
  const elapsed = performance.now() - started;
  if (!output.success) {
    throw new Error(
      `${command} ${args.slice(0, 3).join(" ")} failed: ${new TextDecoder().decode(output.stderr)}`,
    );
  }
  return elapsed;
}

/** 2,000 markdown files of the novel's text, with headings, emphasis and links, in nested folders. */
async function writeMarkdownTree(root: string): Promise<void> {
  const text = await Deno.readTextFile(`${REPO_ROOT}/fixtures/texts/Mark.Twain-Tom.Sawyer.txt`);
  const paragraphs = text.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, " ").trim()).filter((p) =>
    p.length > 0
  );
  const perFile = Math.max(1, Math.floor(paragraphs.length / MARKDOWN_FILES));
  for (let index = 0; index < MARKDOWN_FILES; index++) {
    const body = paragraphs.slice(index * perFile, (index + 1) * perFile + 1)
      .map((p, n) => (n === 0 ? p.replace(/(\w+)/, "*$1*") : p)).join("\n\n");
    const dir = `${root}/part-${index % 10}/chapter-${Math.floor(index / 10) % 20}`;
    await Deno.mkdir(dir, { recursive: true });
    await Deno.writeTextFile(
      `${dir}/page-${index}.md`,
      `# Page ${index}\n\n${body}\n\n- see [the next page](page-${index + 1}.html)\n`,
    );
  }
}

/** 50 PNGs: the photograph scaled down (nearest pixel) to widths 400 … 890. */
async function writePhotos(root: string): Promise<void> {
  await Deno.mkdir(root, { recursive: true });
  const codecs = new CodecPool({ size: 2 });
  try {
    const photo = await codecs.decode(
      await Deno.readFile(`${REPO_ROOT}/fixtures/photos/SAAM-2015.54.2_1.jpg`),
    );
    for (let index = 0; index < PHOTOS; index++) {
      const width = 400 + index * 10;
      const height = Math.round((photo.height * width) / photo.width);
      const pixels = new Uint8Array(width * height * 4);
      for (let y = 0; y < height; y++) {
        const sy = Math.floor((y * photo.height) / height);
        for (let x = 0; x < width; x++) {
          const sx = Math.floor((x * photo.width) / width);
          pixels.set(
            photo.pixels.subarray((sy * photo.width + sx) * 4, (sy * photo.width + sx) * 4 + 4),
            (y * width + x) * 4,
          );
        }
      }
      await Deno.writeFile(
        `${root}/photo-${index}.png`,
        await codecs.encodePng({ width, height, pixels }),
      );
    }
  } finally {
    codecs.close();
  }
}

async function listFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(root)) {
    const path = `${root}/${entry.name}`;
    if (entry.isDirectory) files.push(...await listFiles(path));
    else files.push(path);
  }
  return files.sort();
}

function rate(perSecond: number): string {
  return `${perSecond.toFixed(1)}`;
}
