/**
 * Holds the import graph of `src/` to the layer rules of docs/architecture.md, and prints one
 * line per import that breaks them:
 *
 * - a layer imports only the layers below it in {@linkcode LAYERS} (data flows one way);
 * - another layer is entered through its `mod.ts` (or an entry named in
 *   {@linkcode EXTRA_ENTRIES}), never by a deep import;
 * - a `_`-prefixed file is imported only from its own folder, and a file of a layer that its
 *   `mod.ts` does not export from (nor names as an entry) is `_`-prefixed;
 * - no `mod.ts` re-exports with `export *`: a layer names what it offers;
 * - the public `mod.ts` takes only from layer `mod.ts` files and `src/errors.ts`.
 *
 * `main.ts` is exempt: it starts the first worker before the rest of qip loads, by importing
 * that one file.
 *
 *   deno run --allow-read scripts/check_imports.ts [ROOT]
 *
 * Exits 1 when an import breaks a rule (tests/scripts/check_imports_test.ts runs it).
 *
 * @module
 */

/**
 * The layers of `src/`, from the top (the command line) to the bottom (pure helpers). `errors`
 * is the one file `src/errors.ts`, which every layer above `format` may import.
 */
export const LAYERS = [
  "cli",
  "build",
  "dev",
  "batch",
  "bench",
  "host",
  "image",
  "pipeline",
  "sandbox",
  "contracts",
  "errors",
  "format",
] as const;

/**
 * Entries of a layer besides its `mod.ts`, each with why: importing `mod.ts` would load it for
 * every command.
 */
export const EXTRA_ENTRIES: Readonly<Record<string, readonly string[]>> = {
  // Loading the codec pool compiles imagescript's decoders: only `qip image` pays for that.
  image: ["codec_pool.ts"],
};

/**
 * Files other code starts from by path rather than through `mod.ts`: worker scripts (bundled
 * from these files), the command table's target, and the worker `main.ts` spawns first.
 */
export const ENTRY_POINTS: readonly string[] = [
  "src/cli/main.ts",
  "src/image/codec_worker.ts",
  "src/image/png_band.ts",
  "src/sandbox/spawn_worker.ts",
  "src/sandbox/stage_worker.ts",
];

/** One import of one file. */
export interface ImportEdge {
  /** The importing file, relative to the root, with `/`. */
  readonly from: string;
  /** The specifier as written. */
  readonly specifier: string;
  /** The imported file relative to the root, or `undefined` for a package specifier. */
  readonly to: string | undefined;
  readonly line: number;
}

/** What a file holds that the rules look at. */
export interface SourceFile {
  readonly path: string;
  readonly imports: readonly ImportEdge[];
  /** Lines with `export * from`. */
  readonly starExports: readonly number[];
}

/**
 * Reads every `.ts` file under `root/src` and the root `mod.ts`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readSourceFiles } from "./check_imports.ts";
 * const files = await readSourceFiles(new URL("../", import.meta.url).pathname);
 * assert.ok(files.some((file) => file.path === "src/errors.ts"));
 * ```
 */
export async function readSourceFiles(root: string): Promise<SourceFile[]> {
  const paths: string[] = ["mod.ts"];
  const walk = async (dir: string): Promise<void> => {
    for await (const entry of Deno.readDir(`${root}/${dir}`)) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) await walk(path);
      else if (entry.isFile && entry.name.endsWith(".ts")) paths.push(path);
    }
  };
  await walk("src");
  paths.sort();
  const files: SourceFile[] = [];
  for (const path of paths) {
    const text = await Deno.readTextFile(`${root}/${path}`).catch(() => undefined);
    if (text !== undefined) files.push(parseSourceFile(path, text));
  }
  return files;
}

const STATIC_IMPORT = /^(?:import|export)\b[^;]*?\bfrom\s*"([^"]+)"|^import\s*"([^"]+)"/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*"([^"]+)"\s*\)/g;

/** Finds the imports of one file; comment lines (doc examples) are not imports. */
export function parseSourceFile(path: string, text: string): SourceFile {
  const code = text.split("\n").map((line) => /^\s*(\*|\/\/|\/\*)/.test(line) ? "" : line)
    .join("\n");
  const lineAt = (index: number) => code.slice(0, index).split("\n").length;
  const imports: ImportEdge[] = [];
  const add = (specifier: string, index: number) =>
    imports.push({ from: path, specifier, to: resolve(path, specifier), line: lineAt(index) });
  for (const match of code.matchAll(STATIC_IMPORT)) add(match[1] ?? match[2]!, match.index);
  for (const match of code.matchAll(DYNAMIC_IMPORT)) add(match[1]!, match.index);
  const starExports = [...code.matchAll(/^export\s*\*/gm)].map((match) => lineAt(match.index));
  return { path, imports, starExports };
}

function resolve(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const parts = from.split("/").slice(0, -1);
  for (const part of specifier.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== ".") parts.push(part);
  }
  return parts.join("/");
}

/** The layer a path belongs to, or `undefined` outside `src/`. */
function layerOf(path: string): string | undefined {
  if (path === "src/errors.ts") return "errors";
  const match = /^src\/([^/]+)\//.exec(path);
  return match?.[1];
}

function rank(layer: string): number {
  return (LAYERS as readonly string[]).indexOf(layer);
}

/**
 * Every import in `files` that breaks a rule, as `file:line: what is wrong`.
 *
 * @example An upward import
 * ```ts
 * import assert from "node:assert/strict";
 * import { importProblems, parseSourceFile } from "./check_imports.ts";
 * const file = parseSourceFile("src/sandbox/_a.ts", 'import { x } from "../host/mod.ts";\n');
 * assert.deepEqual(importProblems([file]), [
 *   "src/sandbox/_a.ts:1: sandbox may not import host (../host/mod.ts): host is above it",
 * ]);
 * ```
 */
export function importProblems(files: readonly SourceFile[]): string[] {
  const problems: string[] = [...namingProblems(files)];
  for (const file of files) {
    const isMod = file.path === "mod.ts" || /^src\/[^/]+\/mod\.ts$/.test(file.path);
    if (isMod) {
      for (const line of file.starExports) {
        problems.push(`${file.path}:${line}: export * re-exports a whole file: name the exports`);
      }
    }
    for (const edge of file.imports) {
      const problem = edgeProblem(edge);
      if (problem !== undefined) problems.push(`${file.path}:${edge.line}: ${problem}`);
    }
  }
  return problems;
}

/** Files directly in a layer folder that its mod.ts does not offer and that have no `_`. */
function namingProblems(files: readonly SourceFile[]): string[] {
  const offered = new Set<string>(ENTRY_POINTS);
  for (const file of files) {
    const layer = /^src\/([^/]+)\/mod\.ts$/.exec(file.path)?.[1];
    if (layer === undefined) continue;
    for (const edge of file.imports) if (edge.to !== undefined) offered.add(edge.to);
    for (const entry of EXTRA_ENTRIES[layer] ?? []) offered.add(`src/${layer}/${entry}`);
  }
  return files
    .filter(({ path }) => /^src\/[^/]+\/[^_/][^/]*\.ts$/.test(path))
    .filter(({ path }) => !path.endsWith("/mod.ts") && !offered.has(path))
    .map(({ path }) =>
      `${path}: its folder's mod.ts does not export from it: prefix it with _ or export it`
    );
}

function edgeProblem(edge: ImportEdge): string | undefined {
  const { from, to, specifier } = edge;
  if (to === undefined) return undefined; // a package: npm:, node:, the import map
  if (from === "mod.ts") {
    const entry = to === "src/errors.ts" || /^src\/[^/]+\/mod\.ts$/.test(to);
    return entry ? undefined : `the public mod.ts takes ${specifier}: use the layer's mod.ts`;
  }
  const source = layerOf(from);
  const target = layerOf(to);
  if (source === undefined) return undefined;
  if (target === undefined) {
    return to === "deno.json" ? undefined : `imports ${specifier}, outside src/`;
  }
  const name = to.split("/").at(-1)!;
  const folder = (path: string) => path.split("/").slice(0, -1).join("/");
  if (name.startsWith("_") && folder(to) !== folder(from)) {
    return `imports ${specifier}, a file private to ${folder(to)}/`;
  }
  if (source === target) return undefined;
  if (rank(source) < 0) return `${source}/ is not a layer of the design (scripts/check_imports.ts)`;
  if (rank(target) < 0) return `imports ${specifier}: ${target}/ is not a layer of the design`;
  if (rank(target) < rank(source)) {
    return `${source} may not import ${target} (${specifier}): ${target} is above it`;
  }
  if (target === "errors") return undefined;
  const entries = ["mod.ts", ...EXTRA_ENTRIES[target] ?? []];
  if (!entries.some((entry) => to === `src/${target}/${entry}`)) {
    return `deep import ${specifier}: enter ${target}/ through its mod.ts`;
  }
  return undefined;
}

if (import.meta.main) {
  const root = Deno.args[0] ?? new URL("../", import.meta.url).pathname;
  const problems = importProblems(await readSourceFiles(root));
  for (const problem of problems) console.log(problem);
  if (problems.length > 0) Deno.exit(1);
}
