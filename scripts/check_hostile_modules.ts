/**
 * Runs every module of the hostile corpus (`fixtures/hostile/manifest.json`) in-process and
 * checks its stderr line, its exit code and that it printed nothing; for every runaway module
 * it also measures the process's CPU time in the 500 ms after the limit, and how long after the
 * limit the error came. The CI suite (`tests/reliability/`) does the same for a few runaways;
 * this script does it for all of them and prints the figures docs/reliability.md quotes.
 *
 * ```
 * deno run --config deno.tooling.json --unstable-worker-options --allow-read --allow-sys scripts/check_hostile_modules.ts [--launcher]
 * ```
 *
 * `--launcher` also runs every entry through the real `scripts/qip`, forms through `qip form`
 * with their answers on stdin (slower; needs
 * `--allow-run --allow-write --allow-env`). Exit code 1 when any entry differs.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { WorkerPool } from "../src/sandbox/mod.ts";
import type { HostileManifest, ManifestEntry } from "./generate_hostile_modules.ts";
import { cpuMsDuring, runHostile } from "./hostile/run_hostile.ts";
import { runHostileWithLauncher } from "./hostile/run_hostile_launcher.ts";

const ROOT = new URL("../", import.meta.url).pathname.replace(/\/$/, "");
/** The window in which a runaway's worker must stay idle. */
const CPU_WINDOW_MS = 500;
/** More than this in the window means a thread kept spinning (a spinning core adds ~500). */
const CPU_BUDGET_MS = 150;

/** Reads the committed manifest. */
export async function readHostileManifest(root = ROOT): Promise<HostileManifest> {
  return JSON.parse(await Deno.readTextFile(`${root}/fixtures/hostile/manifest.json`));
}

async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { launcher: { type: "boolean" } } });
  const manifest = await readHostileManifest();
  const pool = new WorkerPool({ size: 1 });
  const failures: string[] = [];
  const runaways: Array<{ file: string; afterLimitMs: number; cpuMs: number }> = [];
  try {
    await pool.ready();
    for (const entry of manifest.modules) {
      const outcome = await runHostile(entry, { pool, root: ROOT });
      const problem = describeMismatch(entry, outcome);
      if (problem !== undefined) failures.push(`${entry.file}: ${problem}`);
      if (entry.runaway) {
        const cpuMs = await cpuMsDuring(CPU_WINDOW_MS);
        const afterLimitMs = (outcome.chainMs ?? 0) - timeLimitMsOf(entry);
        runaways.push({ file: entry.file, afterLimitMs, cpuMs });
        if (cpuMs > CPU_BUDGET_MS) {
          failures.push(
            `${entry.file}: ${
              cpuMs.toFixed(0)
            } ms of CPU in the ${CPU_WINDOW_MS} ms after the limit`,
          );
        }
      }
      if (values.launcher) {
        const launched = await runHostileWithLauncher(entry, ROOT);
        const launchedProblem = describeMismatch(entry, launched);
        if (launchedProblem !== undefined) {
          failures.push(`${entry.file} (launcher): ${launchedProblem}`);
        }
      }
    }
  } finally {
    pool.close();
  }
  console.log(`${manifest.modules.length} hostile modules, ${runaways.length} runaways`);
  for (const { file, afterLimitMs, cpuMs } of runaways) {
    console.log(
      `  ${file.padEnd(36)} error ${afterLimitMs.toFixed(1).padStart(6)} ms after the limit, ` +
        `${cpuMs.toFixed(0).padStart(3)} ms CPU in the next ${CPU_WINDOW_MS} ms`,
    );
  }
  if (runaways.length > 0) {
    const sorted = (key: "afterLimitMs" | "cpuMs") =>
      runaways.map((r) => r[key]).sort((a, b) => a - b);
    const median = (key: "afterLimitMs" | "cpuMs") => sorted(key)[runaways.length >> 1]!;
    const worst = (key: "afterLimitMs" | "cpuMs") => sorted(key).at(-1)!;
    console.log(
      `median: error ${median("afterLimitMs").toFixed(1)} ms after the limit, ${
        median("cpuMs").toFixed(0)
      } ms CPU`,
    );
    console.log(
      `worst: error ${worst("afterLimitMs").toFixed(1)} ms after the limit, ${
        worst("cpuMs").toFixed(0)
      } ms CPU`,
    );
  }
  for (const failure of failures) console.error(failure);
  return failures.length === 0 ? 0 : 1;
}

/** Why `outcome` is not what `entry` expects, or `undefined` when it is. */
export function describeMismatch(
  entry: ManifestEntry,
  outcome: { stderr: string; exitCode: number; stdout: Uint8Array },
): string | undefined {
  if (outcome.exitCode !== entry.exitCode) {
    return `exit code ${outcome.exitCode}, expected ${entry.exitCode} (stderr: ${outcome.stderr})`;
  }
  if (outcome.stderr !== entry.stderr) {
    return `stderr ${JSON.stringify(outcome.stderr)}, expected ${JSON.stringify(entry.stderr)}`;
  }
  if (outcome.stdout.byteLength !== 0) return `wrote ${outcome.stdout.byteLength} bytes to stdout`;
  return undefined;
}

/** The `--timeout-ms` an entry runs with (100 by default). */
function timeLimitMsOf(entry: ManifestEntry): number {
  const index = entry.args.indexOf("--timeout-ms");
  return index < 0 ? 100 : Number(entry.args[index + 1]);
}

if (import.meta.main) Deno.exit(await main(Deno.args));
