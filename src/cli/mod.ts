/**
 * The command line.
 *
 * @module
 */

export type { CommandHandler } from "./command.ts";
export { COMMANDS, main } from "./main.ts";
