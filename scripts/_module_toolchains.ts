/**
 * The compilers behind `scripts/build_modules.ts`, one entry per source language: how a source is
 * recognised, whether its toolchain is usable here, and the exact flags that make its output
 * reproducible. Private to `scripts/`.
 *
 * @module
 */

/** The source languages, named after their toolchains' front ends. */
export type Language = "wat" | "c" | "assemblyscript";

/** How one language is recognised, checked for and compiled. */
export interface Toolchain {
  /** Name in messages, e.g. "C". */
  readonly label: string;
  /** Source file suffix, including the leading dot. */
  readonly suffix: string;
  /** Resolves to `undefined` when the toolchain can be used, otherwise to the reason it cannot. */
  probe(): Promise<string | undefined>;
  /** Compiles the file `name` in the directory `dir` to wasm bytes. */
  compile(dir: string, name: string, extraArgs: readonly string[]): Promise<Uint8Array>;
}

/** The only clang major version whose output is committed; others give different bytes. */
const CLANG_MAJOR_VERSION = 14;
const CLANG_INSTALL_HINT = "install with: apt-get install -y clang lld";

/**
 * The wabt features WAT sources are assembled with, all enabled: WAT sources may use any of them
 * (a `qip-build: --disable-<feature>` line turns one off). The tests that assemble WAT use them
 * too.
 */
export const WABT_FEATURES = Object.freeze({
  exceptions: true,
  mutable_globals: true,
  sat_float_to_int: true,
  sign_extension: true,
  simd: true,
  threads: true,
  function_references: true,
  multi_value: true,
  tail_call: true,
  bulk_memory: true,
  reference_types: true,
  annotations: true,
  code_metadata: true,
  gc: true,
  memory64: true,
  extended_const: true,
  relaxed_simd: true,
});
type WabtFeature = keyof typeof WABT_FEATURES;

/** Flags given to clang before a module's own `qip-build:` arguments. */
const C_FLAGS: readonly string[] = [
  "--target=wasm32",
  "-O2",
  "-nostdlib",
  "-ffreestanding",
  "-mbulk-memory",
  "-Wall",
  "-Wextra",
  "-Werror",
  "-Wl,--no-entry",
  "-Wl,--strip-all",
];

/** Flags given to asc before a module's own `qip-build:` arguments. */
const ASSEMBLYSCRIPT_FLAGS: readonly string[] = [
  "--runtime",
  "stub",
  "--use",
  "abort=",
  "--optimizeLevel",
  "3",
  "--shrinkLevel",
  "0",
];

/** Every supported language's toolchain. */
export const TOOLCHAINS: Readonly<Record<Language, Toolchain>> = {
  wat: {
    label: "WAT",
    suffix: ".wat",
    probe: () => importFailure(() => import("wabt")),
    async compile(dir, name, extraArgs) {
      const features: Record<WabtFeature, boolean> = { ...WABT_FEATURES };
      for (const arg of extraArgs) {
        const feature = arg.replace(/^--(disable|enable)-/, "").replaceAll("-", "_");
        if (
          !arg.startsWith("--disable-") && !arg.startsWith("--enable-") || !(feature in features)
        ) {
          throw new TypeError(
            `Unknown WAT build argument "${arg}": use --disable-<feature> or --enable-<feature>`,
          );
        }
        features[feature as WabtFeature] = arg.startsWith("--enable-");
      }
      const wabt = await (await import("wabt")).default();
      const module = wabt.parseWat(name, await Deno.readTextFile(`${dir}/${name}`), features);
      try {
        module.resolveNames();
        module.validate();
        return module.toBinary({ write_debug_names: false, canonicalize_lebs: true }).buffer;
      } finally {
        module.destroy();
      }
    },
  },
  c: {
    label: "C",
    suffix: ".c",
    probe: probeClang,
    async compile(dir, name, extraArgs) {
      const outDir = await Deno.makeTempDir({ prefix: "qip-build-" });
      try {
        const args = [...C_FLAGS, ...extraArgs, "-o", `${outDir}/module.wasm`, name];
        await runTool("clang", args, dir);
        return await Deno.readFile(`${outDir}/module.wasm`);
      } finally {
        await Deno.remove(outDir, { recursive: true });
      }
    },
  },
  assemblyscript: {
    label: "AssemblyScript",
    suffix: ".as.ts",
    probe: () => importFailure(loadAssemblyScript),
    async compile(dir, name, extraArgs) {
      const asc = await loadAssemblyScript();
      const outputs = new Map<string, Uint8Array>();
      const result = await asc.main(
        [name, "--baseDir", dir, "--outFile", "module.wasm", ...ASSEMBLYSCRIPT_FLAGS, ...extraArgs],
        {
          writeFile(fileName, contents) {
            outputs.set(fileName, typeof contents === "string" ? encode(contents) : contents);
          },
        },
      );
      const bytes = outputs.get("module.wasm");
      if (result.error !== null || bytes === undefined) {
        throw new Error(result.stderr.toString().trim() || String(result.error));
      }
      const imports = WebAssembly.Module.imports(new WebAssembly.Module(new Uint8Array(bytes)));
      if (imports.length > 0) {
        const names = imports.map((entry) => `${entry.module}.${entry.name}`).join(", ");
        throw new Error(`output imports ${names}; qip modules must not import anything`);
      }
      return bytes;
    },
  },
};

async function probeClang(): Promise<string | undefined> {
  let version: string;
  try {
    version = await runTool("clang", ["--version"], "/");
    await runTool("wasm-ld", ["--version"], "/");
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      return `clang or wasm-ld not found (${CLANG_INSTALL_HINT})`;
    }
    throw error;
  }
  const found = /clang version (\d+)\.[\d.]+/.exec(version);
  if (found?.[1] !== String(CLANG_MAJOR_VERSION)) {
    return `found ${found?.[0] ?? "an unknown clang"}, but the committed modules are built with ` +
      `clang ${CLANG_MAJOR_VERSION} (Debian bookworm: ${CLANG_INSTALL_HINT})`;
  }
  return undefined;
}

/**
 * The AssemblyScript compiler, pinned in deno.tooling.json to an exact version (its output changes
 * between versions).
 */
async function loadAssemblyScript() {
  return (await import("assemblyscript/asc")).default;
}

/** Tries a compiler package's import (a literal one, so `deno.tooling.lock` pins it). */
async function importFailure(load: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await load();
    return undefined;
  } catch (error) {
    return `cannot load the compiler package: ${(error as Error).message.split("\n")[0]}`;
  }
}

/** Runs a tool with a minimal environment (so no CPATH etc. changes its output). */
async function runTool(command: string, args: string[], cwd: string): Promise<string> {
  const output = await new Deno.Command(command, {
    args,
    cwd,
    clearEnv: true,
    env: { PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin", LC_ALL: "C" },
  }).output();
  const text = new TextDecoder().decode(output.stdout) + new TextDecoder().decode(output.stderr);
  if (!output.success) throw new Error(`${command} failed:\n${text.trimEnd()}`);
  return text;
}

function encode(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
