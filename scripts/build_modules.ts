/**
 * Rebuilds every committed `.wasm` module from its source, reproducibly: the same source gives
 * the same bytes on every machine, from any working directory, on every run.
 *
 * ```
 * deno task modules [--check] [path...]
 * ```
 *
 * Sources are found under `examples/` and `fixtures/modules/` (recursively) by their extension:
 * `.wat` (WebAssembly text, assembled with the `wabt` npm package), `.c` (freestanding C, compiled
 * with Debian's clang 14 and wasm-ld) and `.as.ts` (AssemblyScript, compiled with the pinned
 * `assemblyscript` npm package). Each `.wasm` is written next to its source with the same base
 * name: `hello.wat` → `hello.wasm`, `swapcase.as.ts` → `swapcase.wasm`.
 *
 * Extra build arguments for one module go in a comment among the first lines of its source,
 * passed to that language's compiler after the defaults:
 *
 * ```
 * ;; qip-build: --disable-simd
 * // qip-build: -Wl,--initial-memory=196608 -Wl,-z,stack-size=8192
 * // qip-build: --initialMemory 129
 * ```
 *
 * `--check` builds in memory and compares with the committed files instead of writing: one line
 * per differing or missing `.wasm`, exit code 1. A language whose toolchain is missing is reported
 * on one line and skipped (exit code 0 for that reason alone). Path arguments restrict the run to
 * the sources (or `.wasm` files, or folders) they name. A path elsewhere, inside the checkout or
 * outside it, names a source file or a folder of sources (searched recursively) to build the same
 * way, each `.wasm` next to its source: run from another folder, the task is
 * `deno task --config <checkout>/deno.json modules <path>`.
 *
 * @module
 */

import { parseArgs } from "node:util";

import { type Language, TOOLCHAINS } from "./_module_toolchains.ts";

export type { Language };
export { WABT_FEATURES } from "./_module_toolchains.ts";

/**
 * One module source and the `.wasm` built from it, as paths relative to the checkout (absolute
 * for sources outside it).
 */
export interface ModuleSource {
  readonly language: Language;
  readonly sourcePath: string;
  readonly wasmPath: string;
}

/** Folders searched for sources, relative to the checkout. */
export const SOURCE_DIRS: readonly string[] = ["examples", "fixtures/modules"];

/** How many leading lines of a source are searched for `qip-build:` comments. */
const BUILD_ARGS_LINES = 10;

/** The checkout this script belongs to. */
const DEFAULT_ROOT = new URL("../", import.meta.url).pathname.replace(/\/$/, "");

/** Where messages go: `out` for progress and summaries, `err` for problems. */
export interface BuildModulesIo {
  out(line: string): void;
  err(line: string): void;
}

/** Options for {@linkcode main}. */
export interface BuildModulesOptions {
  /** The checkout holding `examples/` and `fixtures/modules/`. @default {the checkout of this script} */
  readonly root?: string;
  /** Directory that relative path arguments are resolved against. @default {the caller's cwd} */
  readonly cwd?: string;
  /** @default {console.log and console.error} */
  readonly io?: BuildModulesIo;
}

/**
 * Builds (or with `--check`, verifies) the modules named by `args`, all of them by default.
 * Resolves to the process exit code: 0 when everything that could be built is up to date,
 * 1 when a build failed, a `--check` found a differing or missing file, or an argument was bad.
 *
 * @example Verify the committed modules of a checkout
 * ```ts ignore
 * const code = await main(["--check"], { root: "/path/to/checkout" });
 * ```
 */
export async function main(args: string[], options: BuildModulesOptions = {}): Promise<number> {
  const {
    root = DEFAULT_ROOT,
    cwd = Deno.env.get("INIT_CWD") ?? Deno.cwd(),
    io = { out: console.log, err: console.error },
  } = options;
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { check: { type: "boolean", default: false } },
      allowPositionals: true,
    });
  } catch (error) {
    io.err(`Usage: deno task modules [--check] [path...] ${(error as Error).message}`);
    return 1;
  }
  const check = parsed.values.check;
  const all = await discoverModules(root);
  const filters = parsed.positionals.map((path) => relativeTo(root, resolvePath(cwd, path)));
  const selected = filters.length === 0
    ? all
    : all.filter((source) => filters.some((filter) => matches(source, filter)));
  // Paths that name none of the checkout's sources are built where they are.
  for (const filter of filters.filter((filter) => !all.some((source) => matches(source, filter)))) {
    const found = await sourcesAt(filter.startsWith("/") ? filter : `${root}/${filter}`);
    if (found.length === 0) {
      io.err(`No module source matches "${filter}"`);
      return 1;
    }
    selected.push(...found.filter((source) => !selected.includes(source)));
  }
  const shown = (path: string) => displayPath(path, root, resolvePath("/", cwd));

  let failed = 0;
  let outdated = 0;
  let written = 0;
  let built = 0;
  for (const language of Object.keys(TOOLCHAINS) as Language[]) {
    const sources = selected.filter((source) => source.language === language);
    if (sources.length === 0) continue;
    const missing = await probeToolchain(language);
    if (missing !== undefined) {
      const what = count(sources.length, `${TOOLCHAINS[language].label} module`);
      io.err(`${what} not ${check ? "checked" : "built"}: ${missing}`);
      continue;
    }
    for (const source of sources) {
      let bytes: Uint8Array;
      try {
        bytes = await buildModule(source, root);
      } catch (error) {
        io.err(`Cannot build ${shown(source.sourcePath)}: ${(error as Error).message}`);
        failed++;
        continue;
      }
      built++;
      const committed = await readIfExists(inRoot(root, source.wasmPath));
      if (committed !== undefined && equalBytes(committed, bytes)) continue;
      if (check) {
        io.err(
          committed === undefined
            ? `${shown(source.wasmPath)} is missing (source ${shown(source.sourcePath)})`
            : `${shown(source.wasmPath)} differs from a fresh build of ${shown(source.sourcePath)}`,
        );
        outdated++;
      } else {
        await Deno.writeFile(inRoot(root, source.wasmPath), bytes);
        io.out(`wrote ${shown(source.wasmPath)}`);
        written++;
      }
    }
  }
  io.out(
    check
      ? `Checked ${count(built, "module")}: ${
        outdated === 0 ? "all up to date" : `${outdated} out of date`
      }`
      : `Built ${count(built, "module")}: ${written} written, ${built - written} unchanged`,
  );
  return failed > 0 || outdated > 0 ? 1 : 0;
}

/**
 * Tells whether a language's toolchain can be used here: resolves to `undefined` if so, otherwise
 * to the reason it cannot (not installed, or a version whose output differs from the committed
 * modules').
 *
 * @example
 * ```ts ignore
 * const problem = await probeToolchain("c"); // e.g. "clang or wasm-ld not found (…)"
 * ```
 */
export function probeToolchain(language: Language): Promise<string | undefined> {
  return TOOLCHAINS[language].probe();
}

/**
 * Lists the module sources under {@linkcode SOURCE_DIRS} of `root`, sorted by path.
 *
 * @example
 * ```ts ignore
 * const sources = await discoverModules(".");
 * // [{ language: "wat", sourcePath: "examples/hello.wat", wasmPath: "examples/hello.wasm" }, …]
 * ```
 * @throws {Error} when two sources would write the same `.wasm`.
 */
export async function discoverModules(root: string): Promise<ModuleSource[]> {
  const found: ModuleSource[] = [];
  for (const dir of SOURCE_DIRS) {
    for (const path of await listFiles(`${root}/${dir}`, dir)) {
      const language = languageOf(path);
      if (language === undefined) continue;
      const wasmPath = `${path.slice(0, -TOOLCHAINS[language].suffix.length)}.wasm`;
      const clash = found.find((source) => source.wasmPath === wasmPath);
      if (clash !== undefined) {
        throw new Error(`Cannot build ${wasmPath}: two sources (${clash.sourcePath}, ${path})`);
      }
      found.push({ language, sourcePath: path, wasmPath });
    }
  }
  return found.sort((a, b) => a.sourcePath < b.sourcePath ? -1 : 1);
}

/**
 * Compiles one source to wasm bytes, with its language's default flags and its own
 * `qip-build:` arguments. Does not write anything next to the source.
 *
 * @example
 * ```ts ignore
 * const bytes = await buildModule({ language: "wat", sourcePath: "examples/hello.wat",
 *   wasmPath: "examples/hello.wasm" }, ".");
 * ```
 * @throws {Error} with the compiler's messages when the source does not compile.
 */
export async function buildModule(source: ModuleSource, root: string): Promise<Uint8Array> {
  const path = inRoot(root, source.sourcePath);
  const slash = path.lastIndexOf("/");
  const extraArgs = readBuildArgs(await Deno.readTextFile(path));
  return await TOOLCHAINS[source.language].compile(
    path.slice(0, slash),
    path.slice(slash + 1),
    extraArgs,
  );
}

/**
 * Extracts the extra build arguments from `qip-build:` comments (`;;` or `//`) among the first
 * lines of a source. Arguments are separated by white space; several such lines add up.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(readBuildArgs("// qip-build: -Wl,-z,stack-size=8192 -O3\nint x;"), [
 *   "-Wl,-z,stack-size=8192",
 *   "-O3",
 * ]);
 * ```
 */
export function readBuildArgs(sourceText: string): string[] {
  return sourceText
    .split("\n", BUILD_ARGS_LINES)
    .map((line) => /^\s*(?:;;|\/\/)\s*qip-build:(.*)$/.exec(line)?.[1])
    .flatMap((rest) => rest === undefined ? [] : rest.trim().split(/\s+/).filter((arg) => arg));
}

/** The sources at `path`: the file itself, or every source under the folder; `[]` if none. */
async function sourcesAt(path: string): Promise<ModuleSource[]> {
  let info;
  try {
    info = await Deno.stat(path);
  } catch {
    return [];
  }
  const paths = info.isDirectory ? (await listFiles(path, path)).sort() : [path];
  return paths.flatMap((sourcePath) => {
    const language = languageOf(sourcePath);
    if (language === undefined) return [];
    const wasmPath = `${sourcePath.slice(0, -TOOLCHAINS[language].suffix.length)}.wasm`;
    return [{ language, sourcePath, wasmPath }];
  });
}

/** A path of a {@linkcode ModuleSource} as a file path. */
function inRoot(root: string, path: string): string {
  return path.startsWith("/") ? path : `${root}/${path}`;
}

/** How messages name a path: relative to the caller's folder when it is under it. */
function displayPath(path: string, root: string, cwd: string): string {
  const absolute = resolvePath("/", inRoot(root, path));
  if (!path.startsWith("/")) return path;
  return absolute.startsWith(`${cwd}/`) ? absolute.slice(cwd.length + 1) : absolute;
}

function languageOf(path: string): Language | undefined {
  for (const language of Object.keys(TOOLCHAINS) as Language[]) {
    if (path.endsWith(TOOLCHAINS[language].suffix)) return language;
  }
  return undefined;
}

function matches(source: ModuleSource, filter: string): boolean {
  return [source.sourcePath, source.wasmPath].some((path) =>
    filter === "" || path === filter || path.startsWith(`${filter}/`)
  );
}

async function listFiles(absoluteDir: string, relativeDir: string): Promise<string[]> {
  const paths: string[] = [];
  try {
    for await (const entry of Deno.readDir(absoluteDir)) {
      const relative = `${relativeDir}/${entry.name}`;
      if (entry.isDirectory) {
        paths.push(...await listFiles(`${absoluteDir}/${entry.name}`, relative));
      } else if (entry.isFile) paths.push(relative);
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return paths;
}

async function readIfExists(path: string): Promise<Uint8Array | undefined> {
  try {
    return await Deno.readFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

function resolvePath(cwd: string, path: string): string {
  const joined = path.startsWith("/") ? path : `${cwd}/${path}`;
  const parts: string[] = [];
  for (const part of joined.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== "" && part !== ".") parts.push(part);
  }
  return `/${parts.join("/")}`;
}

function relativeTo(root: string, absolute: string): string {
  const base = resolvePath("/", root);
  if (absolute === base) return "";
  return absolute.startsWith(`${base}/`) ? absolute.slice(base.length + 1) : absolute;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
