/**
 * `qip bench` against a bare V8 call: for a few modules, the instantiation, `run` and total
 * times `qip bench --json` reports, next to the same steps timed on this script's main thread
 * with the original (not instrumented) module and no worker. The difference is what the
 * sandbox costs (preemption checks, the memory policy, reading exports through the contract),
 * and shows that bench's clocks measure the module, not the message round trip.
 *
 * @module
 */

import type { BenchJson } from "../../src/bench/mod.ts";
import { markdownTable, ratio, REPO_ROOT } from "./_measure.ts";

/** One module, its input, and how many measured runs. */
interface Case {
  readonly module: string;
  readonly input: Uint8Array;
  readonly runs: number;
}

const CASES: readonly Case[] = [
  { module: "examples/hello.wasm", input: new TextEncoder().encode("World\n"), runs: 2000 },
  {
    module: "fixtures/modules/bench-sieve.wasm",
    input: new Uint8Array(64).fill(0x61),
    runs: 200,
  },
  {
    module: "fixtures/modules/bench-sha256.wasm",
    input: new Uint8Array(1024).fill(0x61),
    runs: 50,
  },
];

/** Mean and minimum of one step over a module's bare runs, in microseconds. */
interface StepTimes {
  readonly meanUs: number;
  readonly minUs: number;
}

/** One module's bare runs. */
interface BareTimes {
  readonly instantiate: StepTimes;
  readonly run: StepTimes;
  readonly total: StepTimes;
}

function stepTimes(samplesUs: readonly number[]): StepTimes {
  const sum = samplesUs.reduce((total, value) => total + value, 0);
  return { meanUs: sum / samplesUs.length, minUs: Math.min(...samplesUs) };
}

function exportU32(exports: WebAssembly.Exports, name: string): number | undefined {
  const value = exports[name];
  if (value instanceof WebAssembly.Global) return Number(value.value) >>> 0;
  if (typeof value === "function") return Number(value()) >>> 0;
  return undefined;
}

/** Instantiate, write the input, call `run`, copy the output: the run contract, bare. */
function bareRuns(module: WebAssembly.Module, input: Uint8Array, runs: number): BareTimes {
  const instantiate: number[] = [];
  const run: number[] = [];
  const total: number[] = [];
  for (let index = 0; index < runs + 1; index++) {
    const started = performance.now();
    const { exports } = new WebAssembly.Instance(module, {});
    const instantiated = performance.now();
    const memory = exports.memory as WebAssembly.Memory;
    new Uint8Array(memory.buffer).set(input, exportU32(exports, "input_ptr"));
    const runStarted = performance.now();
    const count = (exports.run as (size: number) => number)(input.byteLength) >>> 0;
    const ran = performance.now();
    const outputPtr = exportU32(exports, "output_ptr");
    if (outputPtr !== undefined) {
      const itemBytes = exports.output_i32_cap === undefined ? 1 : 4;
      new Uint8Array(memory.buffer).slice(outputPtr, outputPtr + count * itemBytes);
    }
    const finished = performance.now();
    if (index === 0) continue; // the warm-up, as qip bench's check run
    instantiate.push((instantiated - started) * 1000);
    run.push((ran - runStarted) * 1000);
    total.push((finished - started) * 1000);
  }
  return { instantiate: stepTimes(instantiate), run: stepTimes(run), total: stepTimes(total) };
}

async function qipBench(entry: Case): Promise<BenchJson> {
  const child = new Deno.Command(`${REPO_ROOT}/scripts/qip`, {
    args: [
      "bench",
      "--json",
      "--timeout-ms",
      "5000",
      "-i",
      "-",
      "-r",
      String(entry.runs),
      entry.module,
    ],
    cwd: REPO_ROOT,
    env: { QIP_DENO: Deno.execPath() },
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(entry.input);
  await writer.close();
  const output = await child.output();
  if (!output.success) throw new Error(`qip bench ${entry.module} exited ${output.code}`);
  return JSON.parse(new TextDecoder().decode(output.stdout)) as BenchJson;
}

const us = (value: number) => `${value.toFixed(1)} µs`;
/** `bare / qip (ratio)` for one statistic. */
const pair = (bareUs: number, qipNs: number) =>
  `${us(bareUs)} / ${us(qipNs / 1000)} (${ratio(qipNs / 1000 / bareUs)})`;

const rows: string[][] = [];
for (const entry of CASES) {
  const module = new WebAssembly.Module(await Deno.readFile(`${REPO_ROOT}/${entry.module}`));
  const bare = bareRuns(module, entry.input, entry.runs);
  const qip = (await qipBench(entry)).modules[0]!;
  rows.push([
    `\`${entry.module.split("/").pop()}\` (${entry.input.byteLength} B, ${entry.runs} runs)`,
    pair(bare.instantiate.minUs, qip.instantiateNs.min),
    pair(bare.run.minUs, qip.runNs.min),
    pair(bare.total.minUs, qip.totalNs.min),
    pair(bare.run.meanUs, qip.runNs.mean),
  ]);
}

console.log("### `qip bench` against a bare V8 call (`qip_bench_overhead`)\n");
console.log(markdownTable([
  "module",
  "instantiate min: bare / qip",
  "run min: bare / qip",
  "total min: bare / qip",
  "run mean: bare / qip",
], rows));
console.log(
  "\nBare: the original module on this script's main thread, no worker, no instrumentation, " +
    "timed like `qip bench` (one warm-up run, then the same number of runs). qip: " +
    "`qip bench --json`, clocks inside the sandbox worker, the instrumented module. Minimums " +
    "are the steadiest figures on a busy machine; means move with the load.\n",
);
