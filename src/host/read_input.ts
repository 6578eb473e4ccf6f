/**
 * Reads a command's input (spec: cli.md §3.2 step 2): a file, all of stdin for `-`, or stdin
 * when it is not a terminal (a pipe, a file, `/dev/null`), else nothing. Never waits on a
 * terminal. Reads in linear time and never past a bound: an input no stage could accept is
 * not read whole to be refused afterwards.
 *
 * @module
 */

import { errorText, QipError } from "../errors.ts";
import { type FileBound, readOpenFileBounded, readUpTo, tooLarge } from "./bounded_read.ts";
import { describeOsError } from "./os_error.ts";

/** The most input a command takes, and how to raise it. */
export type InputBound = Omit<FileBound, "what"> & {
  /** How a read error names stdin (`Error reading <stdinName>: …`). @default {"stdin"} */
  readonly stdinName?: string;
};

/** The input, or the refusal of an input over its bound. */
export type BoundedInput =
  | { readonly complete: true; readonly bytes: Uint8Array }
  /** More than the bound: `error` is the `Input is too large` refusal, to throw when it is due. */
  | { readonly complete: false; readonly error: QipError };

/**
 * Returns the input for `path` (`undefined` or `""`: stdin unless it is a terminal or
 * `/dev/null`; `-`: all of stdin), or the refusal when it holds more than `bound.maxBytes`:
 * a regular file is refused from its size before it is read, a stream once it passes the
 * bound. `qip run` reports the refusal after loading modules, where the spec's order puts
 * `Input is too large`.
 *
 * @throws {QipError} kind `io`: `Error reading input file: …`, `Error reading stdin: …`,
 *   `Error checking stdin: …`.
 */
export async function readBoundedInput(
  path: string | undefined,
  bound: InputBound,
): Promise<BoundedInput> {
  if (path === "-") return await readStdin(bound);
  if (path !== undefined && path !== "") return await readInputFile(path, bound);
  return stdinIsCharDevice()
    ? { complete: true, bytes: new Uint8Array(0) }
    : await readStdin(bound);
}

/**
 * {@linkcode readBoundedInput}, refusing an input over the bound at once.
 *
 * @throws {QipError} the errors of {@linkcode readBoundedInput}, and kind `capacity`:
 *   `Input is too large: <file> is 2 GiB, the limit is 256 MiB (…)`.
 */
export async function readInput(path: string | undefined, bound: InputBound): Promise<Uint8Array> {
  const input = await readBoundedInput(path, bound);
  if (!input.complete) throw input.error;
  return input.bytes;
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
    throw new QipError("io", `Error checking stdin: ${errorText(error)}`, { cause: error });
  }
}

async function readInputFile(path: string, bound: InputBound): Promise<BoundedInput> {
  let file: Deno.FsFile | undefined;
  try {
    file = await Deno.open(path, { read: true });
    const bytes = await readOpenFileBounded(file, await file.stat(), path, {
      ...bound,
      what: "Input",
    });
    return { complete: true, bytes };
  } catch (error) {
    if (error instanceof QipError && error.kind === "capacity") return { complete: false, error };
    const operation = error instanceof Deno.errors.IsADirectory ? "read" : "open";
    throw new QipError(
      "io",
      `Error reading input file: ${describeOsError(operation, path, error)}`,
      { cause: error },
    );
  } finally {
    file?.close();
  }
}

async function readStdin(bound: InputBound): Promise<BoundedInput> {
  let read;
  try {
    read = await readUpTo(Deno.stdin, bound.maxBytes);
  } catch (error) {
    const name = bound.stdinName ?? "stdin";
    throw new QipError("io", `Error reading ${name}: ${errorText(error)}`, { cause: error });
  }
  return read.complete ? { complete: true, bytes: read.bytes } : {
    complete: false,
    error: tooLarge("Input", "stdin", undefined, bound.maxBytes, bound.raiseWith),
  };
}
