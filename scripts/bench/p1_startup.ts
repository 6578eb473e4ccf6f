/**
 * P1: whole-process time of `echo World | qip run examples/hello.wasm` against a bare Deno script
 * that does the same instantiate + call on the main thread (goal: ≤ 1.5×).
 *
 * Both are spawned as fresh processes with the same Deno, interleaved, and timed from spawn to
 * exit. qip is started the way the launcher starts it (same flags, minus the bash wrapper).
 *
 * @module
 */

import { readRuntimeFlags } from "../runtime_flags.ts";
import { markdownTable, ms, ratio, REPO_ROOT, timeInterleaved } from "./_measure.ts";

const RUNS = 20;
const input = new TextEncoder().encode("World\n");

async function spawnWithInput(args: string[]): Promise<void> {
  const child = new Deno.Command(Deno.execPath(), {
    args,
    stdin: "piped",
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(input);
  await writer.close();
  const { code } = await child.status;
  if (code !== 0) throw new Error(`${args.join(" ")} exited ${code}`);
}

const flags = await readRuntimeFlags();
const qip = [
  "run",
  "--quiet",
  "--config",
  `${REPO_ROOT}/deno.json`,
  ...flags,
  `${REPO_ROOT}/main.ts`,
  "run",
  `${REPO_ROOT}/examples/hello.wasm`,
];
const bare = [
  "run",
  "--quiet",
  "--allow-read",
  `${REPO_ROOT}/scripts/bench/_bare_hello.ts`,
  `${REPO_ROOT}/examples/hello.wasm`,
];
const launcher = async () => {
  const child = new Deno.Command(`${REPO_ROOT}/scripts/qip`, {
    args: ["run", `${REPO_ROOT}/examples/hello.wasm`],
    env: { QIP_DENO: Deno.execPath() },
    stdin: "piped",
    stdout: "null",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(input);
  await writer.close();
  await child.status;
};

const [qipMs, bareMs, launcherMs] = await timeInterleaved([
  () => spawnWithInput(qip),
  () => spawnWithInput(bare),
  launcher,
], RUNS);

console.log(`### P1: process start-up, \`echo World | qip run hello.wasm\` (median of ${RUNS})\n`);
console.log(markdownTable(["what", "time", "vs bare"], [
  ["bare `deno run` script: instantiate + call on the main thread", ms(bareMs!), ratio(1)],
  ["`qip run` (deno run main.ts with the runtime flags)", ms(qipMs!), ratio(qipMs! / bareMs!)],
  ["`scripts/qip run` (the bash launcher on top)", ms(launcherMs!), ratio(launcherMs! / bareMs!)],
]));
console.log(`\nGoal: qip ≤ 1.5× bare. Measured: ${ratio(qipMs! / bareMs!)}.\n`);
