/**
 * How long `qip form`'s calls into a module take, against the 100 ms each one gets: the
 * email form answered end to end 50 times through the timed session `qip form` uses (opening,
 * prompts, answers, the output), each call measured on the host, round trip to the worker
 * included.
 *
 * @module
 */

import { openFormSession } from "../../src/cli/_form_session.ts";
import type { FormRequest } from "../../src/contracts/mod.ts";
import { loadStages } from "../../src/host/mod.ts";
import { DEFAULT_LIMITS, WorkerPool } from "../../src/sandbox/mod.ts";
import { markdownTable, median, ms, REPO_ROOT } from "./_measure.ts";

const ROUNDS = 50;
const encoder = new TextEncoder();
const STEPS: readonly FormRequest[] = [
  { op: "prompt" },
  { op: "answer", value: encoder.encode("Ada") },
  { op: "prompt" },
  { op: "answer", value: encoder.encode("ada@example.com") },
  { op: "prompt" },
  { op: "output", size: 0 },
];

const pool = new WorkerPool({ size: 1 });
try {
  await pool.ready();
  const [stage] = await loadStages([`${REPO_ROOT}/examples/form-email-message.wasm`], {
    limits: DEFAULT_LIMITS,
  });
  const opens: number[] = [];
  const calls: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let started = performance.now();
    using session = await openFormSession(pool, stage!, { timeLimitMs: 100 });
    opens.push(performance.now() - started);
    let outputSize = 0;
    for (const step of STEPS) {
      const request = step.op === "output" ? { op: "output" as const, size: outputSize } : step;
      started = performance.now();
      const result = await session.call(request);
      calls.push(performance.now() - started);
      if (step.op === "answer") outputSize = result as number;
    }
  }
  const row = (name: string, samples: number[]) => {
    const sorted = samples.toSorted((a, b) => a - b);
    const p99 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]!;
    return [name, String(samples.length), ms(median(samples)), ms(p99), ms(sorted.at(-1)!)];
  };
  console.log("### qip form: time per call (limit 100 ms each)\n");
  console.log(markdownTable(["call", "count", "median", "p99", "max"], [
    row("open (instantiate)", opens),
    row("prompt, answer, output", calls),
  ]));
} finally {
  pool.close();
}
