/**
 * Every example module gives bit-identical output with and without the deterministic mode,
 * except NaN bits, which become canonical: text modules through the run contract, RGBA
 * filters through their tile function on pixels that include NaNs with payloads, infinities,
 * signed zeros and subnormals. Both sides run the real contracts on the main thread, so only
 * the rewrite differs.
 */
import assert from "node:assert/strict";
import { type GuestContext, type ModuleLayout, runRunContract } from "../../src/contracts/mod.ts";
import { instrumentModule } from "../../src/sandbox/instrument/instrument_module.ts";
import { REPO_ROOT } from "../support/run_qip.ts";

const NOT_RUN = new Set(["infinite-loop.wasm"]);
const TILE_FUNCTION = "tile_rgba_f32_64x64";
const CANONICAL_F32 = 0x7fc00000;
const INPUTS: ReadonlyArray<readonly [string, Uint8Array]> = [
  ["empty", new Uint8Array()],
  ["hello", new TextEncoder().encode("hello, World! #ff8800 2024-01 :rocket: https://a.com/x")],
  ["bytes", Uint8Array.from({ length: 512 }, (_, index) => (index * 131 + 7) & 0xff)],
];
/** Special pixel values, as f32 bits: payload NaNs (quiet, signalling, negative), ±inf, ±0. */
const SPECIAL_BITS = [0x7fc12345, 0x7f812345, 0xffc54321, 0x7f800000, 0xff800000, 0, 0x80000000, 1];

function listModules(dir: string): string[] {
  const found: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) found.push(...listModules(path));
    else if (entry.name.endsWith(".wasm") && !NOT_RUN.has(entry.name)) found.push(path);
  }
  return found.sort();
}

function rewrite(bytes: Uint8Array, deterministic: boolean) {
  const rewritten = instrumentModule(bytes, {
    memoryLimitPages: 65_536,
    fuel: false,
    deterministic,
  });
  const layout: ModuleLayout = {
    functionExports: rewritten.functionExports,
    globalExports: rewritten.globalExports,
    imports: rewritten.imports,
    cancelMemoryExport: rewritten.cancelMemoryExport,
    fuelGlobalExport: undefined,
    startExport: rewritten.startExport,
  };
  return { module: new WebAssembly.Module(rewritten.bytes), layout };
}

function instantiate({ module, layout }: ReturnType<typeof rewrite>) {
  const exports = new WebAssembly.Instance(module, {}).exports;
  const start = layout.startExport === undefined ? undefined : exports[layout.startExport];
  if (typeof start === "function") start();
  return exports;
}

function runOnce(stage: ReturnType<typeof rewrite>, input: Uint8Array): string {
  try {
    const context: GuestContext = {
      exports: instantiate(stage),
      layout: stage.layout,
      interruption: () => undefined,
    };
    const output = runRunContract(context, input);
    return output.kind === "scalar"
      ? `scalar ${output.encoding} ${output.ran}`
      : `${output.encoding} ${Array.from(output.bytes).join(",")}`;
  } catch (error) {
    return `error ${error instanceof Error ? error.message : String(error)}`;
  }
}

function exportedNumber(exports: WebAssembly.Exports, name: string): number {
  const entry = exports[name];
  return entry instanceof WebAssembly.Global ? entry.value : (entry as () => number)();
}

/** Runs two tiles with every uniform at `uniform` (or its default) and returns the f32 bits. */
function tileBits(stage: ReturnType<typeof rewrite>, uniform: number | undefined): Uint32Array {
  const exports = instantiate(stage);
  if (uniform !== undefined) {
    for (const [name, entry] of Object.entries(exports)) {
      if (name.startsWith("uniform_set_")) (entry as (value: number) => number)(uniform);
    }
  }
  const memory = exports.memory as WebAssembly.Memory;
  const pointer = exportedNumber(exports, "input_ptr");
  const words = exportedNumber(exports, "input_bytes_cap") / 4;
  const bits = new Uint32Array(memory.buffer, pointer, words);
  const out: number[] = [];
  for (const [x, y] of [[0, 0], [64, 128]] as const) {
    for (let index = 0; index < words; index++) {
      bits[index] = index % 97 === 5
        ? SPECIAL_BITS[(index / 97 | 0) % SPECIAL_BITS.length]!
        : new Uint32Array(new Float32Array([((index * 37) % 251) / 250]).buffer)[0]!;
    }
    (exports[TILE_FUNCTION] as (x: number, y: number) => void)(x, y);
    out.push(...bits);
  }
  return Uint32Array.from(out);
}

function isNaNBits(bits: number): boolean {
  return (bits & 0x7f800000) === 0x7f800000 && (bits & 0x007fffff) !== 0;
}

const modules = listModules(`${REPO_ROOT}/examples`);
/** Filters whose output had a NaN the mode made canonical: proof that the inputs reach NaNs. */
const canonicalised = new Set<string>();

Deno.test("every example module is found for the deterministic differential test", () => {
  assert.ok(modules.length >= 60, `found ${modules.length} modules`);
  assert.ok(modules.filter((path) => path.includes("/rgba/")).length >= 20);
});

for (const path of modules) {
  const relative = path.slice(REPO_ROOT.length + 1);
  Deno.test(`deterministic mode keeps ${relative}'s output but for NaN bits`, async () => {
    const bytes = await Deno.readFile(path);
    const plain = rewrite(bytes, false);
    const deterministic = rewrite(bytes, true);
    if (!plain.layout.functionExports.has(TILE_FUNCTION)) {
      for (const [label, input] of INPUTS) {
        assert.equal(runOnce(deterministic, input), runOnce(plain, input), `${label} input`);
      }
      return;
    }
    for (const uniform of [undefined, 0.5, -0.75]) {
      const expected = tileBits(plain, uniform);
      const actual = tileBits(deterministic, uniform);
      for (let index = 0; index < expected.length; index++) {
        if (actual[index] === expected[index]) continue;
        canonicalised.add(relative);
        assert.ok(
          isNaNBits(expected[index]!) && actual[index] === CANONICAL_F32,
          `float ${index} (uniforms ${uniform}): ${expected[index]!.toString(16)} became ${
            actual[index]!.toString(16)
          }`,
        );
      }
    }
  });
}

Deno.test("the pixel inputs make some filters compute on NaN payloads", () => {
  // Runs after the tests above: without payloads reaching arithmetic they would prove little.
  assert.ok(canonicalised.size >= 5, `only ${[...canonicalised].join(", ")}`);
});
