/**
 * `qip help [command]` (spec: cli.md §2): help goes to stdout with exit 0. The spec's texts come
 * first, word for word; qip's additions follow them: the commands the spec does not list, and
 * for each command every flag with its default (from the parser's own table) and examples.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import type { CommandIo } from "../host/mod.ts";
import { COMMAND_FLAGS, type CommandFlags, type FlaggedCommand } from "./_command_flags.ts";
import { formatFlagTable } from "./_flag_help.ts";
import { MAIN_USAGE, RUN_HELP, USAGE } from "./_usage.ts";
import { BUILD_USAGE } from "./_batch_usage.ts";

const encoder = new TextEncoder();

/** Commands beyond the spec's list, for the overview. */
export const MORE_COMMANDS = `More commands:
  get         ${COMMAND_FLAGS.get.summary}
  build       ${COMMAND_FLAGS.build.summary}
  version     Print qip's version and the Deno and V8 it runs on (also --version)
  completions Print a bash, zsh or fish completion script

\`qip help <command>\` or \`qip <command> --help\` lists every flag of a command.`;

/** `qip help`: the main usage and the run help; `qip help <command>`: that command's help. */
export async function helpCommand(args: string[], io: CommandIo): Promise<number> {
  const text = helpText(args[0]);
  if (text === undefined) throw new QipError("usage", USAGE.help);
  await io.writeStdout(encoder.encode(`${text}\n`));
  return 0;
}

/** The help of `topic`, or the overview when it is `undefined`; `undefined` for an unknown one. */
export function helpText(topic: string | undefined): string | undefined {
  if (topic === undefined) return `${MAIN_USAGE}\n\n${RUN_HELP}\n\n${MORE_COMMANDS}`;
  if (topic === "run") return `${RUN_HELP}\n\n${commandDetails("run")}`;
  if (Object.hasOwn(COMMAND_FLAGS, topic)) {
    const command = topic as FlaggedCommand;
    return `${commandUsage(command)}\n\n${commandDetails(command)}`;
  }
  return undefined;
}

/** A command's usage line: the spec's, or qip's own for a command beyond the spec. */
export function commandUsage(command: FlaggedCommand): string {
  return command === "build" ? BUILD_USAGE : USAGE[command];
}

function commandDetails(command: FlaggedCommand): string {
  const { flags, examples } = COMMAND_FLAGS[command];
  const { batchFlags }: CommandFlags = COMMAND_FLAGS[command];
  const batch = batchFlags === undefined
    ? ""
    : `\n\n${
      formatFlagTable(batchFlags, "Batch mode (-i repeated, a folder or a glob; docs/batch.md):")
    }`;
  return `${formatFlagTable(flags)}${batch}\n\nExamples:\n${
    examples.map((line) => `  ${line}`).join("\n")
  }`;
}
