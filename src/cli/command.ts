/**
 * The one shape every command has: arguments and the process streams in, an exit code out.
 *
 * @module
 */

import type { CommandIo } from "../host/mod.ts";

/** A command: resolves to its exit code; throws `QipError` for handled failures. */
export type CommandHandler = (args: string[], io: CommandIo) => Promise<number>;
