/**
 * Small timing helpers shared by the benchmark scripts: median of repeated runs, ratios and
 * geometric means, and one markdown table format.
 *
 * @module
 */

/** The middle value of `samples` (the mean of the two middle values for an even count). */
export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : ((sorted[middle - 1]! + sorted[middle]!) / 2);
}

/** The geometric mean of positive `values`. */
export function geomean(values: readonly number[]): number {
  return Math.exp(values.reduce((sum, value) => sum + Math.log(value), 0) / values.length);
}

/**
 * Times `runs` calls of each function in `variants`, interleaved so that machine noise hits
 * every variant alike; returns the median milliseconds per variant.
 */
export async function timeInterleaved(
  variants: ReadonlyArray<() => Promise<unknown> | unknown>,
  runs: number,
  warmup = 2,
): Promise<number[]> {
  for (let round = 0; round < warmup; round++) {
    for (const variant of variants) await variant();
  }
  const samples: number[][] = variants.map(() => []);
  for (let round = 0; round < runs; round++) {
    for (const [index, variant] of variants.entries()) {
      const started = performance.now();
      await variant();
      samples[index]!.push(performance.now() - started);
    }
  }
  return samples.map(median);
}

/** Formats a markdown table. */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** Milliseconds with two decimals. */
export function ms(value: number): string {
  return `${value.toFixed(2)} ms`;
}

/** A ratio as `1.23×`. */
export function ratio(value: number): string {
  return `${value.toFixed(2)}×`;
}

/** The repository root, from a script in scripts/bench/. */
export const REPO_ROOT: string = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");

/**
 * The `deno` arguments that start qip from source exactly as the launcher does (same config and
 * runtime flags, without the bash wrapper), followed by `qipArgs`.
 */
export async function qipDenoArgs(qipArgs: readonly string[]): Promise<string[]> {
  const { readRuntimeFlags } = await import("../runtime_flags.ts");
  return [
    "run",
    "--quiet",
    "--config",
    `${REPO_ROOT}/deno.json`,
    ...await readRuntimeFlags(),
    `${REPO_ROOT}/main.ts`,
    ...qipArgs,
  ];
}

/**
 * Runs `command args` with `stdin` written to it and stdout discarded.
 *
 * @throws {Error} when it exits with a non-zero code.
 */
export async function runWithStdin(
  command: string,
  args: readonly string[],
  stdin: Uint8Array,
  env?: Record<string, string>,
): Promise<void> {
  const child = new Deno.Command(command, {
    args: [...args],
    env,
    stdin: "piped",
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(stdin);
  await writer.close();
  const { code } = await child.status;
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} exited ${code}`);
}
