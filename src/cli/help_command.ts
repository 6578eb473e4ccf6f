/**
 * `qip help [command]` (spec: cli.md §2): help goes to stdout with exit 0.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import type { CommandIo } from "../host/mod.ts";
import { IMAGE_HELP, MAIN_USAGE, RUN_HELP, USAGE } from "./usage.ts";

const encoder = new TextEncoder();

/** `qip help`: the main usage and the run help; `qip help <command>`: that command's help. */
export async function helpCommand(args: string[], io: CommandIo): Promise<number> {
  const topic = args[0];
  const text = helpText(topic);
  if (text === undefined) throw new QipError("usage", USAGE.help);
  await io.writeStdout(encoder.encode(`${text}\n`));
  return 0;
}

function helpText(topic: string | undefined): string | undefined {
  switch (topic) {
    case undefined:
      return `${MAIN_USAGE}\n\n${RUN_HELP}`;
    case "run":
      return RUN_HELP;
    case "image":
      return IMAGE_HELP;
    case "bench":
    case "dev":
    case "form":
    case "get":
      return USAGE[topic];
    default:
      return undefined;
  }
}
