/**
 * The `qip form` prompt loop (spec: abi.md §6.2), over a form session in the sandbox worker
 * (src/contracts/form_abi.ts reads and bounds-checks every pointer and size the module gives).
 *
 * @module
 */

import { QipError } from "../errors.ts";
import type { FormSession } from "./_form_session.ts";

/** Where the loop reads answers and writes prompts. */
export interface FormTerminal {
  /** The next line with its ending, or `undefined` when input ended with nothing read. */
  readLine(): Promise<Uint8Array | undefined>;
  /** Writes to standard output. */
  write(text: string): Promise<void>;
}

/**
 * Asks the form's questions until its key is empty, then writes its output.
 *
 * @throws {QipError} `form input aborted` when input ends before an answer; the session's
 *   contract errors (`run() failed: …`, bounds and UTF-8 errors), the time-limit error
 *   naming the export that ran out.
 */
export async function runFormLoop(
  session: Pick<FormSession, "call">,
  terminal: FormTerminal,
): Promise<void> {
  let lastSize = 0;
  let hasRun = false;
  for (;;) {
    const prompt = await session.call({ op: "prompt" });
    if (prompt.error !== "") await terminal.write(`Error: ${prompt.error}\n`);
    const key = trimSpace(prompt.key);
    if (key === "") {
      if (!hasRun) lastSize = await session.call({ op: "runEmpty" });
      const output = await session.call({ op: "output", size: lastSize });
      if (output !== "") await terminal.write(output.endsWith("\n") ? output : `${output}\n`);
      return;
    }
    const label = trimSpace(prompt.label);
    await terminal.write(`${label === "" ? key : label}: `);
    const line = await terminal.readLine();
    if (line === undefined) throw new QipError("io", "form input aborted");
    lastSize = await session.call({ op: "answer", value: withoutLineEnding(line) });
    hasRun = true;
  }
}

/** Unicode White_Space, which Go's `strings.TrimSpace` trims (JavaScript's also trims U+FEFF). */
const EDGE_SPACE =
  /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

function trimSpace(text: string): string {
  return text.replace(EDGE_SPACE, "");
}

/** All trailing `\r` and `\n` bytes removed; spaces are kept. */
function withoutLineEnding(line: Uint8Array): Uint8Array {
  let end = line.byteLength;
  while (end > 0 && (line[end - 1] === 0x0a || line[end - 1] === 0x0d)) end--;
  return line.slice(0, end);
}
