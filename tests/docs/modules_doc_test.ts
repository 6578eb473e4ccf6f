/**
 * Proves that every command in the author's guides (`docs/modules.md`, the contract pages under
 * `docs/contracts/` and `docs/library.md`) works and prints what the guide shows.
 *
 * The guide marks what is checked with words after a code fence's language:
 *
 * - ```` ```sh test ```` — a bash script, run from the checkout root with `qip` standing for
 *   `scripts/qip`. The next code block, ```` ```text ````, is its exact stdout (an empty block
 *   means no output). More words may follow `test`:
 *   - `exit=N`: the expected exit status (default 0);
 *   - `needs=tool,tool`: skipped, with the reason in the test name, when a tool is not on PATH;
 *   - `copy`: runs in a scratch copy of the checkout, for commands that write files there.
 *   Each script gets its own empty `TMPDIR`, so `mktemp` writes outside the checkout.
 * - ```` ```ts test ```` — a test file meant for `tests/`: it is saved to a temporary directory
 *   (with its `../support/` imports pointed at this checkout) and run with `deno test`.
 * - `file=<path>` on any block: the block is that file of the checkout, verbatim.
 *
 * Every `sh` block must be a `test` block, so no untested command slips into the guide.
 *
 * @module
 */

import assert from "node:assert/strict";

import { REPO_ROOT } from "../support/run_qip.ts";

/** Every guide checked here, with how many `sh test` blocks it must at least hold. */
const GUIDES: ReadonlyArray<readonly [string, number]> = [
  ["docs/modules.md", 20],
  ["docs/contracts/tile.md", 4],
  ["docs/contracts/forms.md", 3],
  ["docs/contracts/bench.md", 2],
  ["docs/contracts/dev-recipes.md", 2],
  ["docs/library.md", 1],
];

/** What a scratch copy (`copy`) contains: enough to build modules and run them. */
const COPIED_PATHS = [
  "deno.json",
  "deno.lock",
  "deno.tooling.json",
  "deno.tooling.lock",
  "scripts",
  "examples",
  "fixtures",
];

/** The flags of `deno task test`, for `ts test` blocks. */
const DENO_TEST_FLAGS = [
  "--no-prompt",
  "--unstable-worker-options",
  "--allow-read",
  "--allow-write",
  "--allow-net",
  "--allow-run",
  "--allow-env",
  "--allow-sys",
];

/** One fenced code block of the guide. */
interface CodeBlock {
  /** The language word of the info string (`sh`, `text`, …). */
  readonly language: string;
  /** The words after the language. */
  readonly words: readonly string[];
  /** The lines between the fences, joined with `\n`, without a final newline. */
  readonly body: string;
  /** 1-based line number of the opening fence. */
  readonly line: number;
}

/** A `sh test` block with the output the guide shows for it. */
interface ShellExample {
  readonly script: string;
  readonly expectedStdout: string;
  readonly expectedExit: number;
  readonly needs: readonly string[];
  readonly copy: boolean;
  readonly line: number;
}

const decoder = new TextDecoder();

/** Splits Markdown into its fenced code blocks (``` fences, not nested). */
function parseCodeBlocks(guide: string, text: string): CodeBlock[] {
  const found: CodeBlock[] = [];
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const open = /^```(\S*)(.*)$/.exec(lines[index]!);
    if (open === null) continue;
    const start = index;
    const body: string[] = [];
    for (index++; index < lines.length && lines[index] !== "```"; index++) body.push(lines[index]!);
    assert.ok(index < lines.length, `${guide}:${start + 1}: code block is never closed`);
    found.push({
      language: open[1]!,
      words: open[2]!.trim().split(/\s+/).filter((word) => word !== ""),
      body: body.join("\n"),
      line: start + 1,
    });
  }
  return found;
}

function pairShellExamples(guide: string, all: readonly CodeBlock[]): ShellExample[] {
  const examples: ShellExample[] = [];
  all.forEach((block, index) => {
    if (block.language !== "sh") return;
    const where = `${guide}:${block.line}`;
    assert.equal(block.words[0], "test", `${where}: every sh block must be a "sh test" block`);
    const output = all[index + 1];
    assert.ok(
      output !== undefined && output.language === "text",
      `${where}: a "sh test" block must be followed by a "text" block with its stdout`,
    );
    let expectedExit = 0;
    let needs: string[] = [];
    let copy = false;
    for (const word of block.words.slice(1)) {
      const [key, value] = word.split("=", 2) as [string, string | undefined];
      if (key === "exit" && value !== undefined && /^\d+$/.test(value)) {
        expectedExit = Number(value);
      } else if (key === "needs" && value !== undefined && value !== "") {
        needs = value.split(",");
      } else if (word === "copy") copy = true;
      else assert.fail(`${where}: unknown test marker word "${word}"`);
    }
    examples.push({
      script: block.body,
      expectedStdout: output.body === "" ? "" : `${output.body}\n`,
      expectedExit,
      needs,
      copy,
      line: block.line,
    });
  });
  return examples;
}

/** Whether an executable of that name is on PATH. */
async function onPath(tool: string): Promise<boolean> {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    try {
      const info = await Deno.stat(`${dir || "."}/${tool}`);
      if (info.isFile && ((info.mode ?? 0o111) & 0o111) !== 0) return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

/** A directory with a `qip` that runs this checkout's launcher with the Deno running the tests. */
async function makeQipBin(root: string): Promise<string> {
  const bin = `${root}/bin`;
  await Deno.mkdir(bin, { recursive: true });
  await Deno.writeTextFile(
    `${bin}/qip`,
    `#!/usr/bin/env bash\nexec ${shellQuote(`${REPO_ROOT}/scripts/qip`)} "$@"\n`,
    { mode: 0o755 },
  );
  return bin;
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** The environment of a guide command: the caller's, minus task state, plus qip and a TMPDIR. */
function exampleEnv(bin: string, tmp: string): Record<string, string> {
  const env = Deno.env.toObject();
  // Set by `deno task`: it would make `deno task modules` resolve paths against another checkout.
  delete env.INIT_CWD;
  const denoDir = Deno.execPath().slice(0, Deno.execPath().lastIndexOf("/"));
  return {
    ...env,
    PATH: `${bin}:${denoDir}:${env.PATH ?? "/usr/bin:/bin"}`,
    QIP_DENO: Deno.execPath(),
    TMPDIR: tmp,
    NO_COLOR: "1",
  };
}

async function copyCheckout(target: string): Promise<void> {
  const result = await new Deno.Command("cp", {
    args: ["-R", ...COPIED_PATHS, `${target}/`],
    cwd: REPO_ROOT,
    stderr: "piped",
  }).output();
  assert.ok(result.success, `cp failed: ${decoder.decode(result.stderr)}`);
}

async function runShellExample(guide: string, example: ShellExample): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "qip-modules-doc-" });
  try {
    const bin = await makeQipBin(root);
    const tmp = `${root}/tmp`;
    await Deno.mkdir(tmp);
    let cwd = REPO_ROOT;
    if (example.copy) {
      cwd = `${root}/checkout`;
      await Deno.mkdir(cwd);
      await copyCheckout(cwd);
    }
    const result = await new Deno.Command("bash", {
      args: ["-e", "-o", "pipefail", "-c", example.script],
      cwd,
      clearEnv: true,
      env: exampleEnv(bin, tmp),
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = decoder.decode(result.stdout);
    const stderr = decoder.decode(result.stderr);
    const context =
      `${guide}:${example.line}\n--- script\n${example.script}\n--- stderr\n${stderr}`;
    assert.equal(stdout, example.expectedStdout, `stdout differs; ${context}`);
    assert.equal(result.code, example.expectedExit, `exit status differs; ${context}`);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

for (const [guide, minimum] of GUIDES) {
  const markdown = await Deno.readTextFile(`${REPO_ROOT}/${guide}`);
  const blocks = parseCodeBlocks(guide, markdown);
  const shellExamples = pairShellExamples(guide, blocks);

  Deno.test(`${guide} has checked examples`, () => {
    assert.ok(
      shellExamples.length >= minimum,
      `only ${shellExamples.length} "sh test" blocks, want ${minimum}`,
    );
  });

  for (const example of shellExamples) {
    const missing: string[] = [];
    for (const tool of example.needs) if (!await onPath(tool)) missing.push(tool);
    const firstLine = example.script.split("\n")[0]!;
    const skipped = missing.length > 0 ? ` (ignored: ${missing.join(", ")} not found on PATH)` : "";
    Deno.test({
      name: `${guide}:${example.line}: ${firstLine}${skipped}`,
      ignore: missing.length > 0,
      fn: () => runShellExample(guide, example),
    });
  }

  for (const block of blocks) {
    const file = block.words.find((word) => word.startsWith("file="))?.slice("file=".length);
    if (file === undefined) continue;
    Deno.test(`${guide}:${block.line}: the ${block.language} block is ${file}`, async () => {
      const text = await Deno.readTextFile(`${REPO_ROOT}/${file}`);
      assert.equal(`${block.body}\n`, text, `${guide}:${block.line} is not a copy of ${file}`);
    });
  }

  for (
    const block of blocks.filter((block) => block.language === "ts" && block.words[0] === "test")
  ) {
    Deno.test(`${guide}:${block.line}: the test file example passes`, async () => {
      const dir = await Deno.makeTempDir({ prefix: "qip-modules-doc-" });
      try {
        const source = block.body.replaceAll(
          /(["'])\.\.\/support\//g,
          `$1${new URL("../support/", import.meta.url).href}`,
        );
        await Deno.writeTextFile(`${dir}/guide_example_test.ts`, `${source}\n`);
        const result = await new Deno.Command(Deno.execPath(), {
          args: ["test", ...DENO_TEST_FLAGS, "--no-config", `${dir}/guide_example_test.ts`],
          cwd: REPO_ROOT,
          env: { NO_COLOR: "1" },
          stdout: "piped",
          stderr: "piped",
        }).output();
        const output = decoder.decode(result.stdout) + decoder.decode(result.stderr);
        assert.ok(result.success, `deno test failed:\n${output}`);
        assert.match(output, /ok \| [1-9]\d* passed/, output);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    });
  }
}
