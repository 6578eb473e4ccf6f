/**
 * Reads a command's input (spec: cli.md §3.2 step 2): a file, all of stdin for `-`, or stdin
 * when it is not a character device (a pipe or a file), else nothing. Never waits on a terminal.
 *
 * @module
 */

import { fstatSync } from "node:fs";
import { QipError } from "../errors.ts";
import { describeOsError } from "./os_error.ts";

/**
 * Returns the input bytes for `path` (`undefined` or `""`: stdin unless it is a terminal or
 * `/dev/null`; `-`: all of stdin).
 *
 * @throws {QipError} kind `io`: `Error reading input file: …`, `Error reading stdin: …`,
 *   `Error checking stdin: …`.
 */
export async function readInput(path: string | undefined): Promise<Uint8Array> {
  if (path === "-") return await readStdin();
  if (path !== undefined && path !== "") return await readInputFile(path);
  return stdinIsCharDevice() ? new Uint8Array(0) : await readStdin();
}

/** A terminal or `/dev/null`: reading it would wait for a person, or never end (`/dev/zero`). */
function stdinIsCharDevice(): boolean {
  try {
    return fstatSync(0).isCharacterDevice();
  } catch (error) {
    throw new QipError("io", `Error checking stdin: ${messageOf(error)}`, { cause: error });
  }
}

async function readInputFile(path: string): Promise<Uint8Array> {
  try {
    const info = await Deno.stat(path);
    if (info.isDirectory) throw new Deno.errors.IsADirectory();
    return await Deno.readFile(path);
  } catch (error) {
    const operation = error instanceof Deno.errors.IsADirectory ? "read" : "open";
    throw new QipError(
      "io",
      `Error reading input file: ${describeOsError(operation, path, error)}`,
      {
        cause: error,
      },
    );
  }
}

async function readStdin(): Promise<Uint8Array> {
  try {
    return new Uint8Array(await new Response(Deno.stdin.readable).arrayBuffer());
  } catch (error) {
    throw new QipError("io", `Error reading stdin: ${messageOf(error)}`, { cause: error });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
