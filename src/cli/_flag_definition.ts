/**
 * What a command's flags are: the shape the flag table, the parser, help and completions share.
 *
 * @module
 */

/**
 * One flag: its long name is the key; `short` is a one-letter alias. `value`, `default` and
 * `help` are what `qip help <command>` and the shell completions show.
 */
export interface FlagDefinition {
  readonly type: "string" | "boolean";
  readonly short?: string;
  /** The value's name in help, e.g. `<file>`. */
  readonly value?: string;
  /** The default as help shows it, when the flag has one. */
  readonly default?: string;
  /** One line of help. */
  readonly help?: string;
}

/** The flags a command accepts. */
export type FlagDefinitions = Readonly<Record<string, FlagDefinition>>;
