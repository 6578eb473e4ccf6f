/**
 * sharp (libvips) for the image benchmarks: installed with npm into a temporary folder by the
 * benchmark that uses it, never a dependency of qip.
 *
 * @module
 */

/** The pinned anchor. */
export const SHARP = "sharp@0.35.5";

/** Installs {@linkcode SHARP} into `dir` with npm; false when npm or the registry is missing. */
export async function installSharp(dir: string): Promise<boolean> {
  const installed = await new Deno.Command("npm", {
    args: ["install", "--prefix", dir, "--no-audit", "--no-fund", "--loglevel=error", SHARP],
    stdout: "null",
    stderr: "inherit",
  }).output().catch(() => undefined);
  return installed?.success === true;
}
