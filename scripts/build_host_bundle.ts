/**
 * Bundles the qip host (main.ts and every command, split where commands load lazily) into
 * `dist/host/`, which scripts/qip runs instead of main.ts while no source is newer than the
 * bundle. Loading about a hundred TypeScript modules one by one is most of what `qip run` spends
 * above the design floor (docs/benchmarks.md, P1); the bundle is a few JavaScript files.
 *
 *   deno task bundle-host
 *
 * `dist/` is not committed: the bundle is built where qip runs (by this task, and by
 * `deno task install`). Workers keep their own committed bundles (build_worker_bundles.ts).
 *
 * @module
 */

const ROOT = new URL("../", import.meta.url);
/** Where the bundle goes; scripts/qip looks for `main.js` there. */
export const HOST_BUNDLE_DIR = new URL("dist/host/", ROOT);

/** imagescript's PNG decoder, imported as a compiled module (src/image/decoder_modules.ts). */
const SOURCE_PHASE_MODULE = "_imagescript_wasm.js";

/** Builds the bundle into {@linkcode HOST_BUNDLE_DIR}, replacing what was there. */
export async function buildHostBundle(): Promise<void> {
  await Deno.remove(HOST_BUNDLE_DIR, { recursive: true }).catch((error) => {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  });
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--quiet",
      "--config",
      "deno.json",
      "--platform",
      "deno",
      "--code-splitting",
      // The bundler cannot parse its source-phase import; it stays a module of its own, copied
      // beside the chunks, which import it by the same relative name.
      "--external",
      `*/${SOURCE_PHASE_MODULE}`,
      "--outdir",
      HOST_BUNDLE_DIR.pathname,
      "main.ts",
    ],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "null",
    stderr: "piped",
  }).output();
  if (code !== 0) {
    throw new Error(`deno bundle failed: ${new TextDecoder().decode(stderr).trim()}`);
  }
  await Deno.copyFile(
    new URL(`src/image/${SOURCE_PHASE_MODULE}`, ROOT),
    new URL(SOURCE_PHASE_MODULE, HOST_BUNDLE_DIR),
  );
}

if (import.meta.main) {
  await buildHostBundle();
  console.log(`wrote ${HOST_BUNDLE_DIR.pathname}main.js`);
}
