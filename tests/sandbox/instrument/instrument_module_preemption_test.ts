/**
 * Preemption in a real worker: an instrumented module that would run forever traps with
 * `unreachable` once the test thread sets the cancel flag.
 */

import assert from "node:assert/strict";
import { instrumentModule } from "../../../src/sandbox/instrument/instrument_module.ts";
import type { RunReport, RunRequest } from "./fixtures/instrumented_worker.ts";
import { wat } from "./_wat.ts";

/** How long the module spins before the test sets the flag. */
const SPIN_MS = 50;

/**
 * Runs `exportName` of the instrumented module in a worker, sets the cancel flag after
 * {@linkcode SPIN_MS}, and resolves to the worker's final report.
 */
async function runAndCancel(
  bytes: Uint8Array,
  exportName: (startExport: string | undefined) => string,
  args: readonly number[] = [],
): Promise<RunReport> {
  const rewritten = instrumentModule(bytes, { memoryLimitPages: 256, fuel: false });
  const worker = new Worker(new URL("./fixtures/instrumented_worker.ts", import.meta.url), {
    type: "module",
  });
  try {
    const reports = reportQueue(worker);
    const request: RunRequest = {
      bytes: rewritten.bytes,
      cancelMemoryExport: rewritten.cancelMemoryExport,
      exportName: exportName(rewritten.startExport),
      args,
    };
    worker.postMessage(request);
    const ready = await reports.next();
    assert.equal(ready.kind, "ready");
    await new Promise((resolve) => setTimeout(resolve, SPIN_MS));
    if (ready.kind === "ready") Atomics.store(new Int32Array(ready.flag), 0, 1);
    return await reports.next();
  } finally {
    worker.terminate();
  }
}

function reportQueue(worker: Worker): { next(): Promise<RunReport> } {
  const waiting: ((report: RunReport) => void)[] = [];
  const arrived: RunReport[] = [];
  worker.onmessage = (event: MessageEvent<RunReport>) => {
    const taker = waiting.shift();
    if (taker === undefined) arrived.push(event.data);
    else taker(event.data);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    const taker = waiting.shift();
    const report: RunReport = { kind: "threw", error: `worker error: ${event.message}` };
    if (taker === undefined) arrived.push(report);
    else taker(report);
  };
  return {
    next: () => {
      const report = arrived.shift();
      return report === undefined
        ? new Promise((resolve) => waiting.push(resolve))
        : Promise.resolve(report);
    },
  };
}

const TRAPPED = { kind: "threw", error: "RuntimeError: unreachable" } as const;

Deno.test("instrumentModule() makes an infinite loop in a function cancellable (worker)", async () => {
  const spin = wat(`(module
    (func (export "spin") (result i32)
      (local $i i32)
      (loop $forever
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $forever))
      (local.get $i)))`);
  assert.deepEqual(await runAndCancel(spin, () => "spin"), TRAPPED);
});

Deno.test("instrumentModule() makes an infinite loop in the start function cancellable (worker)", async () => {
  const spinAtStart = wat(`(module
    (global $ticks (mut i64) (i64.const 0))
    (func $init
      (loop $forever
        (global.set $ticks (i64.add (global.get $ticks) (i64.const 1)))
        (br $forever)))
    (start $init))`);
  const report = await runAndCancel(spinAtStart, (startExport) => startExport ?? "missing");
  assert.deepEqual(report, TRAPPED);
});

Deno.test("instrumentModule() makes unbounded recursion without loops cancellable (worker)", async () => {
  const doubling = wat(`(module
    (func $f (export "f") (param $n i32) (result i32)
      (if (result i32) (i32.eqz (local.get $n))
        (then (i32.const 1))
        (else (i32.add
          (call $f (i32.sub (local.get $n) (i32.const 1)))
          (call $f (i32.sub (local.get $n) (i32.const 1))))))))`);
  assert.deepEqual(await runAndCancel(doubling, () => "f", [60]), TRAPPED);
});

Deno.test("instrumentModule() makes straight-line bulk operations cancellable (worker)", async () => {
  // 20,000 fills of 16 MiB with no loop and no call: seconds of work that only stops early at
  // the check point before each fill.
  const fill = "(memory.fill (i32.const 0) (i32.const 1) (i32.const 16777216))";
  const fills = wat(`(module
    (memory 256)
    (func (export "fills") (result i32) ${fill.repeat(20_000)} (i32.const 7)))`);
  assert.deepEqual(await runAndCancel(fills, () => "fills"), TRAPPED);
});

Deno.test("instrumentModule() lets a module run to completion while the flag is clear (worker)", async () => {
  const short = wat(`(module
    (func (export "sum") (param $n i32) (result i32)
      (local $total i32)
      (block $done
        (loop $next
          (br_if $done (i32.eqz (local.get $n)))
          (local.set $total (i32.add (local.get $total) (local.get $n)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $next)))
      (local.get $total)))`);
  const rewritten = instrumentModule(short, { memoryLimitPages: 16, fuel: false });
  const worker = new Worker(new URL("./fixtures/instrumented_worker.ts", import.meta.url), {
    type: "module",
  });
  try {
    const reports = reportQueue(worker);
    worker.postMessage(
      {
        bytes: rewritten.bytes,
        cancelMemoryExport: rewritten.cancelMemoryExport,
        exportName: "sum",
        args: [100],
      } satisfies RunRequest,
    );
    assert.equal((await reports.next()).kind, "ready");
    assert.deepEqual(await reports.next(), { kind: "returned", value: "5050" });
  } finally {
    worker.terminate();
  }
});
