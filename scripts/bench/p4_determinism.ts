/**
 * P4: the cost of the deterministic mode (NaN canonicalisation, counted call depth) on the
 * float-heavy RGBA filters (SIMD builds included) and on compute-heavy and text modules: the
 * same module rewritten without and with `deterministic`, run with the same input on the same
 * thread. At most 5% geomean would make the mode the default (docs/determinism.md).
 *
 * @module
 */

import { instrumentModule } from "../../src/sandbox/instrument/instrument_module.ts";
import { geomean, markdownTable, ms, REPO_ROOT, timeInterleaved } from "./_measure.ts";

const RUNS = 15;
/** Tile calls per timed run of a filter. */
const TILES_PER_RUN = 8;
const TEXT_MODULES = [
  "fixtures/modules/bench-sha256.wasm",
  "fixtures/modules/bench-mandelbrot.wasm",
  "fixtures/modules/bench-sieve.wasm",
  "examples/base64-encode.wasm",
  "examples/crc.wasm",
  "examples/markdown-basic.wasm",
];
const text = (await Deno.readFile(`${REPO_ROOT}/fixtures/texts/Mark.Twain-Tom.Sawyer.txt`))
  .subarray(0, 16 * 1024);

type Exports = Record<string, CallableFunction | WebAssembly.Memory | WebAssembly.Global>;

function valueOf(exports: Exports, name: string): number {
  const entry = exports[name];
  if (entry === undefined) return 0;
  return entry instanceof WebAssembly.Global ? entry.value : (entry as () => number)();
}

/** Runs `TILES_PER_RUN` tiles of a smooth gradient with every uniform at 0.5. */
function tileRunner(module: WebAssembly.Module): () => number {
  return () => {
    const exports = new WebAssembly.Instance(module, {}).exports as Exports;
    for (const [name, entry] of Object.entries(exports)) {
      if (name.startsWith("uniform_set_")) (entry as (value: number) => number)(0.5);
    }
    const memory = exports.memory as WebAssembly.Memory;
    const inputPtr = valueOf(exports, "input_ptr");
    const floats = valueOf(exports, "input_bytes_cap") / 4;
    const view = new Float32Array(memory.buffer, inputPtr, floats);
    const tile = exports.tile_rgba_f32_64x64 as (x: number, y: number) => void;
    for (let round = 0; round < TILES_PER_RUN; round++) {
      for (let index = 0; index < floats; index++) view[index] = ((index * 37) % 251) / 250;
      tile(round * 64, 0);
    }
    return view[0]!;
  };
}

function textRunner(module: WebAssembly.Module): () => number {
  return () => {
    const exports = new WebAssembly.Instance(module, {}).exports as Exports;
    const memory = exports.memory as WebAssembly.Memory;
    const cap = valueOf(exports, "input_utf8_cap") || valueOf(exports, "input_bytes_cap") ||
      text.byteLength;
    const input = text.subarray(0, Math.min(cap, text.byteLength));
    new Uint8Array(memory.buffer).set(input, valueOf(exports, "input_ptr"));
    return (exports.run as (size: number) => number)(input.byteLength);
  };
}

async function rewrite(bytes: Uint8Array, deterministic: boolean) {
  const rewritten = instrumentModule(bytes, {
    memoryLimitPages: 65536,
    fuel: false,
    deterministic,
  });
  return await WebAssembly.compile(rewritten.bytes);
}

const rgba = [...Deno.readDirSync(`${REPO_ROOT}/examples/rgba`)]
  .map((entry) => entry.name)
  .filter((name) => name.endsWith(".wasm"))
  .sort()
  .map((name) => `examples/rgba/${name}`);

const rows: string[][] = [];
const ratios: number[] = [];
const groups: Record<string, number[]> = { rgba: [], text: [] };
for (
  const [group, paths, runner] of [
    ["rgba", rgba, tileRunner],
    ["text", TEXT_MODULES, textRunner],
  ] as const
) {
  for (const path of paths) {
    const bytes = await Deno.readFile(`${REPO_ROOT}/${path}`);
    const [offMs, onMs] = await timeInterleaved(
      [runner(await rewrite(bytes, false)), runner(await rewrite(bytes, true))],
      RUNS,
    );
    const ratio = onMs! / offMs!;
    ratios.push(ratio);
    groups[group]!.push(ratio);
    rows.push([path, ms(offMs!), ms(onMs!), `${((ratio - 1) * 100).toFixed(1)}%`]);
  }
}
const percent = (values: number[]) => `${((geomean(values) - 1) * 100).toFixed(1)}%`;
console.log(`### P4: deterministic mode overhead (median of ${RUNS})\n`);
console.log(markdownTable(["module", "rewritten", "deterministic", "overhead"], rows));
console.log(
  `\nGeomean: ${percent(ratios)} (RGBA filters ${percent(groups.rgba!)}, ` +
    `text and compute ${percent(groups.text!)}). Default if ≤ 5%.\n`,
);
