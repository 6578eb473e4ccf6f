/**
 * Runs the real `qip` launcher in a pseudo-terminal, through `script` (util-linux), so a test
 * can type at prompts the way a person does: the terminal echoes what is typed, turns Enter
 * into a newline and Ctrl-C into SIGINT.
 *
 * @module
 */

import { QIP_LAUNCHER, REPO_ROOT } from "./run_qip.ts";

/** Whether `script` is available to give a command a pseudo-terminal. */
export const HAS_SCRIPT: boolean = (() => {
  try {
    return new Deno.Command("script", { args: ["--version"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false; // not installed
  }
})();

/** A `qip` process on a pseudo-terminal; disposing it kills the process if it still runs. */
export interface TerminalSession extends AsyncDisposable {
  /** Resolves once the terminal shows `text` after everything waited for before. */
  waitFor(text: string): Promise<void>;
  /** Types `keys` (use `\r` for Enter, `\x03` for Ctrl-C, `\x04` for Ctrl-D). */
  type(keys: string): Promise<void>;
  /** Waits for the exit; resolves to the exit code and all the terminal showed, `\r\n` as `\n`. */
  finish(): Promise<{ code: number; transcript: string }>;
}

/**
 * Starts `qip <args>` on a pseudo-terminal. A hang is cut off after `hangGuardMs` (a safety
 * net, not a speed check).
 *
 * @example
 * ```ts ignore
 * const session = startInTerminal(["form", "examples/form-email-message.wasm"]);
 * await session.waitFor("First name: ");
 * await session.type("Ada\r");
 * ```
 */
export function startInTerminal(args: string[], hangGuardMs = 60_000): TerminalSession {
  const command = [QIP_LAUNCHER, ...args].map(shellQuote).join(" ");
  const child = new Deno.Command("script", {
    args: ["-qfec", command, "/dev/null"],
    cwd: REPO_ROOT,
    env: { QIP_DENO: Deno.execPath(), NO_COLOR: "1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const guard = setTimeout(() => child.kill("SIGKILL"), hangGuardMs);
  const writer = child.stdin.getWriter();
  const reader = child.stdout.getReader();
  const decoder = new TextDecoder();
  let raw = "";
  let shown = ""; // what the terminal shows, "\r\n" as "\n"
  let seenUpTo = 0;
  let ended = false;
  let exited: { code: number } | undefined;
  const readMore = async () => {
    const { value, done } = await reader.read();
    if (done) ended = true;
    else raw += decoder.decode(value, { stream: true });
    shown = raw.replaceAll("\r\n", "\n");
  };
  return {
    async waitFor(text) {
      for (;;) {
        const at = shown.indexOf(text, seenUpTo);
        if (at >= 0) {
          seenUpTo = at + text.length;
          return;
        }
        if (ended) throw new Error(`terminal never showed ${JSON.stringify(text)}: ${shown}`);
        await readMore();
      }
    },
    async type(keys) {
      await writer.write(new TextEncoder().encode(keys));
    },
    async finish() {
      while (!ended) await readMore();
      await writer.close().catch(() => {}); // script may have closed its side already
      exited = await child.status;
      clearTimeout(guard);
      return { code: exited.code, transcript: shown };
    },
    async [Symbol.asyncDispose]() {
      clearTimeout(guard);
      if (exited !== undefined) return;
      child.kill("SIGKILL");
      await reader.cancel().catch(() => {}); // already ended
      await writer.close().catch(() => {}); // already closed
      await child.status;
    },
  };
}

function shellQuote(word: string): string {
  return /^[\w./=-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
