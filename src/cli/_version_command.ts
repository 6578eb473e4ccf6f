/**
 * `qip version` and `qip --version`: qip's version (from deno.json, its one home) and the Deno,
 * V8 and TypeScript versions it runs on.
 *
 * @module
 */

import config from "../../deno.json" with { type: "json" };
import type { CommandIo } from "../host/mod.ts";

/** qip's version, as deno.json states it. */
export const QIP_VERSION: string = config.version;

/** The lines `qip --version` prints. */
export function versionText(): string {
  return [
    `qip ${QIP_VERSION}`,
    `deno ${Deno.version.deno}`,
    `v8 ${Deno.version.v8}`,
    `typescript ${Deno.version.typescript}`,
  ].join("\n");
}

/** Prints {@linkcode versionText} on stdout. */
export async function versionCommand(_args: string[], io: CommandIo): Promise<number> {
  await io.writeStdout(new TextEncoder().encode(`${versionText()}\n`));
  return 0;
}
