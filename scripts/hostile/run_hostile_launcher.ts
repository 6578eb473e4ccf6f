/**
 * Runs one hostile-corpus entry through the real launcher (`scripts/qip`), as users and CI run
 * qip: its own process, runtime flags and permission revocation, and a real exit code.
 *
 * @module
 */

import { type ManifestEntry, OUTPUT_FILE } from "../generate_hostile_modules.ts";
import { hostileStdin } from "./_hostile_stdin.ts";
import type { HostileOutcome } from "./run_hostile.ts";

/** The prompt every corpus form shows (its label is `Name`). */
const FORM_PROMPT = "Name: ";

/**
 * Runs `entry` with `scripts/qip` in `root`. A `qip get -o` that leaves its output file behind
 * reports it on stdout; a form's prompts are its interface and are left out of stdout, so only
 * a form's output would count as written.
 */
export async function runHostileWithLauncher(
  entry: ManifestEntry,
  root: string,
): Promise<HostileOutcome> {
  const stdin = entry.command === "form"
    ? new TextEncoder().encode((entry.answers ?? []).map((answer) => `${answer}\n`).join(""))
    : hostileStdin(entry);
  const dir = await Deno.makeTempDir({ prefix: "qip-hostile-" });
  const outputPath = `${dir}/out.wasm`;
  try {
    const child = new Deno.Command(`${root}/scripts/qip`, {
      args: entry.args.map((arg) => arg === OUTPUT_FILE ? outputPath : arg),
      cwd: root,
      env: { QIP_DENO: Deno.execPath(), NO_COLOR: "1", QIP_CACHE_DIR: `${dir}/cache` },
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(stdin);
    await writer.close();
    const { code, stdout, stderr } = await child.output();
    const leftBehind = await exists(outputPath)
      ? new TextEncoder().encode(`left ${outputPath}`)
      : undefined;
    const printed = entry.command === "form"
      ? new TextEncoder().encode(new TextDecoder().decode(stdout).replaceAll(FORM_PROMPT, ""))
      : stdout;
    return {
      stderr: new TextDecoder().decode(stderr).replace(/\n$/, ""),
      exitCode: code,
      stdout: leftBehind ?? printed,
      chainMs: undefined,
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}
