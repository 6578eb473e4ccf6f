/**
 * The host layer: the only code with read, write and net permissions. It loads modules and
 * input, writes output, and revokes what a command does not need.
 *
 * @module
 */

export * from "./load_stages.ts";
export * from "./os_error.ts";
export * from "./permissions.ts";
export * from "./process_io.ts";
export * from "./read_input.ts";
