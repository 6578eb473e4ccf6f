/**
 * Benchmarks the module instrumenter on a generated ~1 MB module and prints a markdown table.
 *
 * Run: `deno run -A scripts/bench/instrument_bench.ts`
 *
 * The module has a mix that resembles compiled code: many functions, nested blocks and loops,
 * locals, memory loads and stores, constants of every size, calls, `br_table`, and SIMD.
 *
 * @module
 */

import { instrumentModule } from "../../src/sandbox/instrument/instrument_module.ts";
import {
  body,
  exportEntry,
  funcType,
  I32,
  s32,
  section,
  u32,
  V128,
  vec,
  wasmModule,
} from "../wasm_bytes.ts";

const TARGET_BYTES = 1_000_000;
const WARMUP_RUNS = 20;
const MEASURED_RUNS = 50;

/** One function `(i32, i32) -> i32` with 4 i32 locals and one v128 local. */
function functionBody(index: number): number[] {
  const code: number[] = [];
  for (let block = 0; block < 6; block++) {
    const seed = index * 7 + block;
    code.push(0x02, 0x40); // block
    code.push(0x03, 0x40); // loop
    // local2 += load(local0 + offset) * const
    code.push(0x20, 2, 0x20, 0, 0x28, 0x02, ...u32((seed * 4) % 4096));
    code.push(0x41, ...s32((seed * 2654435761) | 0), 0x6c, 0x6a, 0x21, 2);
    // store(local1, local2 ^ local3)
    code.push(0x20, 1, 0x20, 2, 0x20, 3, 0x73, 0x36, 0x02, ...u32(seed % 256));
    // local3 = call previous function (or self for 0)
    code.push(0x20, 2, 0x20, 3, 0x10, ...u32(Math.max(0, index - 1)), 0x21, 3);
    // SIMD: v = i32x4.add(v, splat(local2)); local4 = extract_lane 1
    code.push(0x20, 6, 0x20, 2, 0xfd, 0x11, 0xfd, 0xae, 0x01, 0x22, 6, 0xfd, 0x1b, 1, 0x21, 4);
    // f64 arithmetic, dropped
    code.push(0x44, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0x20, 4, 0xb7, 0xa0, 0x1a);
    // br_table on local4 & 3
    code.push(0x02, 0x40, 0x20, 4, 0x41, 3, 0x71, 0x0e, 3, 0, 0, 1, 0, 0x0b);
    // counter: local0 -= 1; br_if loop while local0 > 0
    code.push(0x20, 0, 0x41, 1, 0x6b, 0x22, 0, 0x41, 0, 0x4a, 0x0d, 0);
    code.push(0x0b, 0x0b); // end loop, end block
  }
  code.push(0x20, 2, 0x20, 3, 0x6a, 0x0b);
  return body([[4, I32], [1, V128]], code);
}

/** Returns a valid module of about `targetBytes` bytes. */
export function generateModule(targetBytes: number): Uint8Array<ArrayBuffer> {
  const bodies: number[][] = [];
  let size = 0;
  while (size < targetBytes) {
    const functionBytes = functionBody(bodies.length);
    bodies.push(functionBytes);
    size += functionBytes.length;
  }
  return wasmModule(
    section(1, vec([funcType([I32, I32], [I32])])),
    section(3, vec(bodies.map(() => [0]))), // every function has type 0
    section(5, vec([[0x00, 1]])), // one memory of at least 1 page
    section(7, vec([exportEntry("run", 0x00, bodies.length - 1)])),
    section(10, vec(bodies)),
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)]!;
}

if (import.meta.main) {
  const bytes = generateModule(TARGET_BYTES);
  if (!WebAssembly.validate(bytes)) throw new Error("generated module does not validate");
  const rows: string[] = [];
  for (const fuel of [false, true]) {
    const options = { memoryLimitPages: 65_536, fuel };
    let outputBytes = 0;
    for (let run = 0; run < WARMUP_RUNS; run++) {
      outputBytes = instrumentModule(bytes, options).bytes.length;
    }
    const timesMs: number[] = [];
    for (let run = 0; run < MEASURED_RUNS; run++) {
      const start = performance.now();
      instrumentModule(bytes, options);
      timesMs.push(performance.now() - start);
    }
    const medianMs = median(timesMs);
    const msPerMb = medianMs * 1_000_000 / bytes.length;
    const mbPerSecond = bytes.length / 1_000_000 / (medianMs / 1000);
    rows.push(
      `| ${fuel ? "cancel + fuel" : "cancel"} | ${bytes.length} | ${outputBytes} | ` +
        `${medianMs.toFixed(2)} | ${Math.min(...timesMs).toFixed(2)} | ${msPerMb.toFixed(2)} | ` +
        `${mbPerSecond.toFixed(0)} |`,
    );
  }
  const rewritten = instrumentModule(bytes, { memoryLimitPages: 65_536, fuel: true }).bytes;
  if (!WebAssembly.validate(rewritten)) throw new Error("instrumented module does not validate");
  console.log(
    [
      `Instrumenting a generated module (median of ${MEASURED_RUNS} runs after ${WARMUP_RUNS} warm-up runs)`,
      "",
      "| checks | input bytes | output bytes | median ms | min ms | ms per 1 MB | MB/s |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
      ...rows,
    ].join("\n"),
  );
}
