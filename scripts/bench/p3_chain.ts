/**
 * P3: 4 MiB of text through a 3-stage chain with `runPipeline` (workers, instrumented modules,
 * transfers, checks) against raw V8 calls on the main thread (original modules, one copy
 * between instances), goal: ≤ 10% host overhead.
 *
 * @module
 */

import { loadStages } from "../../src/host/mod.ts";
import { runPipeline } from "../../src/pipeline/mod.ts";
import { DEFAULT_LIMITS, WorkerPool } from "../../src/sandbox/mod.ts";
import { markdownTable, ms, ratio, REPO_ROOT, timeInterleaved } from "./_measure.ts";

const RUNS = 15;
const CHAIN = ["upper-4mib", "rot13-4mib", "swapcase-4mib"].map((name) =>
  `${REPO_ROOT}/fixtures/modules/${name}.wasm`
);
const text = await Deno.readFile(`${REPO_ROOT}/fixtures/texts/Mark.Twain-Tom.Sawyer.txt`);
const input = new Uint8Array(4 * 1024 * 1024);
for (let offset = 0; offset < input.byteLength; offset += text.byteLength) {
  input.set(text.subarray(0, Math.min(text.byteLength, input.byteLength - offset)), offset);
}

type Exports = Record<string, CallableFunction | WebAssembly.Memory | WebAssembly.Global>;
const valueOf = (item: unknown) =>
  item instanceof WebAssembly.Global ? item.value as number : (item as () => number)();

const rawModules = await Promise.all(
  CHAIN.map(async (path) => WebAssembly.compile(await Deno.readFile(path))),
);
function rawChain(): Uint8Array {
  let bytes = input;
  for (const module of rawModules) {
    const exports = new WebAssembly.Instance(module, {}).exports as Exports;
    const memory = exports.memory as WebAssembly.Memory;
    new Uint8Array(memory.buffer).set(bytes, valueOf(exports.input_ptr));
    const length = (exports.run as (size: number) => number)(bytes.byteLength);
    const outputPtr = valueOf(exports.output_ptr);
    bytes = new Uint8Array(memory.buffer, outputPtr, length).slice();
  }
  return bytes;
}

const limits = { ...DEFAULT_LIMITS, timeLimitMs: 10_000 };
const stages = await loadStages(CHAIN, { limits });
const pool = new WorkerPool({ size: 1 });
await pool.ready();
try {
  const expected = rawChain();
  const { output } = await runPipeline({ stages, input, limits, pool });
  if (output.kind !== "bytes" || output.bytes.byteLength !== expected.byteLength) {
    throw new Error("the pipeline and the raw chain disagree");
  }
  // `qip run` hands its input over instead of letting runPipeline copy it: one fresh copy per
  // call, made before timing (2 warm-up rounds, then RUNS).
  const copies = Array.from({ length: RUNS + 2 }, () => input.slice());
  const [rawMs, qipMs, handedMs] = await timeInterleaved([
    rawChain,
    () => runPipeline({ stages, input, limits, pool }),
    () => runPipeline({ stages, input: copies.pop()!, handOverInput: true, limits, pool }),
  ], RUNS);
  console.log(`### P3: 4 MiB through upper → rot13 → swapcase (median of ${RUNS})\n`);
  console.log(markdownTable(["what", "time", "vs raw"], [
    ["raw V8 calls on the main thread (original modules)", ms(rawMs!), ratio(1)],
    ["`runPipeline` (worker, instrumented, transfers)", ms(qipMs!), ratio(qipMs! / rawMs!)],
    [
      "`runPipeline`, input handed over (as `qip run` does)",
      ms(handedMs!),
      ratio(handedMs! / rawMs!),
    ],
  ]));
  console.log(
    `\nGoal: ≤ 10% host overhead. Measured: ${((qipMs! / rawMs! - 1) * 100).toFixed(1)}%, ` +
      `${((handedMs! / rawMs! - 1) * 100).toFixed(1)}% with the input handed over.\n`,
  );
} finally {
  pool.close();
}
