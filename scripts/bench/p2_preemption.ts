/**
 * P2: the cost of preemption (cancel check at every loop header and function entry) on
 * compute-heavy modules: the same module with and without instrumentation, run with the same
 * input on the same thread (goal: ≤ 5% geomean).
 *
 * @module
 */

import { instrumentModule } from "../../src/sandbox/instrument/instrument_module.ts";
import { geomean, markdownTable, ms, REPO_ROOT, timeInterleaved } from "./_measure.ts";

const RUNS = 15;
const MODULES = ["bench-sha256", "bench-mandelbrot", "bench-sieve"];
const input = new Uint8Array(1024).map((_, index) => (index * 7 + 3) & 0xff);

type Exports = Record<string, CallableFunction | WebAssembly.Memory | WebAssembly.Global>;

function runner(module: WebAssembly.Module): () => number {
  return () => {
    const exports = new WebAssembly.Instance(module, {}).exports as Exports;
    const memory = exports.memory as WebAssembly.Memory;
    const inputPtr = (exports.input_ptr as () => number)();
    new Uint8Array(memory.buffer).set(input, inputPtr);
    return (exports.run as (size: number) => number)(input.byteLength);
  };
}

const rows: string[][] = [];
const ratios: number[] = [];
for (const name of MODULES) {
  const bytes = await Deno.readFile(`${REPO_ROOT}/fixtures/modules/${name}.wasm`);
  const plain = await WebAssembly.compile(bytes);
  const instrumented = await WebAssembly.compile(
    instrumentModule(bytes, { memoryLimitPages: 65536, fuel: false }).bytes as Uint8Array<
      ArrayBuffer
    >,
  );
  const [plainMs, instrumentedMs] = await timeInterleaved(
    [runner(plain), runner(instrumented)],
    RUNS,
  );
  ratios.push(instrumentedMs! / plainMs!);
  rows.push([
    name,
    ms(plainMs!),
    ms(instrumentedMs!),
    `${((instrumentedMs! / plainMs! - 1) * 100).toFixed(1)}%`,
  ]);
}
const overhead = (geomean(ratios) - 1) * 100;
console.log(
  `### P2: preemption overhead on compute-heavy modules (median of ${RUNS}, 1 KiB input)\n`,
);
console.log(markdownTable(["module", "original", "instrumented", "overhead"], rows));
console.log(`\nGoal: ≤ 5% geomean. Measured: ${overhead.toFixed(1)}% geomean.\n`);
