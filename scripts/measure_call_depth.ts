/**
 * Measures where recursion stops in a permission-less Deno worker, as qip runs modules: V8's own
 * stack limit for frames of 1 to 200 i64 locals, and the deterministic mode's counted limit for
 * the same functions, which must come first (docs/determinism.md). Prints a markdown table.
 *
 * ```
 * deno run --config deno.tooling.json --unstable-worker-options --allow-read scripts/measure_call_depth.ts
 * ```
 *
 * @module
 */

import wabtInit from "wabt";
import { instrumentModule } from "../src/sandbox/instrument/instrument_module.ts";
import { WABT_FEATURES } from "./_module_toolchains.ts";

const LOCAL_COUNTS = [0, 1, 6, 7, 8, 10, 50, 100, 200];
const wabt = await wabtInit();

/** `rec(n)`: n + 1 frames of a function with one i32 parameter and `locals` live i64 locals. */
function recursion(locals: number): Uint8Array<ArrayBuffer> {
  const names = Array.from({ length: locals }, (_, index) => `$l${index}`);
  const declared = names.map((name) => `(local ${name} i64)`).join(" ");
  const sets = names.map((name) => `(local.set ${name} (i64.extend_i32_u (local.get 0)))`).join(
    " ",
  );
  const sum = names.reduce((sum, name) => `(i64.add ${sum} (local.get ${name}))`, "(i64.const 0)");
  const text = `(module (func $rec (export "rec") (param i32) (result i64) ${declared} ${sets}
    (if (result i64) (i32.eqz (local.get 0)) (then (i64.const 0))
      (else (i64.add ${sum} (call $rec (i32.sub (local.get 0) (i32.const 1))))))))`;
  const parsed = wabt.parseWat("rec.wat", text, WABT_FEATURES);
  try {
    return new Uint8Array(parsed.toBinary({}).buffer);
  } finally {
    parsed.destroy();
  }
}

/** The worker: binary search for the deepest `rec(n)` that returns; says what stopped it. */
const WORKER = `self.onmessage = ({ data: { bytes, depthExport } }) => {
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes));
  let [low, high, counted] = [0, 1 << 24, false];
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (depthExport) exports[depthExport].value = 0;
    try { exports.rec(mid); low = mid; } catch {
      high = mid - 1;
      if (depthExport && exports[depthExport].value > 0) counted = true;
    }
  }
  self.postMessage({ depth: low, counted });
};`;
const workerUrl = URL.createObjectURL(new Blob([WORKER], { type: "text/javascript" }));

async function deepest(bytes: Uint8Array, depthExport?: string) {
  const worker = new Worker(workerUrl, {
    type: "module",
    deno: { permissions: "none" },
  } as WorkerOptions);
  try {
    return await new Promise<{ depth: number; counted: boolean }>((resolve) => {
      worker.onmessage = (event) => resolve(event.data);
      worker.postMessage({ bytes, depthExport });
    });
  } finally {
    worker.terminate();
  }
}

console.log(`### Where recursion stops (Deno ${Deno.version.deno}, V8 ${Deno.version.v8})\n`);
console.log("| i64 locals | V8's limit (frames) | deterministic (frames) | stopped by |");
console.log("| ---: | ---: | ---: | --- |");
for (const locals of LOCAL_COUNTS) {
  const bytes = recursion(locals);
  const engine = await deepest(bytes);
  const rewritten = instrumentModule(bytes, {
    memoryLimitPages: 1,
    fuel: false,
    deterministic: true,
  });
  const counted = await deepest(rewritten.bytes, rewritten.depthGlobalExport);
  console.log(
    `| ${locals} | ${engine.depth + 1} | ${counted.depth + 1} | ${
      counted.counted ? "the counted limit" : "**V8's limit**"
    } |`,
  );
}
