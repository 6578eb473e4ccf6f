/**
 * P1: whole-process time of `echo World | qip run examples/hello.wasm` against a bare Deno script
 * that does the same instantiate + call on the main thread (goal: ≤ 1.5×).
 *
 * Both are spawned as fresh processes with the same Deno, interleaved, and timed from spawn to
 * exit. qip is started the way the launcher starts it (same flags, minus the bash wrapper).
 *
 * @module
 */

import {
  markdownTable,
  ms,
  qipDenoArgs,
  ratio,
  REPO_ROOT,
  runWithStdin,
  timeInterleaved,
} from "./_measure.ts";

const RUNS = 20;
const input = new TextEncoder().encode("World\n");

const qip = await qipDenoArgs(["run", `${REPO_ROOT}/examples/hello.wasm`]);
const bare = [
  "run",
  "--quiet",
  "--allow-read",
  `${REPO_ROOT}/scripts/bench/_bare_hello.ts`,
  `${REPO_ROOT}/examples/hello.wasm`,
];
const [qipMs, bareMs, launcherMs] = await timeInterleaved([
  () => runWithStdin(Deno.execPath(), qip, input),
  () => runWithStdin(Deno.execPath(), bare, input),
  () =>
    runWithStdin(`${REPO_ROOT}/scripts/qip`, ["run", `${REPO_ROOT}/examples/hello.wasm`], input, {
      QIP_DENO: Deno.execPath(),
    }),
], RUNS);

console.log(`### P1: process start-up, \`echo World | qip run hello.wasm\` (median of ${RUNS})\n`);
console.log(markdownTable(["what", "time", "vs bare"], [
  ["bare `deno run` script: instantiate + call on the main thread", ms(bareMs!), ratio(1)],
  ["`qip run` (deno run main.ts with the runtime flags)", ms(qipMs!), ratio(qipMs! / bareMs!)],
  ["`scripts/qip run` (the bash launcher on top)", ms(launcherMs!), ratio(launcherMs! / bareMs!)],
]));
console.log(`\nGoal: qip ≤ 1.5× bare. Measured: ${ratio(qipMs! / bareMs!)}.\n`);
