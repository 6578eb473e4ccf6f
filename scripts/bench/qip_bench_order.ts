/**
 * Whether `qip bench`'s numbers depend on the order its modules are listed in: the same two
 * modules, in both orders, several times, from `qip bench --json`. The compile time of the
 * module listed first used to include the host's warm-up (4–11 ms against about 1 ms listed
 * second); bench now warms up on a module of its own first. The run-time ranking line must not
 * flip with the order either.
 *
 * @module
 */

import type { BenchJson } from "../../src/bench/mod.ts";
import { markdownTable, median, REPO_ROOT } from "./_measure.ts";

const MODULES = ["examples/hello.wasm", "examples/hello-c.wasm"] as const;
const REPEATS = 5;
const RUNS = 500;

async function qipBench(modules: readonly string[]): Promise<BenchJson> {
  const child = new Deno.Command(`${REPO_ROOT}/scripts/qip`, {
    args: ["bench", "--json", "-i", "-", "-r", String(RUNS), ...modules],
    cwd: REPO_ROOT,
    env: { QIP_DENO: Deno.execPath() },
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode("World\n"));
  await writer.close();
  const output = await child.output();
  if (!output.success) throw new Error(`qip bench ${modules.join(" ")} exited ${output.code}`);
  return JSON.parse(new TextDecoder().decode(output.stdout)) as BenchJson;
}

/** Per module and position (first or second): compile and run-mean times over the repeats. */
const seen = new Map<string, { compileNs: number[]; runMeanNs: number[] }>();
for (let repeat = 0; repeat < REPEATS; repeat++) {
  for (const order of [MODULES, [...MODULES].reverse()]) {
    const report = await qipBench(order);
    report.modules.forEach((module, position) => {
      const key = `${module.module}|${position === 0 ? "first" : "second"}`;
      const entry = seen.get(key) ?? { compileNs: [], runMeanNs: [] };
      entry.compileNs.push(module.compileNs);
      entry.runMeanNs.push(module.runNs.mean);
      seen.set(key, entry);
    });
  }
}

const us = (ns: number) => `${(ns / 1000).toFixed(1)} µs`;
const rows = [...seen.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, entry]) => {
  const [module, position] = key.split("|") as [string, string];
  return [
    `\`${module.split("/").pop()}\``,
    position,
    us(median(entry.compileNs)),
    `${us(Math.min(...entry.compileNs))}–${us(Math.max(...entry.compileNs))}`,
    us(median(entry.runMeanNs)),
  ];
});

console.log("### `qip bench` and the order of its modules (`qip_bench_order`)\n");
console.log(markdownTable([
  "module",
  "listed",
  "compile (median)",
  "compile (range)",
  "run mean (median)",
], rows));
console.log(
  `\n${REPEATS} runs of \`qip bench --json -r ${RUNS}\` in each order, input \`World\\n\`.\n`,
);
