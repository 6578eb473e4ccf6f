/**
 * Runs the real `qip` launcher (`scripts/qip`) as a subprocess, the way users and CI run it,
 * with the Deno that runs the tests.
 *
 * @module
 */

/** The checkout's root directory. */
export const REPO_ROOT: string = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");

/** The config of the tests and scripts (build toolchains, browser driver); the runtime's is deno.json. */
export const TOOLING_CONFIG: string = `${REPO_ROOT}/deno.tooling.json`;

/** The launcher every test goes through. */
export const QIP_LAUNCHER: string = `${REPO_ROOT}/scripts/qip`;

/** What one `qip` process did. */
export interface QipResult {
  /** Exit code. */
  readonly code: number;
  /** Raw standard output. */
  readonly stdout: Uint8Array;
  /** Standard output decoded as UTF-8. */
  readonly stdoutText: string;
  /** Standard error decoded as UTF-8. */
  readonly stderr: string;
}

/** Options for {@linkcode runQip}. */
export interface RunQipOptions {
  /** Bytes or text for standard input; when absent stdin is /dev/null (a character device). */
  readonly stdin?: Uint8Array | string;
  /** Working directory. @default {REPO_ROOT} */
  readonly cwd?: string;
  /** Extra environment variables. */
  readonly env?: Record<string, string>;
  /** The `qip` to run. @default {QIP_LAUNCHER} */
  readonly launcher?: string;
}

/**
 * Runs `scripts/qip <args>` and collects its exit code and output.
 *
 * @example Print the help
 * ```ts ignore
 * const result = await runQip(["help"]);
 * ```
 */
export async function runQip(args: string[], options: RunQipOptions = {}): Promise<QipResult> {
  const { stdin, cwd = REPO_ROOT, env = {}, launcher = QIP_LAUNCHER } = options;
  const command = new Deno.Command(launcher, {
    args,
    cwd,
    env: { QIP_DENO: Deno.execPath(), NO_COLOR: "1", ...env },
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  });
  const child = command.spawn();
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(typeof stdin === "string" ? new TextEncoder().encode(stdin) : stdin);
    await writer.close();
  }
  const output = await child.output();
  return {
    code: output.code,
    stdout: output.stdout,
    stdoutText: new TextDecoder().decode(output.stdout),
    stderr: new TextDecoder().decode(output.stderr),
  };
}
