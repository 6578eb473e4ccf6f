/**
 * Measures what engine-heap and parser-cost modules cost the host (docs/reliability.md,
 * "Engine heap and parser cost"): for modules of tiny custom sections of 8 to 63 MiB, the
 * rewrite alone (time, time per MiB, peak RSS of a process doing only that) and the whole
 * `scripts/qip run` (time to the error, peak RSS); the rewrite of sections of millions of
 * entries (exports, types, memories, tables); for every engine-heap corpus entry, the
 * same through `scripts/qip`; and, in plain Deno (no rewriter, main thread), how many caught
 * exceptions the stack can hold through legacy `catch_all` blocks and what they cost, by
 * payload; and what 10 million passive element entries add at instantiation. Prints Markdown
 * tables.
 *
 * ```
 * deno run --config deno.tooling.json --allow-read --allow-write --allow-run --allow-env scripts/measure_hostile_cost.ts
 * ```
 *
 * Needs GNU time (`/usr/bin/time`) for peak RSS. Writes its modules to a temporary folder and
 * removes it.
 *
 * @module
 */

import { QipError } from "../src/errors.ts";
import { instrumentModule } from "../src/sandbox/instrument/instrument_module.ts";
import { readHostileManifest } from "./check_hostile_modules.ts";
import { ENGINE_HEAP_MODULES } from "./hostile/_corpus_engine_heap.ts";
import { runModule } from "./hostile/_hostile_module.ts";
import {
  body,
  customSection,
  exportEntry,
  funcType,
  I32,
  name,
  section,
  u32,
  V128,
  vec,
  wasmModule,
} from "./wasm_bytes.ts";

const ROOT = new URL("../", import.meta.url).pathname.replace(/\/$/, "");
const SELF = new URL(import.meta.url).pathname;
const HEADER_BYTES = 8;
const MIB = 2 ** 20;

/** Each parser-cost shape: its repeated unit and how many custom sections that holds. */
const SHAPES: Readonly<Record<string, { unit: readonly number[]; sections: number }>> = {
  "3-byte custom sections": { unit: [0, 1, 0], sections: 1 },
  "dropped `.debug_x` + kept pairs": {
    unit: [...customSection(".debug_x", []), ...customSection("k", [])],
    sections: 2,
  },
};
const SIZES_MIB = [8, 32, 63];

/** `unit` repeated to about `mib` MiB, then a run module whose `run` traps. */
function parserCostModule(unit: readonly number[], mib: number): Uint8Array {
  const tail = runModule({ run: "(unreachable)" });
  const count = Math.floor((mib * MIB - tail.length) / unit.length);
  const out = new Uint8Array(tail.length + count * unit.length);
  out.set(tail.subarray(0, HEADER_BYTES));
  for (let index = 0; index < count; index++) out.set(unit, HEADER_BYTES + index * unit.length);
  out.set(tail.subarray(HEADER_BYTES), HEADER_BYTES + count * unit.length);
  return out;
}

interface Timed {
  readonly seconds: number;
  readonly peakMiB: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `command` under GNU time: wall seconds and peak RSS of the largest process. */
async function timed(command: readonly string[], cwd = ROOT): Promise<Timed> {
  const { stdout, stderr } = await new Deno.Command("/usr/bin/time", {
    args: ["-f", "TIME %e %M", ...command],
    cwd,
    env: { NO_COLOR: "1", QIP_DENO: Deno.execPath() },
    stdin: "null",
  }).output();
  const errorText = new TextDecoder().decode(stderr).trimEnd().split("\n")
    .filter((line) => !line.startsWith("Command exited with non-zero status"));
  const [, seconds, kib] = errorText.pop()!.split(" ");
  return {
    seconds: Number(seconds),
    peakMiB: Number(kib) / 1024,
    stdout: new TextDecoder().decode(stdout).trim(),
    stderr: errorText.join("\n"),
  };
}

/** Child mode: rewrites the file and prints how long that took, in ms. */
/** Child mode: rewrites the file and prints how long that took (ms), then how it ended. */
async function rewriteOnly(path: string): Promise<void> {
  const bytes = await Deno.readFile(path);
  const started = performance.now();
  let verdict = "rewritten";
  try {
    instrumentModule(bytes, { memoryLimitPages: 4096, fuel: false });
  } catch (error) {
    verdict = error instanceof QipError ? error.detail ?? error.message : String(error);
  }
  console.log(`${(performance.now() - started).toFixed(0)} ${verdict}`);
}

/** A module of one section `id` declaring `count` copies of `entry`. */
function entriesModule(id: number, entry: readonly number[], count: number): Uint8Array {
  const head = u32(count);
  const size = u32(head.length + count * entry.length);
  const out = new Uint8Array(HEADER_BYTES + 1 + size.length + head.length + count * entry.length);
  out.set([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, id, ...size, ...head]);
  let pos = HEADER_BYTES + 1 + size.length + head.length;
  for (let index = 0; index < count; index++, pos += entry.length) out.set(entry, pos);
  return out;
}

/** Sections whose entries the rewriter reads: counts past V8's limits, and large types. */
const ENTRY_SHAPES: ReadonlyArray<[string, () => Uint8Array]> = [
  ["4 M exports", () => entriesModule(7, [1, 0x61, 3, 0], 4_000_000)],
  ["4 M types", () => entriesModule(1, [0x60, 0, 0], 4_000_000)],
  ["4 M memories", () => entriesModule(5, [0, 0], 4_000_000)],
  ["4 M tables", () => entriesModule(4, [0x70, 0, 0], 4_000_000)],
  [
    "60 K types of 1000 parameters",
    () => entriesModule(1, [0x60, ...u32(1000), ...new Array(1000).fill(I32), 0], 60_000),
  ],
  ["1 M empty types (V8's limit)", () => entriesModule(1, [0x60, 0, 0], 1_000_000)],
  ["1 M imports (V8's limit)", () => entriesModule(2, [1, 0x61, 1, 0x62, 0, 0], 1_000_000)],
];

async function measureEntryCounts(dir: string): Promise<void> {
  console.log("\n| input | size | rewrite | rewrite peak RSS | how it ends |");
  console.log("| --- | --- | --- | --- | --- |");
  const rewriter = [Deno.execPath(), "run", "--allow-read", SELF, "--rewrite-only"];
  for (const [shape, build] of ENTRY_SHAPES) {
    const path = `${dir}/entries.wasm`;
    const bytes = build();
    await Deno.writeFile(path, bytes);
    const rewrite = await timed([...rewriter, path]);
    const [ms, ...verdict] = rewrite.stdout.split(" ");
    console.log(
      `| ${shape} | ${(bytes.length / MIB).toFixed(1)} MiB | ${ms} ms | ` +
        `${rewrite.peakMiB.toFixed(0)} MiB | ${verdict.join(" ")} |`,
    );
  }
}

async function measureParserCost(dir: string): Promise<void> {
  console.log(
    "| input | rewrite | per MiB | rewrite peak RSS | `qip run` to the error | `qip run` peak RSS |",
  );
  console.log("| --- | --- | --- | --- | --- | --- |");
  const rewriter = [Deno.execPath(), "run", "--allow-read", SELF, "--rewrite-only"];
  const empty = `${dir}/empty.wasm`;
  await Deno.writeFile(empty, runModule({ run: "(unreachable)" }));
  const baseline = await timed([...rewriter, empty]);
  console.log(
    `| a 100-byte module | ${baseline.stdout.split(" ")[0]} ms | | ${
      baseline.peakMiB.toFixed(0)
    } MiB | | |`,
  );
  for (const [shape, { unit, sections: perUnit }] of Object.entries(SHAPES)) {
    for (const mib of SIZES_MIB) {
      const path = `${dir}/parser-cost.wasm`;
      const bytes = parserCostModule(unit, mib);
      await Deno.writeFile(path, bytes);
      const sections = Math.floor(bytes.length / unit.length) * perUnit;
      const rewrite = await timed([...rewriter, path]);
      const rewriteMs = Number(rewrite.stdout.split(" ")[0]);
      // A generous limit: the figure is the parser's cost, not where the 100 ms clock starts.
      const run = await timed([`${ROOT}/scripts/qip`, "run", "--timeout-ms", "10000", path]);
      if (!run.stderr.startsWith("wasm error: unreachable")) {
        throw new Error(`Unexpected verdict for ${mib} MiB of ${shape}: ${run.stderr}`);
      }
      console.log(
        `| ${mib} MiB of ${shape} (${(sections / 1e6).toFixed(1)} M sections) | ` +
          `${rewriteMs} ms | ${(rewriteMs / mib).toFixed(0)} ms | ` +
          `${rewrite.peakMiB.toFixed(0)} MiB | ${run.seconds.toFixed(2)} s | ` +
          `${run.peakMiB.toFixed(0)} MiB |`,
      );
    }
  }
}

async function measureEngineHeap(): Promise<void> {
  const names = new Set(ENGINE_HEAP_MODULES.map((module) => `${module.name}.wasm`));
  const manifest = await readHostileManifest(ROOT);
  console.log("\n| corpus module | verdict | `qip run` to the error | peak RSS |");
  console.log("| --- | --- | --- | --- |");
  for (const entry of manifest.modules.filter((candidate) => names.has(candidate.file))) {
    const run = await timed([`${ROOT}/scripts/qip`, ...entry.args]);
    if (run.stderr !== entry.stderr) {
      throw new Error(`Unexpected verdict for ${entry.file}: ${run.stderr}`);
    }
    const verdict = run.stderr.startsWith("wasm error") ? "stack overflow" : "refused";
    console.log(
      `| ${entry.file} | ${verdict} | ${run.seconds.toFixed(2)} s | ${
        run.peakMiB.toFixed(0)
      } MiB |`,
    );
  }
}

/**
 * A module whose `hold(depth)` recurses `depth` frames, each inside `nesting` nested legacy
 * `catch_all` blocks (each holding a caught exception of `payloadV128` zero v128 values), and
 * calls the import `m.report` at the bottom.
 */
function heldExceptionsModule(payloadV128: number, nesting: number): Uint8Array<ArrayBuffer> {
  const v128Zero = [0xfd, 0x0c, ...new Array(16).fill(0)];
  const tryCatchAll = [0x06, 0x40, 0x10, 1, 0x19]; // try (call $throw) catch_all
  const end = 0x0b;
  return wasmModule(
    section(
      1,
      vec([funcType([], []), funcType(new Array(payloadV128).fill(V128), []), funcType([I32], [])]),
    ),
    section(2, vec([[...name("m"), ...name("report"), 0, 0]])),
    section(3, vec([[0], [2]])),
    section(13, vec([[0, 1]])),
    section(7, vec([exportEntry("hold", 0, 2)])),
    section(
      10,
      vec([
        body([], [...new Array(payloadV128).fill(v128Zero).flat(), 0x08, 0, end]),
        // if depth == 0: report, else hold(depth - 1)
        body([], [
          ...new Array(nesting).fill(tryCatchAll).flat(),
          ...[0x20, 0, 0x45, 0x04, 0x40, 0x10, 0, 0x05, 0x20, 0, 0x41, 1, 0x6b, 0x10, 2, end],
          ...new Array(nesting).fill(end),
          end,
        ]),
      ]),
    ),
  );
}

/** `hold(depth)` of {@linkcode heldExceptionsModule}, calling `report` at the bottom. */
function holder(payloadV128: number, nesting: number, report: () => void) {
  const module = new WebAssembly.Module(heldExceptionsModule(payloadV128, nesting));
  return new WebAssembly.Instance(module, { m: { report } }).exports.hold as (
    depth: number,
  ) => void;
}

/**
 * Child mode (run with `--expose-gc`): the deepest `hold` that fits the stack, and the heap it
 * holds there. The payload is thrown by another function, so it barely changes the frames: the
 * depth is searched with empty payloads, then the real module runs at it (or a little less).
 */
function heldExceptions(payloadV128: number, nesting: number): void {
  const hold = holder(0, nesting, () => {});
  let fits = 0;
  let overflows = 1_000_000;
  while (fits + 1 < overflows) {
    const depth = Math.floor((fits + overflows) / 2);
    try {
      hold(depth);
      fits = depth;
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      overflows = depth;
    }
  }
  const collect = (globalThis as unknown as { gc: () => void }).gc;
  let heapAtBottom = 0;
  const measured = holder(payloadV128, nesting, () => heapAtBottom = Deno.memoryUsage().heapUsed);
  // The thrower's own frame is larger with a payload: back off until it fits too.
  let before = 0;
  for (;; fits -= Math.ceil(fits / 200)) {
    collect();
    before = Deno.memoryUsage().heapUsed;
    try {
      measured(fits);
      break;
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
    }
  }
  console.log(`${(fits + 1) * nesting} ${((heapAtBottom - before) / MIB).toFixed(0)}`);
}

async function measureHeldExceptions(): Promise<void> {
  console.log(
    "\n| payload | `catch_all` per frame | exceptions held at once | heap they hold | peak RSS |",
  );
  console.log("| --- | --- | --- | --- | --- |");
  const cases: ReadonlyArray<[number, number]> = [[0, 1000], [1, 1000], [1000, 1]];
  for (const [payloadV128, nesting] of cases) {
    const child = [
      ...[Deno.execPath(), "run", "--v8-flags=--expose-gc", SELF],
      ...["--held", `${payloadV128}`, `${nesting}`],
    ];
    const run = await timed(child);
    const [held, heapMiB] = run.stdout.split(" ");
    const payload = payloadV128 === 0 ? "none" : `${payloadV128} v128 (${payloadV128 * 16} bytes)`;
    console.log(
      `| ${payload} | ${nesting} | ${Number(held).toLocaleString("en")} | ${heapMiB} MiB | ` +
        `${run.peakMiB.toFixed(0)} MiB |`,
    );
  }
}

/** Child mode: RSS added by compiling, then instantiating, 10 million passive element entries. */
function passiveElements(): void {
  const count = 10_000_000;
  const segment = [1, 0, ...u32(count), ...new Array(count).fill(0)]; // passive, funcref 0 each
  const bytes = wasmModule(
    section(1, vec([funcType([], [])])),
    section(3, vec([[0]])),
    section(9, [1, ...segment]),
    section(10, vec([body([], [0x0b])])),
  );
  const rss = () => Deno.memoryUsage().rss / MIB;
  const start = rss();
  const module = new WebAssembly.Module(bytes);
  const compiled = rss();
  new WebAssembly.Instance(module, {});
  console.log(
    `| 10 M passive element entries | ${(bytes.length / MIB).toFixed(1)} MiB | ` +
      `+${(compiled - start).toFixed(0)} MiB | +${(rss() - compiled).toFixed(0)} MiB |`,
  );
}

async function measurePassiveElements(): Promise<void> {
  console.log("\n| module | size | compiling adds | instantiating adds |");
  console.log("| --- | --- | --- | --- |");
  const run = await timed([Deno.execPath(), "run", SELF, "--elements"]);
  console.log(run.stdout);
}

if (import.meta.main) {
  if (Deno.args[0] === "--rewrite-only") {
    await rewriteOnly(Deno.args[1]!);
  } else if (Deno.args[0] === "--elements") {
    passiveElements();
  } else if (Deno.args[0] === "--held") {
    heldExceptions(Number(Deno.args[1]), Number(Deno.args[2]));
  } else {
    const dir = await Deno.makeTempDir({ prefix: "qip-hostile-cost-" });
    try {
      await measureParserCost(dir);
      await measureEntryCounts(dir);
      await measureEngineHeap();
      await measureHeldExceptions();
      await measurePassiveElements();
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  }
}
