/**
 * The command line.
 *
 * @module
 */

export * from "./command.ts";
export * from "./main.ts";
