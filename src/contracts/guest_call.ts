/**
 * Calls into a module and turns what it throws into qip's errors: an interruption (time limit,
 * fuel) replaces the message, a trap becomes the runtime text with the caller's context.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import type { ModuleLayout } from "./module_layout.ts";
import { isWasmTrap, trapText } from "./trap_text.ts";

/** One live instance, as the contracts see it. */
export interface GuestContext {
  readonly exports: WebAssembly.Exports;
  readonly layout: ModuleLayout;
  /** The error to report if the module was interrupted (time limit or fuel), else `undefined`. */
  interruption(): QipError | undefined;
}

/**
 * Runs `call`; on a trap throws the interruption error if the module was interrupted, else the
 * error `onTrap` builds from the trap text (`wasm error: …`).
 *
 * @throws {QipError} the interruption, or `onTrap`'s error.
 */
export function callGuest<T>(
  context: GuestContext,
  call: () => T,
  onTrap: (text: string, cause: unknown) => QipError,
): T {
  try {
    return call();
  } catch (error) {
    if (error instanceof QipError) throw error;
    const interruption = context.interruption();
    if (interruption !== undefined) throw interruption;
    if (!isWasmTrap(error) && !(error instanceof TypeError)) throw error;
    throw onTrap(trapText(error), error);
  }
}
