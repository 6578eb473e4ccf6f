/**
 * Expands batch `-i` arguments (files, directories walked recursively, globs) into the list of
 * inputs, each with the output path it maps to under `-o`. Sorted and de-duplicated, so the
 * same arguments always give the same list.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import { cleanPath } from "../dev/clean_path.ts";
import { compareBytewise } from "../dev/tree_walk.ts";
import { globRoot, globToRegExp, isGlob } from "./glob.ts";

/** One input of a batch. */
export interface BatchInput {
  /** The file to read, as reachable from the working directory. */
  readonly path: string;
  /** Its path relative to its root (`-i docs` → `guide/intro.md`), `/`-separated. */
  readonly rel: string;
  /** Where its output goes: `<out dir>/<rel with the extension replaced>`. */
  readonly outputPath: string;
}

/** How inputs map to outputs. */
export interface BatchLayout {
  /** The `-o` directory. */
  readonly outDir: string;
  /** Replaces each input's extension (`.html`); `undefined` keeps it. */
  readonly ext: string | undefined;
}

/**
 * Whether `-i` arguments ask for batch mode: more than one, a directory or a glob.
 */
export async function isBatchInput(inputs: readonly string[]): Promise<boolean> {
  if (inputs.length > 1) return true;
  const [only] = inputs;
  if (only === undefined || only === "-" || only === "") return false;
  if (isGlob(only)) return true;
  try {
    return (await Deno.stat(only)).isDirectory;
  } catch {
    return false; // the single-input path reports the read error in the spec's words
  }
}

/**
 * Lists every input named by `args`. Walks skip names starting with `.` (as shell globs do)
 * and anything under `outDir`; symlinks to files are read, symlinks to directories are not
 * followed.
 *
 * @throws {QipError} kind `usage` when an argument matches nothing, when `-` is among batch
 *   inputs, or when two inputs map to the same output; kind `io` for an unreadable directory.
 */
export async function expandBatchInputs(
  args: readonly string[],
  layout: BatchLayout,
): Promise<BatchInput[]> {
  const outDir = cleanPath(layout.outDir);
  const byOutput = new Map<string, BatchInput>();
  for (const arg of args) {
    if (arg === "-" || arg === "") {
      throw new QipError("usage", "Cannot read stdin (-i -) in a batch: name files instead");
    }
    const found = await expand(arg, outDir);
    if (found.length === 0) {
      throw new QipError("usage", `No input files match ${JSON.stringify(arg)}`);
    }
    for (const { path, rel } of found) {
      const outputPath = `${outDir === "/" ? "" : outDir}/${replaceExtension(rel, layout.ext)}`;
      const previous = byOutput.get(outputPath);
      if (previous !== undefined && previous.path !== path) {
        throw new QipError(
          "usage",
          `Inputs ${previous.path} and ${path} would both be written to ${outputPath}`,
        );
      }
      byOutput.set(outputPath, { path, rel, outputPath });
    }
  }
  return [...byOutput.values()].sort((a, b) => compareBytewise(a.outputPath, b.outputPath));
}

/**
 * `rel` with its extension replaced by `ext` (or added when it has none).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { replaceExtension } from "./batch_inputs.ts";
 * assert.equal(replaceExtension("a/b.md", ".html"), "a/b.html");
 * assert.equal(replaceExtension("a.b/README", ".html"), "a.b/README.html");
 * ```
 */
export function replaceExtension(rel: string, ext: string | undefined): string {
  if (ext === undefined) return rel;
  const slash = rel.lastIndexOf("/");
  const dot = rel.lastIndexOf(".");
  const stem = dot > slash + 1 ? rel.slice(0, dot) : rel;
  return `${stem}${ext}`;
}

/**
 * Checks `--ext`: a dot then a name without `/`.
 *
 * @throws {QipError} kind `usage`: `Invalid ext: "html" (expected a dot and a name, like .html)`.
 */
export function parseExtension(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!/^\.[^/\\]+$/.test(raw)) {
    throw new QipError("usage", `Invalid ext: "${raw}" (expected a dot and a name, like .html)`);
  }
  return raw;
}

async function expand(arg: string, outDir: string): Promise<{ path: string; rel: string }[]> {
  if (isGlob(arg)) {
    const root = globRoot(arg);
    const rest = root === "/"
      ? arg.slice(1)
      : arg.slice(root === "." && !arg.startsWith("./") ? 0 : root.length + 1);
    const pattern = globToRegExp(rest);
    const files = await walk(trimSlashes(root), outDir);
    return files.filter(({ rel }) => pattern.test(rel));
  }
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(arg);
  } catch (error) {
    throw readFailure(arg, error);
  }
  if (info.isDirectory) return await walk(trimSlashes(arg), outDir);
  const slash = arg.lastIndexOf("/");
  return [{ path: arg, rel: arg.slice(slash + 1) }];
}

/** Regular files under `root` (symlinked files included), skipping dot names and `outDir`. */
async function walk(root: string, outDir: string): Promise<{ path: string; rel: string }[]> {
  const files: { path: string; rel: string }[] = [];
  const visit = async (dir: string, relDir: string): Promise<void> => {
    if (cleanPath(dir) === outDir) return;
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(dir));
    } catch (error) {
      throw readFailure(dir, error);
    }
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const path = dir === "." ? entry.name : `${dir}/${entry.name}`;
      const rel = relDir === "" ? entry.name : `${relDir}/${entry.name}`;
      if (entry.isDirectory) await visit(path, rel);
      else if (entry.isFile || (entry.isSymlink && await isFile(path))) files.push({ path, rel });
    }
  };
  await visit(root, "");
  return files;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch {
    return false;
  }
}

function trimSlashes(path: string): string {
  const trimmed = path.replace(/^(\.\/)+/, "").replace(/\/+$/, "");
  if (trimmed !== "") return trimmed;
  return path.startsWith("/") ? "/" : ".";
}

function readFailure(path: string, error: unknown): QipError {
  const reason = error instanceof Error ? error.message : String(error);
  return new QipError("io", `Cannot read input ${path}: ${reason}`, { cause: error });
}
