/**
 * The CLI entry: picks the command, runs it, and maps failures to exit codes. The only place
 * that catches errors: a `QipError` prints its message as one stderr line and exits 1;
 * anything else is a bug in qip and exits 2 (spec: cli.md §1.1, §2).
 *
 * @module
 */

import { errorText, QipError } from "../errors.ts";
import type { CommandIo } from "../host/mod.ts";
import type { CommandHandler } from "./command.ts";
import { nearestName } from "./_nearest_name.ts";
import { MAIN_USAGE } from "./_usage.ts";

/** Commands, loaded on first use so `qip run` does not pay for the others. */
export const COMMANDS: Readonly<Record<string, () => Promise<CommandHandler>>> = {
  run: async () => (await import("./_run_command.ts")).runCommand,
  bench: async () => (await import("./_bench_command.ts")).benchCommand,
  form: async () => (await import("./_form_command.ts")).formCommand,
  dev: async () => (await import("./_dev_command.ts")).devCommand,
  image: async () => (await import("./_image_command.ts")).imageCommand,
  get: async () => (await import("./_get_command.ts")).getCommand,
  build: async () => (await import("./_build_command.ts")).buildCommand,
  help: async () => (await import("./_help_command.ts")).helpCommand,
  doc: async () => (await import("./_help_command.ts")).helpCommand,
  version: async () => (await import("./_version_command.ts")).versionCommand,
  completions: async () => (await import("./_completions_command.ts")).completionsCommand,
};

/** Conventional spellings (beyond the spec) of two commands. */
const ALIASES: Readonly<Record<string, string>> = {
  "--help": "help",
  "-h": "help",
  "--version": "version",
};

/**
 * Runs `qip <args>` and resolves to the process exit code.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { main } from "./main.ts";
 * // The launcher does `Deno.exit(await main(Deno.args, processIo()))`; here output is kept.
 * let stdout = "";
 * const io = {
 *   writeStdout: async (bytes: Uint8Array) => void (stdout += new TextDecoder().decode(bytes)),
 *   writeStderr: async () => {},
 * };
 * assert.equal(await main(["help", "form"], io), 0);
 * assert.ok(stdout.startsWith("Usage: qip form [-v|--verbose] <wasm module URL or file>\n"));
 * ```
 */
export async function main(args: string[], io: CommandIo): Promise<number> {
  const [given, ...rest] = args;
  const name = given === undefined ? undefined : ALIASES[given] ?? given;
  try {
    const load = name === undefined || !Object.hasOwn(COMMANDS, name) ? undefined : COMMANDS[name];
    if (load === undefined) {
      // The spec's usage text; for a mistyped command, qip adds a line naming it.
      await io.writeStderr(`${MAIN_USAGE}\n${unknownCommandLine(name)}`);
      return 1;
    }
    const command = await load();
    return await command(rest, io);
  } catch (error) {
    if (error instanceof QipError) {
      await io.writeStderr(`${error.message}\n`);
      return 1;
    }
    const reason = errorText(error);
    await io.writeStderr(`qip internal error: ${reason.split("\n")[0]}\n`);
    return 2;
  }
}

/** `qip: unknown command "nope" (did you mean "run"?)`, or nothing without a command or for -v. */
function unknownCommandLine(name: string | undefined): string {
  if (name === undefined || name === "-v" || name === "--verbose") return "";
  const nearest = nearestName(name, Object.keys(COMMANDS));
  const hint = nearest === undefined ? "" : ` (did you mean "${nearest}"?)`;
  return `qip: unknown command ${JSON.stringify(name)}${hint}\n`;
}
