/**
 * `qip completions bash|zsh|fish`: a completion script for the shell, generated from the same
 * flag table the parser reads (src/cli/_command_flags.ts), so it offers exactly the flags qip
 * accepts.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import type { CommandIo } from "../host/mod.ts";
import { COMMAND_FLAGS, type CommandFlags } from "./_command_flags.ts";
import type { FlagDefinition } from "./_flags.ts";

/** The usage line of this command (not in the spec: qip's addition). */
export const COMPLETIONS_USAGE = "Usage: qip completions <bash|zsh|fish>";

/** Every command with its one-line summary, in the order help lists them. */
export const COMMAND_SUMMARIES: ReadonlyArray<readonly [string, string]> = [
  ...Object.entries(COMMAND_FLAGS).map(([name, command]) => [name, command.summary] as const),
  ["help", "Show command help"],
  ["version", "Print qip's version and the Deno and V8 it runs on"],
  ["completions", "Print a bash, zsh or fish completion script"],
];

const FLAGGED = Object.entries(COMMAND_FLAGS) as ReadonlyArray<readonly [string, CommandFlags]>;
const flagsOf = (command: CommandFlags) =>
  Object.entries({ ...command.flags, ...command.batchFlags }) as ReadonlyArray<
    readonly [string, FlagDefinition]
  >;
/** Quotes for a single-quoted shell word. */
const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

function bashScript(): string {
  const cases = FLAGGED.map(([name, command]) => {
    const words = flagsOf(command).flatMap(([flag, definition]) =>
      definition.short === undefined ? [`--${flag}`] : [`-${definition.short}`, `--${flag}`]
    );
    return `    ${name}) flags=${quote(words.join(" "))} ;;`;
  });
  return `# bash completion for qip: eval "$(qip completions bash)"
_qip() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" flags=""
  if ((COMP_CWORD == 1)); then
    COMPREPLY=($(compgen -W ${quote(COMMAND_SUMMARIES.map(([name]) => name).join(" "))} -- "$cur"))
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases.join("\n")}
    help) COMPREPLY=($(compgen -W ${
    quote(FLAGGED.map(([name]) => name).join(" "))
  } -- "$cur")); return ;;
    completions) COMPREPLY=($(compgen -W 'bash zsh fish' -- "$cur")); return ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$flags" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _qip qip
`;
}

/** Text safe inside a zsh `_arguments` description: no brackets, colons or quotes. */
const zshText = (text: string) => text.replace(/[[\]:'\\]/g, " ");

function zshScript(): string {
  const commands = COMMAND_SUMMARIES.map(([name, summary]) => quote(`${name}:${zshText(summary)}`));
  const cases = FLAGGED.map(([name, command]) => {
    const specs = flagsOf(command).map(([flag, definition]) => {
      const description = `[${zshText(definition.help ?? flag)}]`;
      const value = definition.type === "string"
        ? `:${zshText(definition.value ?? "value").replace(/[<>]/g, "")}:_files`
        : "";
      return definition.short === undefined
        ? quote(`--${flag}${description}${value}`)
        : `${quote(`(-${definition.short} --${flag})`)}{-${definition.short},--${flag}}${
          quote(`${description}${value}`)
        }`;
    });
    return `    ${name}) _arguments ${[...specs, quote("*:module or file:_files")].join(" ")} ;;`;
  });
  return `#compdef qip
# zsh completion for qip: qip completions zsh > "\${fpath[1]}/_qip"
_qip() {
  local -a commands
  commands=(${commands.join(" ")})
  if ((CURRENT == 2)); then
    _describe command commands
    return
  fi
  shift words
  ((CURRENT--))
  case "$words[1]" in
${cases.join("\n")}
    help) _values command ${FLAGGED.map(([name]) => name).join(" ")} ;;
    completions) _values shell bash zsh fish ;;
  esac
}
_qip "$@"
`;
}

function fishScript(): string {
  const lines = [
    "# fish completion for qip: qip completions fish > ~/.config/fish/completions/qip.fish",
    "complete -c qip -f",
    ...COMMAND_SUMMARIES.map(([name, summary]) =>
      `complete -c qip -n __fish_use_subcommand -a ${name} -d ${quote(summary)}`
    ),
  ];
  for (const [name, command] of FLAGGED) {
    const when = `-n ${quote(`__fish_seen_subcommand_from ${name}`)}`;
    lines.push(`complete -c qip ${when} -F`);
    for (const [flag, definition] of flagsOf(command)) {
      const short = definition.short === undefined ? "" : ` -s ${definition.short}`;
      const value = definition.type === "string" ? " -r -F" : "";
      lines.push(
        `complete -c qip ${when}${short} -l ${flag}${value} -d ${quote(definition.help ?? flag)}`,
      );
    }
  }
  lines.push(
    `complete -c qip -n ${quote("__fish_seen_subcommand_from help")} -a ${
      quote(FLAGGED.map(([name]) => name).join(" "))
    }`,
    `complete -c qip -n ${quote("__fish_seen_subcommand_from completions")} -a 'bash zsh fish'`,
  );
  return `${lines.join("\n")}\n`;
}

/** The completion script for `shell`, or `undefined` for a shell qip has none for. */
export function completionScript(shell: string | undefined): string | undefined {
  switch (shell) {
    case "bash":
      return bashScript();
    case "zsh":
      return zshScript();
    case "fish":
      return fishScript();
    default:
      return undefined;
  }
}

/** Prints the completion script of the shell named by the first argument. */
export async function completionsCommand(args: string[], io: CommandIo): Promise<number> {
  const script = completionScript(args[0]);
  if (script === undefined || args.length > 1) throw new QipError("usage", COMPLETIONS_USAGE);
  await io.writeStdout(new TextEncoder().encode(script));
  return 0;
}
