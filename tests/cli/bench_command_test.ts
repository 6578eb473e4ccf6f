/**
 * `qip bench` end to end (spec: cli.md §4): the real launcher, real modules, real workers.
 * Reports are checked for their exact shape with the measured numbers masked; no assertion
 * depends on how fast anything ran.
 */
import assert from "node:assert/strict";
import type { BenchJson } from "../../src/bench/mod.ts";
import { USAGE } from "../../src/cli/_usage.ts";
import { runQip } from "../support/run_qip.ts";

const M = "fixtures/modules";
const HELLO_SHA256 = "8663bab6d124806b9727f89bb4ab9db4cbcc3862f6bbf22024dfa7212aa4ab7d";

/** A Go duration such as `41.2µs`, `1.5ms`, `2s`, `1m0s`. */
const DURATION = String.raw`(?:\d+h)?(?:\d+m)?\d+(?:\.\d+)?(?:ns|µs|ms|s)`;
/** An IEC size such as `512 B` or `64.0 KiB`. */
const SIZE = String.raw`(?:\d+ B|\d+\.\d [KMGTPE]iB)`;

/** Replaces every measured figure with `D` (durations) or `S` (sizes) and gzip sizes with `N`. */
function maskReport(text: string): string {
  return text
    .replace(new RegExp(`(Time \\(mean ± stddev\\): )${DURATION} ± ${DURATION}`, "g"), "$1D ± D")
    .replace(
      new RegExp(`(min:|p95:|max:|run mean|instantiation mean|compile) ${DURATION}`, "g"),
      "$1 D",
    )
    .replace(new RegExp(`(mean total time) ${DURATION}`, "g"), "$1 D")
    .replace(new RegExp(`(Memory allocated: mean) ${SIZE}, peak ${SIZE}`, "g"), "$1 S, peak S")
    .replace(new RegExp(`\\(peak ${SIZE}, mean ${SIZE}\\)`, "g"), "(peak S, mean S)")
    .replace(/gzip \d+ bytes/g, "gzip N bytes")
    .replace(/speedup vs slowest: \d+\.\d\dx/g, "speedup vs slowest: Rx")
    .replace(new RegExp(`(" )${DURATION} ± (${DURATION}|\\?)`, "g"), "$1D ± D")
    .replace(/, \d+\.\d\dx faster than/g, ", Rx faster than");
}

Deno.test("qip bench reports a baseline for one module (hello.wasm, -r 5)", async () => {
  const result = await runQip(["bench", "-i", "-", "-r", "5", "examples/hello.wasm"], {
    stdin: "World\n",
  });
  assert.equal(result.stderr, "");
  assert.equal(result.code, 0);
  assert.equal(
    maskReport(result.stdoutText),
    `bench: baseline output captured
  encoding: utf8
  bytes:    13
  sha256:   ${HELLO_SHA256}
  measured: 5 runs/module
  timeout:  250ms per run

Benchmark 1: examples/hello.wasm
  Time (mean ± stddev): D ± D [min: D, p95: D, max: D]
  Breakdown: run mean D, instantiation mean D, compile D
  Memory allocated: mean S, peak S
  Capacity: input 64.0 KiB, output 64.0 KiB
  Binary size: 239 bytes, gzip N bytes

`,
  );
});

Deno.test("qip bench proves two ports give the same output (hello.wasm, hello-c.wasm)", async () => {
  const result = await runQip(
    ["bench", "-i", "-", "-r", "3", "examples/hello.wasm", "examples/hello-c.wasm"],
    { stdin: "World\n" },
  );
  assert.equal(result.stderr, "");
  assert.equal(result.code, 0);
  const report = maskReport(result.stdoutText);
  assert.ok(report.startsWith("bench: outputs match\n  encoding: utf8\n  bytes:    13\n"), report);
  assert.match(report, /\n {2}measured: 3 runs\/module\n/);
  assert.match(report, /\nBenchmark 1: examples\/hello\.wasm\n/);
  assert.match(report, /\nBenchmark 2: examples\/hello-c\.wasm\n/);
  assert.match(report, /\n {2}Binary size: 477 bytes, gzip N bytes\n/);
  // The summary names modules Go-quoted; which one is fastest is not for a test to say.
  assert.match(
    report,
    /\nSummary\n {2}fastest: "examples\/hello(-c)?\.wasm" \(mean total time D\)\n( {2}speedup vs slowest: Rx over "examples\/hello(-c)?\.wasm"\n)? {2}lowest peak memory: "examples\/hello\.wasm" \(peak S, mean S\)\n/,
  );
  // Then the ranking by the modules' own time, each mean with its confidence interval.
  assert.match(
    report,
    /\n {2}run time \(mean ± 95% CI\): "examples\/hello(-c)?\.wasm" D ± D, "examples\/hello(-c)?\.wasm" D ± D\n {2}fastest run: (within noise \("examples\/hello(-c)?\.wasm" and "examples\/hello(-c)?\.wasm" overlap\)|"examples\/hello(-c)?\.wasm", Rx faster than "examples\/hello(-c)?\.wasm")\n$/,
  );
});

Deno.test("qip bench names the first differing byte and exits 1 (echo-globals vs upper-functions)", async () => {
  const result = await runQip(
    ["bench", "-i", "-", "-r", "3", `${M}/echo-globals.wasm`, `${M}/upper-functions.wasm`],
    { stdin: ", x" },
  );
  assert.equal(result.code, 1);
  assert.equal(result.stdoutText, "");
  assert.equal(
    result.stderr,
    `bench mismatch for ${M}/upper-functions.wasm vs ${M}/echo-globals.wasm: output differs at byte 2 (expected len=3 sha256=${await sha256Of(
      ", x",
    )}, actual len=3 sha256=${await sha256Of(
      ", X",
    )}); bytes 0-2: expected 2c 20 78 |, x|, actual 2c 20 58 |, X|\n`,
  );
});

Deno.test("qip bench names the shorter length when one output is a prefix of the other (echo-globals vs trim)", async () => {
  const result = await runQip(
    ["bench", "-i", "-", "-r", "1", `${M}/echo-globals.wasm`, "examples/trim.wasm"],
    { stdin: "ab \n" },
  );
  assert.equal(result.code, 1);
  assert.equal(
    result.stderr,
    `bench mismatch for examples/trim.wasm vs ${M}/echo-globals.wasm: output differs at byte 2 (expected len=4 sha256=${await sha256Of(
      "ab \n",
    )}, actual len=2 sha256=${await sha256Of(
      "ab",
    )}); bytes 0-3: expected 61 62 20 0a |ab .|, actual 61 62 |ab|\n`,
  );
});

Deno.test("qip bench compares the results of scalar modules (scalar-length vs scalar-minus-one)", async () => {
  const result = await runQip(
    ["bench", "-i", "-", "-r", "1", `${M}/scalar-length.wasm`, `${M}/scalar-minus-one.wasm`],
    { stdin: "abc" },
  );
  assert.equal(result.code, 1);
  // Both print their result for the check run, then the mismatch stops the bench.
  assert.equal(result.stdoutText, "Ran: 3\nRan: 4294967295\n");
  assert.equal(
    result.stderr,
    `bench mismatch for ${M}/scalar-minus-one.wasm vs ${M}/scalar-length.wasm: scalar result differs (expected Ran: 3, actual Ran: 4294967295)\n`,
  );
});

Deno.test("qip bench reports different encodings (hello.wasm vs crc.wasm)", async () => {
  const result = await runQip(["bench", "-i", "-", "examples/hello.wasm", "examples/crc.wasm"], {
    stdin: "World",
  });
  assert.equal(result.code, 1);
  assert.equal(
    result.stderr,
    "bench mismatch for examples/crc.wasm vs examples/hello.wasm: encoding differs (expected utf8, actual i32[])\n",
  );
});

Deno.test("qip bench --json gives every statistic of every module (-r 4)", async () => {
  const result = await runQip(
    ["bench", "--json", "-i", "-", "-r", "4", "examples/hello.wasm", "examples/hello-c.wasm"],
    { stdin: "World\n" },
  );
  assert.equal(result.stderr, "");
  assert.equal(result.code, 0);
  const report = JSON.parse(result.stdoutText) as BenchJson;
  assert.deepEqual(Object.keys(report), [
    "parity",
    "output",
    "samplesPerModule",
    "warmupRunsPerModule",
    "benchtimeNs",
    "timeoutMs",
    "modules",
  ]);
  assert.equal(report.parity, "match");
  assert.deepEqual(report.output, { encoding: "utf8", bytes: 13, sha256: HELLO_SHA256 });
  assert.equal(report.samplesPerModule, 4);
  // The check run and two warm-up rounds, so every module is measured warm.
  assert.equal(report.warmupRunsPerModule, 3);
  assert.equal(report.benchtimeNs, null);
  assert.equal(report.timeoutMs, 250);
  assert.deepEqual(report.modules.map((module) => module.module), [
    "examples/hello.wasm",
    "examples/hello-c.wasm",
  ]);
  for (const module of report.modules) {
    assert.deepEqual(Object.keys(module), [
      "module",
      "sha256",
      "samples",
      "totalNs",
      "runNs",
      "runMeanCi95Ns",
      "instantiateNs",
      "compileNs",
      "memoryBytes",
      "capacity",
      "fileBytes",
      "gzipBytes",
    ]);
    assert.match(module.sha256, /^[0-9a-f]{64}$/);
    assert.equal(module.samples, 4);
    for (const stats of [module.totalNs, module.runNs, module.instantiateNs]) {
      assert.deepEqual(Object.keys(stats), ["mean", "stddev", "min", "p95", "max"]);
      assert.ok(Object.values(stats).every(Number.isSafeInteger), JSON.stringify(stats));
      assert.ok(stats.min <= stats.mean && stats.mean <= stats.max, JSON.stringify(stats));
      assert.ok(stats.min <= stats.p95 && stats.p95 <= stats.max, JSON.stringify(stats));
    }
    // Parts of a sample cannot take longer than the sample.
    assert.ok(module.runNs.max <= module.totalNs.max);
    assert.ok(module.instantiateNs.max <= module.totalNs.max);
    assert.ok(Number.isSafeInteger(module.compileNs) && module.compileNs > 0);
    assert.ok(Number.isSafeInteger(module.runMeanCi95Ns) && module.runMeanCi95Ns! >= 0);
    assert.ok(module.memoryBytes.mean > 0 && module.memoryBytes.mean <= module.memoryBytes.peak);
    assert.equal(module.memoryBytes.peak % 65_536, 0);
    assert.deepEqual(module.capacity, { input: 65_536, output: 65_536 });
  }
  assert.equal(report.modules[0]!.fileBytes, 239);
  assert.equal(report.modules[1]!.fileBytes, 477);
});

Deno.test("qip bench --benchtime measures each module until it has spent the target (1ms)", async () => {
  const result = await runQip(
    [
      "bench",
      "-i",
      "-",
      "--benchtime=1ms",
      "--json",
      "examples/hello.wasm",
      "examples/hello-c.wasm",
    ],
    { stdin: "World" },
  );
  assert.equal(result.stderr, "");
  assert.equal(result.code, 0);
  const report = JSON.parse(result.stdoutText) as BenchJson;
  assert.equal(report.benchtimeNs, 1_000_000);
  assert.ok(report.samplesPerModule >= 1);
  for (const module of report.modules) {
    assert.equal(module.samples, report.samplesPerModule);
  }
  // The loop stops after the first round in which every module reached the target.
  const spent = report.modules.map((module) => module.totalNs.mean * module.samples);
  assert.ok(spent.every((ns) => ns >= 1_000_000 - report.samplesPerModule), String(spent));
});

Deno.test("qip bench --benchtime prints its target and ignores -r (hello.wasm)", async () => {
  const result = await runQip(
    ["bench", "-i", "-", "-r", "1", "--benchtime", "2ms", "examples/hello.wasm"],
    { stdin: "World" },
  );
  assert.equal(result.code, 0, result.stderr);
  assert.match(
    result.stdoutText,
    /\n {2}benchtime target: 2ms per module\n {2}measured: \d+ runs\/module\n {2}timeout: {2}250ms per run\n/,
  );
});

Deno.test("qip bench prints Ran: N for the check and every sample of a scalar module (scalar-length.wasm)", async () => {
  const result = await runQip(["bench", "-i", "-", "-r", "2", `${M}/scalar-length.wasm`], {
    stdin: "abc",
  });
  assert.equal(result.code, 0, result.stderr);
  assert.ok(
    result.stdoutText.startsWith(
      "Ran: 3\nRan: 3\nRan: 3\nbench: baseline output captured\n  encoding: raw\n  bytes:    0\n",
    ),
  );
  assert.match(result.stdoutText, /\n {2}Capacity: input 1\.0 KiB, output 0 B\n/);
});

Deno.test("qip bench stops a runaway module at the per-sample limit (infinite-loop.wasm, --timeout-ms 50)", async () => {
  const result = await runQip(
    ["bench", "-i", "-", "--timeout-ms", "50", "examples/infinite-loop.wasm"],
    { stdin: "x" },
  );
  assert.equal(result.code, 1);
  assert.equal(
    result.stderr,
    "bench check failed for examples/infinite-loop.wasm: Wasm module exceeded the execution time limit (50ms)\n",
  );
});

Deno.test("qip bench -v prints the input, module and output digests (hello.wasm, -r 1)", async () => {
  const result = await runQip(["bench", "-v", "-i", "-", "-r", "1", "examples/hello.wasm"], {
    stdin: "World\n",
  });
  assert.equal(result.code, 0);
  const lines = result.stderr.split("\n");
  assert.equal(lines[0], `bench input sha256: ${await sha256Of("World\n")}`);
  assert.match(lines[1]!, /^module examples\/hello\.wasm sha256: [0-9a-f]{64}$/);
  // The check run and the one sample.
  assert.equal(lines.filter((line) => line === `output sha256: ${HELLO_SHA256}`).length, 2);
});

/** The spec's validation order and messages (cli.md §4.2). */
const VALIDATION: ReadonlyArray<readonly [string, string[], string]> = [
  ["no arguments", [], `${USAGE.bench} missing required flag: -i`],
  ["no -i", ["examples/hello.wasm"], `${USAGE.bench} missing required flag: -i`],
  ["an empty -i", ["-i", "", "examples/hello.wasm"], `${USAGE.bench} missing required flag: -i`],
  ["no module", ["-i", "-"], USAGE.bench],
  [
    "an unknown flag",
    ["-x", "-i", "-", "m.wasm"],
    `${USAGE.bench} flag provided but not defined: -x`,
  ],
  [
    "a bad -r",
    ["-r", "abc", "-i", "-", "m.wasm"],
    `${USAGE.bench} invalid value "abc" for flag -r: parse error`,
  ],
  ["-r 0", ["-r", "0", "-i", "-", "m.wasm"], "Invalid benchmark runs: 0"],
  [
    "-r before --timeout-ms",
    ["-r", "-1", "--timeout-ms", "0", "-i", "-", "m.wasm"],
    "Invalid benchmark runs: -1",
  ],
  ["--timeout-ms 0", ["--timeout-ms", "0", "-i", "-", "m.wasm"], "Invalid timeout-ms: 0"],
  [
    "--benchtime abc",
    ["--benchtime=abc", "-i", "-", "m.wasm"],
    'Invalid benchtime: time: invalid duration "abc"',
  ],
  [
    "--benchtime 2",
    ["--benchtime", "2", "-i", "-", "m.wasm"],
    'Invalid benchtime: time: missing unit in duration "2"',
  ],
  ["--benchtime 0s", ["--benchtime=0s", "-i", "-", "m.wasm"], "Invalid benchtime: must be > 0"],
  ["--benchtime -1s", ["--benchtime=-1s", "-i", "-", "m.wasm"], "Invalid benchtime: must be > 0"],
  [
    "a missing input file",
    ["-i", "nope.txt", "m.wasm"],
    "Error reading input file: open nope.txt: no such file or directory",
  ],
];

for (const [name, args, message] of VALIDATION) {
  Deno.test(`qip bench refuses ${name}`, async () => {
    const result = await runQip(["bench", ...args]);
    assert.equal(result.stderr, `${message}\n`);
    assert.equal(result.code, 1);
    assert.equal(result.stdoutText, "");
  });
}

async function sha256Of(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
