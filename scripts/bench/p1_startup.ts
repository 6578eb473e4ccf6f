/**
 * P1: whole-process time of `echo World | qip run examples/hello.wasm` against the design floor
 * (issue 17: a bare Deno script that spawns one `permissions: "none"` worker, compiles hello.wasm
 * on the main thread, runs it in the worker and prints; goal: ≤ 1.15×, the launcher included),
 * and the floor against a bare script running the module on the main thread (the price of the
 * worker).
 *
 * Both are spawned as fresh processes with the same Deno, interleaved, and timed from spawn to
 * exit. qip is started the way the launcher starts it (same flags, minus the bash wrapper).
 *
 * @module
 */

import { buildHostBundle } from "../build_host_bundle.ts";
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
// The launcher runs the bundled host when it is fresh: build it, so the figure is not left to
// whatever dist/ holds.
await buildHostBundle();
const input = new TextEncoder().encode("World\n");

const qip = await qipDenoArgs(["run", `${REPO_ROOT}/examples/hello.wasm`]);
const bare = [
  "run",
  "--quiet",
  "--allow-read",
  `${REPO_ROOT}/scripts/bench/_bare_hello.ts`,
  `${REPO_ROOT}/examples/hello.wasm`,
];
const floor = [
  "run",
  "--quiet",
  "--unstable-worker-options",
  "--allow-read",
  `${REPO_ROOT}/scripts/bench/_floor_hello.ts`,
  `${REPO_ROOT}/examples/hello.wasm`,
];
// An installed copy, as `deno task install` makes it (it builds and installs the bundled host).
const installRoot = await Deno.makeTempDir({ prefix: "qip-bench-install-" });
const installed = await new Deno.Command(Deno.execPath(), {
  args: ["task", "--quiet", "install", "--root", installRoot],
  cwd: REPO_ROOT,
  stdout: "null",
}).output();
if (!installed.success) throw new Error("deno task install failed");
const [qipMs, bareMs, launcherMs, floorMs, installedMs] = await timeInterleaved([
  () => runWithStdin(Deno.execPath(), qip, input),
  () => runWithStdin(Deno.execPath(), bare, input),
  () =>
    runWithStdin(`${REPO_ROOT}/scripts/qip`, ["run", `${REPO_ROOT}/examples/hello.wasm`], input, {
      QIP_DENO: Deno.execPath(),
    }),
  () => runWithStdin(Deno.execPath(), floor, input),
  () => runWithStdin(`${installRoot}/bin/qip`, ["run", `${REPO_ROOT}/examples/hello.wasm`], input),
], RUNS);
await Deno.remove(installRoot, { recursive: true });

console.log(`### P1: process start-up, \`echo World | qip run hello.wasm\` (median of ${RUNS})\n`);
console.log(markdownTable(["what", "time", "vs floor", "vs bare"], [
  [
    "bare `deno run` script: instantiate + call on the main thread",
    ms(bareMs!),
    ratio(bareMs! / floorMs!),
    ratio(1),
  ],
  [
    'design floor: the same in one `permissions: "none"` worker',
    ms(floorMs!),
    ratio(1),
    ratio(floorMs! / bareMs!),
  ],
  [
    "`qip run` (deno run main.ts with the runtime flags)",
    ms(qipMs!),
    ratio(qipMs! / floorMs!),
    ratio(qipMs! / bareMs!),
  ],
  [
    "`scripts/qip run` (the bash launcher, running the bundled host)",
    ms(launcherMs!),
    ratio(launcherMs! / floorMs!),
    ratio(launcherMs! / bareMs!),
  ],
  [
    "installed `qip run` (`deno task install`)",
    ms(installedMs!),
    ratio(installedMs! / floorMs!),
    ratio(installedMs! / bareMs!),
  ],
]));
console.log(
  `\nGoal: \`scripts/qip run\` ≤ 1.15× the design floor. Measured: ` +
    `${ratio(launcherMs! / floorMs!)}, installed ${ratio(installedMs! / floorMs!)} ` +
    `(\`qip run\` from main.ts without the launcher ${ratio(qipMs! / floorMs!)}).\n`,
);
