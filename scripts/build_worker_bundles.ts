/**
 * Writes each worker script as one self-contained JavaScript string in a committed TypeScript
 * file (src/sandbox/_stage_worker_bundle.ts, src/image/_codec_worker_bundle.ts, and the PNG
 * encoder the codec worker imports late, src/image/_png_encoder_bundle.ts). The host spawns
 * workers from that text through a `blob:` URL, so spawning reads no file: a worker can still be
 * replaced after the host revoked `read`, and an installed or compiled qip needs no worker file
 * next to it.
 *
 *   deno task bundle-workers [--check]
 *
 * `--check` writes nothing and exits 1 when a committed bundle differs from its source's (a test
 * runs it). Bundling uses `deno bundle` (esbuild, from the npm cache).
 *
 * @module
 */

const ROOT = new URL("../", import.meta.url);

/** One worker script and the file holding its bundle. */
export interface WorkerBundle {
  /** The worker's entry point, relative to the repository. */
  readonly entry: string;
  /** The generated TypeScript file, relative to the repository. */
  readonly output: string;
  /** The exported constant holding the JavaScript text. */
  readonly exportName: string;
}

/** Every worker qip spawns. */
export const WORKER_BUNDLES: readonly WorkerBundle[] = [
  {
    entry: "src/sandbox/stage_worker.ts",
    output: "src/sandbox/_stage_worker_bundle.ts",
    exportName: "STAGE_WORKER_SOURCE",
  },
  {
    entry: "src/image/codec_worker.ts",
    output: "src/image/_codec_worker_bundle.ts",
    exportName: "CODEC_WORKER_SOURCE",
  },
  // The PNG encoder loads node:zlib (about 25 ms): a module of its own, which the codec worker
  // imports from its own blob: URL only when it first encodes.
  {
    entry: "src/image/png_band.ts",
    output: "src/image/_png_encoder_bundle.ts",
    exportName: "PNG_ENCODER_SOURCE",
  },
];

/** Runs `deno` in the repository and returns its stdout; throws with its stderr on failure. */
async function deno(args: string[], stdin?: string): Promise<string> {
  const child = new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  }
  const { code, stdout, stderr } = await child.output();
  if (code !== 0) {
    throw new Error(`deno ${args[0]} failed: ${new TextDecoder().decode(stderr).trim()}`);
  }
  return new TextDecoder().decode(stdout);
}

/** The generated TypeScript text for one bundle, formatted as `deno fmt` leaves it. */
export async function renderBundle(bundle: WorkerBundle): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "qip-worker-bundle-" });
  try {
    const javascript = `${dir}/worker.js`;
    // Run from the repository so the bundle's path comments are the same on every machine.
    await deno(["bundle", "--quiet", "--platform", "deno", "--output", javascript, bundle.entry]);
    const source = await Deno.readTextFile(javascript);
    const text = [
      `// Generated from ${bundle.entry} by \`deno task bundle-workers\` (scripts/build_worker_bundles.ts): do not edit.`,
      "// One self-contained module text, loaded from a blob: URL.",
      "",
      "/** The bundled module. */",
      `export const ${bundle.exportName}: string = ${JSON.stringify(source)};`,
      "",
    ].join("\n");
    return await deno(["fmt", "--ext", "ts", "-"], text);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) {
  const check = Deno.args.includes("--check");
  let stale = 0;
  for (const bundle of WORKER_BUNDLES) {
    const text = await renderBundle(bundle);
    const path = new URL(bundle.output, ROOT);
    if (!check) {
      await Deno.writeTextFile(path, text);
      console.log(`wrote ${bundle.output}`);
      continue;
    }
    const committed = await Deno.readTextFile(path).catch(() => "");
    if (committed !== text) {
      stale++;
      console.error(
        `${bundle.output} is stale: run deno task bundle-workers`,
      );
    }
  }
  Deno.exit(stale === 0 ? 0 : 1);
}
