/**
 * Wall time and peak RSS of `qip run` at the input and output bounds (issue 12, items 4 and 7),
 * each measured by `/usr/bin/time -v` around the real launcher, and printed as a markdown table
 * for docs/reliability.md:
 *
 * - a 2 GiB sparse `-i` file (refused from its size),
 * - 200 MB piped on stdin and the same file through `-i` (read whole, then counted by a module),
 * - 300 MB piped on stdin past the 256 MiB bound (reading stops one byte past it),
 * - 60 M i32 items written to stdout, and 20 M with `-v` (formatted a chunk at a time).
 *
 * ```sh
 * deno run --config deno.tooling.json --allow-read --allow-write --allow-run scripts/bench/io_bounds.ts
 * ```
 *
 * Linux only (GNU time). Needs about 200 MB of free disk for the stdin file.
 *
 * @module
 */

import { wat } from "../hostile/_hostile_module.ts";
import { markdownTable } from "./_measure.ts";

const root = new URL("../../", import.meta.url).pathname;
const qip = `${root}scripts/qip`;

/** A run stage that answers `Ran: <input size>` (its cap and memory fit 256 MiB). */
const LENGTH_MODULE = `(module
  (memory (export "memory") 4096)
  (global (export "input_ptr") i32 (i32.const 0))
  (global (export "input_bytes_cap") i32 (i32.const 268435456))
  (func (export "run") (param i32) (result i32) (local.get 0)))`;

/** A run stage that returns `items` i32 items (all zero). */
function itemsModule(items: number): string {
  return `(module
  (memory (export "memory") ${Math.ceil((items * 4) / 65_536)})
  (global (export "input_ptr") i32 (i32.const 0))
  (global (export "input_bytes_cap") i32 (i32.const 0))
  (global (export "output_ptr") i32 (i32.const 0))
  (global (export "output_i32_cap") i32 (i32.const ${items}))
  (func (export "run") (param i32) (result i32) (i32.const ${items})))`;
}

interface Measured {
  readonly wallSeconds: number;
  readonly maxRssMiB: number;
  readonly exitCode: number;
  readonly stderrTail: string;
}

/** Runs `pipeline` (a bash command line around `$QIP`) under `/usr/bin/time -v`. */
async function measure(pipeline: string, dir: string): Promise<Measured> {
  const timeFile = `${dir}/time.txt`;
  const { stderr } = await new Deno.Command("bash", {
    args: ["-c", pipeline.replace("$QIP", `/usr/bin/time -v -o ${timeFile} ${qip}`)],
    env: { QIP_DENO: Deno.execPath(), NO_COLOR: "1" },
    stdout: "null",
    stderr: "piped",
  }).output();
  const report = await Deno.readTextFile(timeFile);
  const field = (name: string) => report.match(new RegExp(`${name}: (.*)`))?.[1]?.trim() ?? "";
  const [minutes, seconds] = field("Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)")
    .split(":").map(Number);
  const tail = (new TextDecoder().decode(stderr).trim().split("\n").at(-1) ?? "")
    .replaceAll(dir, "$TMP");
  return {
    wallSeconds: (minutes ?? 0) * 60 + (seconds ?? 0),
    maxRssMiB: Number(field("Maximum resident set size \\(kbytes\\)")) / 1024,
    exitCode: Number(field("Exit status")),
    stderrTail: tail.length > 130 ? `${tail.slice(0, 127)}…` : tail,
  };
}

const dir = await Deno.makeTempDir({ prefix: "qip-io-bounds-" });
try {
  await Deno.writeFile(`${dir}/length.wasm`, wat(LENGTH_MODULE));
  await Deno.writeFile(`${dir}/items60m.wasm`, wat(itemsModule(60_000_000)));
  await Deno.writeFile(`${dir}/items20m.wasm`, wat(itemsModule(20_000_000)));
  await Deno.writeFile(`${dir}/sparse.bin`, new Uint8Array(0));
  await Deno.truncate(`${dir}/sparse.bin`, 2 * 1024 ** 3);
  await Deno.writeFile(`${dir}/200mb.bin`, new Uint8Array(200_000_000).fill(0x78));

  const cases: [string, string][] = [
    ["2 GiB sparse `-i` file, refused", `$QIP run -i ${dir}/sparse.bin ${dir}/length.wasm`],
    [
      "200 MB piped on stdin",
      `cat ${dir}/200mb.bin | $QIP run --timeout-ms 60000 ${dir}/length.wasm`,
    ],
    [
      "the same 200 MB through `-i`",
      `$QIP run --timeout-ms 60000 -i ${dir}/200mb.bin ${dir}/length.wasm`,
    ],
    [
      "300 MB piped, past the 256 MiB bound",
      `head -c 300000000 /dev/zero | $QIP run ${dir}/length.wasm`,
    ],
    ["60 M i32 items to stdout", `$QIP run ${dir}/items60m.wasm </dev/null | wc -l`],
    ["20 M i32 items with `-v`", `$QIP run -v ${dir}/items20m.wasm </dev/null 2>/dev/null | wc -l`],
  ];
  const rows: string[][] = [];
  for (const [name, pipeline] of cases) {
    const result = await measure(pipeline, dir);
    rows.push([
      name,
      `${result.wallSeconds.toFixed(2)} s`,
      `${Math.round(result.maxRssMiB)} MiB`,
      String(result.exitCode),
      result.exitCode === 0 ? "" : `\`${result.stderrTail}\``,
    ]);
    console.error(`${name}: done`);
  }
  console.log(markdownTable(["case", "wall", "peak RSS", "exit", "stderr"], rows));
} finally {
  await Deno.remove(dir, { recursive: true });
}
