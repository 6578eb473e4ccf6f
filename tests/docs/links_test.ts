/**
 * Every relative link in the README and the docs resolves to a file of the repository, and every
 * Markdown file they cite by name (`modules.md`) exists in it: a reader of a clone never
 * follows a reference to something the repository does not have.
 */

import assert from "node:assert/strict";
import { basename, dirname, join, normalize } from "node:path";
import { REPO_ROOT } from "../support/run_qip.ts";

async function trackedFiles(): Promise<string[]> {
  const { stdout } = await new Deno.Command("git", {
    args: ["ls-files", "-z"],
    cwd: REPO_ROOT,
    stdout: "piped",
  }).output();
  return new TextDecoder().decode(stdout).split("\0").filter((path) => path !== "");
}

/** `[text](target)` and `![alt](target)`, outside code spans and fenced blocks. */
const LINK = /!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;
/**
 * A Markdown file cited by its bare name, e.g. abi.md. Paths with a folder are left alone: the
 * docs use them as examples of a site's content (`docs/index.md` answers `/docs`).
 */
const MARKDOWN_NAME = /(?<![\w/.-])([\w-]+\.md)\b/g;

/** Prose lines of a Markdown document: fenced code blocks are left out. */
function proseLines(markdown: string): Array<[number, string]> {
  const lines: Array<[number, string]> = [];
  let fenced = false;
  markdown.split("\n").forEach((line, index) => {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    else if (!fenced) lines.push([index + 1, line]);
  });
  return lines;
}

/** Problems in one document at `path`, given the repository's files. */
export function brokenReferences(path: string, markdown: string, files: Set<string>): string[] {
  const exists = (target: string) =>
    files.has(target) || [...files].some((file) => file.startsWith(`${target}/`));
  const basenames = new Set([...files].map((file) => basename(file)));
  const problems: string[] = [];
  for (const [number, line] of proseLines(markdown)) {
    for (const [, target] of line.matchAll(LINK)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target!) || target!.startsWith("#")) continue;
      const file = decodeURIComponent(target!.split("#")[0]!);
      const resolved = normalize(join(dirname(path), file)).replace(/\/$/, "");
      if (!exists(resolved)) problems.push(`${path}:${number}: link to ${target} does not resolve`);
    }
    for (const [, name] of line.matchAll(MARKDOWN_NAME)) {
      if (basenames.has(name!)) continue;
      problems.push(`${path}:${number}: names ${name}, which is not in the repository`);
    }
  }
  return problems;
}

Deno.test("every relative link and named Markdown file in README.md and docs/ exists", async () => {
  const files = await trackedFiles();
  const documents = files.filter((file) => file === "README.md" || /^docs\/.*\.md$/.test(file));
  assert.ok(documents.length >= 5, `found only ${documents.join(", ")}`);
  const tracked = new Set(files);
  const problems: string[] = [];
  for (const path of documents) {
    problems.push(
      ...brokenReferences(path, await Deno.readTextFile(`${REPO_ROOT}/${path}`), tracked),
    );
  }
  assert.deepEqual(problems, []);
});

Deno.test("the reference check finds a broken link, a missing image and a cited absent file", () => {
  const files = new Set(["README.md", "docs/images.md", "docs/images/a.png"]);
  const markdown = [
    "See [images](docs/images.md), ![a](docs/images/a.png) and [web](https://deno.com).",
    "See [gone](docs/gone.md#top) and ![b](docs/images/b.png), as abi.md §4 says.",
    "```sh",
    "cat nowhere.md",
    "```",
  ].join("\n");
  assert.deepEqual(brokenReferences("README.md", markdown, files), [
    "README.md:2: link to docs/gone.md#top does not resolve",
    "README.md:2: link to docs/images/b.png does not resolve",
    "README.md:2: names abi.md, which is not in the repository",
  ]);
});
