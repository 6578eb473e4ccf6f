/**
 * Measures the rewriter-escape figures docs/reliability.md and docs/security-model.md quote: how
 * long single instructions that no check point can interrupt take (in this process, plain
 * modules, median and worst of 7 runs on fresh instances), each straight-line runaway of
 * `_corpus_rewriter_escapes.ts` through the real launcher (wall time to the error, CPU, peak RSS,
 * from `/usr/bin/time -v`), and what compiling big modules costs (the code limits): modules of
 * many small or few large functions up to qip's bounds, and the modules the limits refuse.
 *
 * ```
 * deno run --config deno.tooling.json --allow-read --allow-write --allow-run scripts/hostile/measure_rewriter_escapes.ts
 * ```
 *
 * Generated modules go to `tmp/` in the checkout (ignored by git). Prints Markdown tables.
 *
 * @module
 */

import { body, exportEntry, funcType, I32, section, u32, vec } from "../wasm_bytes.ts";
import { instrumentModule } from "../../src/sandbox/instrument/instrument_module.ts";
import { wat } from "./_hostile_module.ts";

const ROOT = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");
const RUNAWAYS: readonly (readonly [file: string, flags: readonly string[]])[] = [
  ["straight-line-fills-256mib.wasm", []],
  ["straight-line-copies-256mib.wasm", []],
  ["one-fill-of-1gib.wasm", ["--max-memory", "1GiB"]],
  ["straight-line-table-fills.wasm", []],
];

interface Measured {
  readonly exitCode: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly peakRssMb: number;
  readonly stderr: string;
}

/** Runs `scripts/qip run [flags] path` under `/usr/bin/time -v` with empty stdin. */
async function measure(flags: readonly string[], path: string): Promise<Measured> {
  const { code, stderr } = await new Deno.Command("/usr/bin/time", {
    args: ["-v", `${ROOT}/scripts/qip`, "run", ...flags, path],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(stderr);
  const field = (name: string) => text.match(new RegExp(`${name}: (.*)`))?.[1] ?? "";
  const [minutes, seconds] = field("Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)")
    .split(":").map(Number);
  return {
    exitCode: code,
    wallMs: ((minutes ?? 0) * 60 + (seconds ?? 0)) * 1000,
    cpuMs: (Number(field("User time \\(seconds\\)")) + Number(field("System time \\(seconds\\)"))) *
      1000,
    peakRssMb: Number(field("Maximum resident set size \\(kbytes\\)")) / 1024,
    stderr: text.split("\n")[0] ?? "",
  };
}

/**
 * A run-mode module (memory, caps, `run` calling every other function, then returning 0) plus
 * `functions` bodies of `code`.
 */
function bigModule(functions: number, code: Uint8Array): Uint8Array {
  const bodySize = [...u32(code.length + 2)];
  const head = [
    0,
    0x61,
    0x73,
    0x6d,
    1,
    0,
    0,
    0,
    ...section(1, vec([funcType([I32], [I32]), funcType([], [])])),
    ...section(3, [...u32(functions + 1), 0, ...new Array(functions).fill(1)]),
    ...section(5, vec([[0x00, 1]])),
    ...section(
      6,
      vec([[I32, 0, 0x41, 0, 0x0b], [I32, 0, 0x41, 0x80, 0x80, 0x04, 0x0b]]),
    ),
    ...section(
      7,
      vec([
        exportEntry("memory", 2, 0),
        exportEntry("input_ptr", 3, 0),
        exportEntry("input_utf8_cap", 3, 1),
        exportEntry("run", 0, 0),
      ]),
    ),
  ];
  // `run` calls every function once, so that each is compiled (V8 compiles lazily) and run.
  const calls: number[] = [];
  for (let index = 1; index <= functions; index++) calls.push(0x10, ...u32(index));
  const run = body([], [...calls, 0x41, 0, 0x0b]);
  const each = bodySize.length + code.length + 2;
  const payload = u32(functions + 1).length + run.length + functions * each;
  const sectionHead = [10, ...u32(payload), ...u32(functions + 1), ...run];
  const bytes = new Uint8Array(head.length + sectionHead.length + functions * each);
  bytes.set(head);
  bytes.set(sectionHead, head.length);
  let pos = head.length + sectionHead.length;
  for (let index = 0; index < functions; index++) {
    bytes.set(bodySize, pos);
    pos += bodySize.length;
    bytes[pos++] = 0; // no locals
    bytes.set(code, pos);
    pos += code.length;
    bytes[pos++] = 0x0b;
  }
  return bytes;
}

/** `i32.const 12345; i32.const 678; i32.add; drop`, repeated to about `bytes`. */
function straightLine(bytes: number): Uint8Array {
  const group = [0x41, 0xb9, 0xe0, 0x00, 0x41, 0xa6, 0x05, 0x6a, 0x1a];
  const count = Math.max(1, Math.floor(bytes / group.length));
  const code = new Uint8Array(count * group.length);
  for (let index = 0; index < count; index++) code.set(group, index * group.length);
  return code;
}

/** `loop end`, `count` times: valid, but 11 check bytes per 3 bytes once rewritten. */
function emptyLoops(count: number): Uint8Array {
  const code = new Uint8Array(count * 3);
  for (let index = 0; index < count; index++) code.set([0x03, 0x40, 0x0b], index * 3);
  return code;
}

function row(name: string, sizeMb: string, measured: Measured): string {
  const stderr = measured.exitCode === 0 ? "" : measured.stderr.replaceAll(`${ROOT}/`, "");
  const verdict = stderr.length > 160 ? `${stderr.slice(0, 157)}…` : stderr;
  return `| ${name} | ${sizeMb} | ${measured.exitCode} | ${measured.wallMs.toFixed(0)} ms | ` +
    `${measured.cpuMs.toFixed(0)} ms | ${measured.peakRssMb.toFixed(0)} MB | ${
      verdict || "(ok)"
    } |`;
}

const HEADER = "| module | size | exit | wall | CPU | peak RSS | stderr |\n" +
  "| --- | --: | --: | --: | --: | --: | --- |";

/** Runs export `f` of `text`, each time on a fresh instance; median and worst in ms. */
function timeFresh(text: string, runs = 7): string {
  const module = new WebAssembly.Module(wat(text) as Uint8Array<ArrayBuffer>);
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const f = new WebAssembly.Instance(module).exports.f as () => void;
    const started = performance.now();
    f();
    times.push(performance.now() - started);
  }
  times.sort((left, right) => left - right);
  return `${times[runs >> 1]!.toFixed(2)} ms | ${times[runs - 1]!.toFixed(2)} ms`;
}

const SINGLE: readonly (readonly [name: string, text: string])[] = [
  [
    "`memory.fill` of 256 MiB, fresh pages",
    `(module (memory 4096) (func (export "f")
      (memory.fill (i32.const 0) (i32.const 1) (i32.const 268435456))))`,
  ],
  [
    "`memory.fill` of 1 MiB (one chunk), fresh pages",
    `(module (memory 16) (func (export "f")
      (memory.fill (i32.const 0) (i32.const 1) (i32.const 1048576))))`,
  ],
  [
    "`memory.copy` of 256 MiB, fresh pages",
    `(module (memory 4096) (func (export "f")
      (memory.copy (i32.const 1) (i32.const 0) (i32.const 268435455))))`,
  ],
  [
    "`memory.grow` by 4096 pages (256 MiB)",
    `(module (memory 0) (func (export "f") (drop (memory.grow (i32.const 4096)))))`,
  ],
  [
    "`table.fill` of 1,000,000 elements",
    `(module (table 1000000 funcref) (func (export "f")
      (table.fill 0 (i32.const 0) (ref.null func) (i32.const 1000000))))`,
  ],
  [
    "`table.grow` by 1,000,000 elements",
    `(module (table 0 funcref) (func (export "f")
      (drop (table.grow 0 (ref.null func) (i32.const 1000000)))))`,
  ],
  [
    "1000 straight-line thrown and caught exceptions",
    `(module (tag $e) (func (export "f")
      ${"(block $c (try_table (catch $e $c) (throw $e)))".repeat(1000)}))`,
  ],
  [
    "1000 straight-line `i64.div_s`",
    `(module (func (export "f") (local i64) ${
      "(local.set 0 (i64.div_s (i64.const -9223372036854775807) (i64.add (local.get 0) (i64.const 3))))"
        .repeat(1000)
    }))`,
  ],
];

console.log("### Instructions no check point can interrupt (in-process)\n");
console.log("| instruction | median | worst |\n| --- | --: | --: |");
for (const [name, text] of SINGLE) console.log(`| ${name} | ${timeFresh(text)} |`);

/** Warm 256 MiB fill and copy, plain and chunked by the rewrite: median of 11, in ms. */
function chunkingCost(): string[] {
  const plain = wat(`(module (memory 4096)
    (func (export "fill") (memory.fill (i32.const 0) (i32.const 7) (i32.const 268435456)))
    (func (export "copy") (memory.copy (i32.const 1) (i32.const 0) (i32.const 268435455))))`);
  const chunked = instrumentModule(plain, { memoryLimitPages: 4096, fuel: false }).bytes;
  const instances = [plain, chunked].map((bytes) =>
    new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>)).exports
  );
  for (const exports of instances) (exports.fill as () => void)(); // touch every page
  return ["fill", "copy"].map((name) => {
    const times: number[][] = [[], []];
    for (let run = 0; run < 11; run++) {
      for (const [index, exports] of instances.entries()) {
        const started = performance.now();
        (exports[name] as () => void)();
        times[index]!.push(performance.now() - started);
      }
    }
    const [original, rewritten] = times.map((list) =>
      list.sort((left, right) => left - right)[5]!.toFixed(1)
    );
    return `| \`memory.${name}\` of 256 MiB, warm | ${original} ms | ${rewritten} ms |`;
  });
}

console.log("\n### Cost of chunking (in-process, median of 11)\n");
console.log("| operation | instruction | chunked helper |\n| --- | --: | --: |");
for (const line of chunkingCost()) console.log(line);

console.log("\n### Straight-line runaways through scripts/qip\n");
console.log(HEADER);
for (const [file, flags] of RUNAWAYS) {
  const path = `${ROOT}/fixtures/hostile/${file}`;
  const size = `${((await Deno.stat(path)).size / 1024).toFixed(1)} KiB`;
  console.log(row(file, size, await measure(flags, path)));
}

await Deno.mkdir(`${ROOT}/tmp`, { recursive: true });
const MIB = 1024 * 1024;
const BIG: readonly (readonly [name: string, build: () => Uint8Array])[] = [
  ["`run` alone (startup)", () => bigModule(0, new Uint8Array(0))],
  ["1 function of 4 MiB", () => bigModule(1, straightLine(4 * MIB))],
  ["3 functions of 5 MiB", () => bigModule(3, straightLine(5 * MIB))],
  ["10,000 functions of 1.6 KiB", () => bigModule(10_000, straightLine(1600))],
  ["99,999 functions of 160 B", () => bigModule(99_999, straightLine(160))],
  ["99,999 functions of 2 B (empty)", () => bigModule(99_999, new Uint8Array(0))],
  ["990,000 functions of 60 B (refused)", () => bigModule(990_000, straightLine(60))],
  ["5 functions of 4 MiB (refused)", () => bigModule(5, straightLine(4 * MIB))],
  ["2,000,000 empty loops in 1 function (refused)", () => bigModule(1, emptyLoops(2_000_000))],
];
console.log("\n### Compiling big modules through scripts/qip\n");
console.log(HEADER);
for (const [name, build] of BIG) {
  const bytes = build();
  const path = `${ROOT}/tmp/big-module.wasm`;
  await Deno.writeFile(path, bytes);
  // A patient limit: the figure is the whole cost of compiling and calling every function.
  const measured = await measure(["--timeout-ms", "60000"], path);
  console.log(row(name, `${(bytes.length / MIB).toFixed(1)} MB`, measured));
  await Deno.remove(path);
}
