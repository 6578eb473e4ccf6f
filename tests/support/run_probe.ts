/**
 * Runs a small TypeScript probe in its own Deno process with exactly the host's runtime flags
 * (scripts/runtime-flags.txt), to observe what the qip host process may and may not do.
 *
 * @module
 */

import { readRuntimeFlags } from "../../scripts/runtime_flags.ts";

/** What the probe process printed. */
export interface ProbeResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Writes `source` to a temporary `probe.ts` and runs it; `env` is added to the environment.
 *
 * @example
 * ```ts ignore
 * const { stdout } = await runProbe(`console.log(Deno.permissions.querySync({ name: "net" }).state)`);
 * ```
 */
export async function runProbe(
  source: string,
  options: { readonly env?: Record<string, string> } = {},
): Promise<ProbeResult> {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/probe.ts`;
    await Deno.writeTextFile(path, source);
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", ...await readRuntimeFlags(), path],
      env: options.env ?? {},
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const decoder = new TextDecoder();
    return {
      code: output.code,
      stdout: decoder.decode(output.stdout),
      stderr: decoder.decode(output.stderr),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
