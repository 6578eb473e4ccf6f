/**
 * Reads a command's input (spec: cli.md §3.2 step 2): a file, all of stdin for `-`, or stdin
 * when it is not a terminal (a pipe, a file, `/dev/null`), else nothing. Never waits on a
 * terminal.
 *
 * @module
 */

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

/**
 * Whether stdin is a terminal, which must never be waited on. The reference checks for any
 * character device; `/dev/null` reads as empty either way, and the only test Deno offers
 * without loading Node's fs layer (~19 ms on every start) is this one. Other character
 * devices (`/dev/zero`) are read like a pipe.
 */
function stdinIsCharDevice(): boolean {
  try {
    return Deno.stdin.isTerminal();
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
    return await readAll(Deno.stdin);
  } catch (error) {
    throw new QipError("io", `Error reading stdin: ${messageOf(error)}`, { cause: error });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Reads to EOF with plain reads (a ReadableStream costs several ms more at start-up). */
async function readAll(source: { read(buffer: Uint8Array): Promise<number | null> }) {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const buffer = new Uint8Array(total < 65_536 ? 65_536 : Math.min(total, 16 * 1024 * 1024));
    const count = await source.read(buffer);
    if (count === null) break;
    chunks.push(buffer.subarray(0, count));
    total += count;
  }
  if (chunks.length === 1) return chunks[0]!.slice();
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
