/**
 * Proves that the README's transcripts are what qip prints: every ```` ```console ```` block is
 * a series of `$ command` lines, each followed by its output (stdout and stderr as a terminal
 * shows them, one after the other). Each command runs with bash from the checkout root, with
 * `qip` standing for `scripts/qip`.
 *
 * A block whose output cannot repeat (timings) is fenced ```` ```console varies ````: it is
 * shown, not checked here; its command has its own tests. A code block cannot end with a blank
 * line (the formatter drops it), so blank lines that end a block's last output are not compared.
 *
 * @module
 */

import assert from "node:assert/strict";
import { QIP_LAUNCHER, REPO_ROOT } from "../support/run_qip.ts";
import { withTempDir } from "../support/temp_dir.ts";

/** One `$ command` of a transcript and the lines shown after it. */
interface Transcript {
  readonly command: string;
  readonly expected: string;
  /** Whether it is the last of its block, whose trailing blank lines are not shown. */
  readonly last: boolean;
  /** 1-based README line of the command. */
  readonly line: number;
}

/** Reads the transcripts of every checked ```` ```console ```` block. */
export function readTranscripts(markdown: string): Transcript[] {
  const transcripts: Transcript[] = [];
  const lines = markdown.split("\n");
  let inBlock = false;
  let current: { command: string; output: string[]; line: number } | undefined;
  const finish = (last: boolean) => {
    if (current === undefined) return;
    transcripts.push({
      command: current.command,
      expected: current.output.map((line) => `${line}\n`).join(""),
      last,
      line: current.line,
    });
    current = undefined;
  };
  for (const [index, line] of lines.entries()) {
    if (!inBlock) {
      inBlock = line.trim() === "```console";
      continue;
    }
    if (line.startsWith("```")) {
      finish(true);
      inBlock = false;
    } else if (line.startsWith("$ ")) {
      finish(false);
      current = { command: line.slice(2), output: [], line: index + 1 };
    } else if (current !== undefined) {
      current.output.push(line);
    } else {
      throw new Error(`README line ${index + 1}: output before any "$ " command`);
    }
  }
  return transcripts;
}

const README = await Deno.readTextFile(`${REPO_ROOT}/README.md`);
const TRANSCRIPTS = readTranscripts(README);

Deno.test("readTranscripts() finds the README's transcripts", () => {
  assert.ok(TRANSCRIPTS.length >= 8, `only ${TRANSCRIPTS.length} transcripts found`);
});

for (const { command, expected, last, line } of TRANSCRIPTS) {
  Deno.test(`README line ${line}: ${command}`, async () => {
    await withTempDir(async (bin) => {
      await Deno.symlink(QIP_LAUNCHER, `${bin}/qip`);
      const { stdout, stderr } = await new Deno.Command("bash", {
        args: ["-c", command],
        cwd: REPO_ROOT,
        env: { PATH: `${bin}:${Deno.env.get("PATH")}`, NO_COLOR: "1" },
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
      const decoder = new TextDecoder();
      const shown = decoder.decode(stdout) + decoder.decode(stderr);
      assert.equal(last ? shown.replace(/\n\n+$/, "\n") : shown, expected);
    });
  });
}
