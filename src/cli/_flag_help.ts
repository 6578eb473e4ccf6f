/**
 * Help text generated from a command's flag table (src/cli/_command_flags.ts): one line per flag
 * with its value and default, so help lists exactly the flags the parser accepts.
 *
 * @module
 */

import type { FlagDefinition, FlagDefinitions } from "./_flag_definition.ts";

/** How a flag is spelled in help: `-i, --input <file>` or `--offline`. */
export function flagSpelling(name: string, definition: FlagDefinition): string {
  const long = `--${name}${definition.value === undefined ? "" : ` ${definition.value}`}`;
  return definition.short === undefined ? long : `-${definition.short}, ${long}`;
}

/**
 * The "Flags:" section: each flag, its help and its default, aligned.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatFlagTable } from "./_flag_help.ts";
 * assert.equal(
 *   formatFlagTable({ runs: { type: "string", short: "r", value: "<n>", default: "1000", help: "rounds" } }),
 *   "Flags:\n  -r, --runs <n>  rounds (default 1000)",
 * );
 * ```
 */
export function formatFlagTable(definitions: FlagDefinitions, heading = "Flags:"): string {
  const rows = Object.entries(definitions).map(([name, definition]) => {
    const help = definition.help ?? "";
    const text = definition.default === undefined
      ? help
      : `${help} (default ${definition.default})`.trimStart();
    return [flagSpelling(name, definition), text] as const;
  });
  const width = Math.max(...rows.map(([spelling]) => spelling.length));
  return [heading, ...rows.map(([spelling, text]) => `  ${spelling.padEnd(width)}  ${text}`)]
    .join("\n");
}
