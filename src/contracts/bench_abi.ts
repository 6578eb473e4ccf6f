/**
 * The bench contract (spec: cli.md §4.4): the run contract on a fresh instance, timed from
 * inside the worker so a sample measures wasm work, not messages between threads. It wraps the
 * instance's `run` export with a clock and hands it to the run contract unchanged.
 *
 * @module
 */

import { readExportU32 } from "./_export_reader.ts";
import type { GuestContext } from "./guest_call.ts";
import { runRunContract } from "./run_abi.ts";
import type { OutputEncoding, StageOutput } from "./stage_output.ts";

/** One bench sample, measured in the worker. Durations are in milliseconds (fractional). */
export interface SampleMeasurement {
  /**
   * Just before instantiation to after the output was copied out, less the sandbox's own
   * messages to the host.
   */
  readonly totalMs: number;
  /** Instantiation and start functions only. */
  readonly instantiateMs: number;
  /** The `run` call only. */
  readonly runMs: number;
  /** The instance's linear memory size right after `run`. */
  readonly memoryBytes: number;
  /** The input cap the module reported (`input_utf8_cap`, else `input_bytes_cap`). */
  readonly inputCap: number;
  /** The output cap the module reported (0 for a scalar module). */
  readonly outputCap: number;
}

/** When the job started and how long instantiation took, as the worker measured them. */
export interface InstanceTiming {
  /** `performance.now()` just before instantiation. */
  readonly startedMs: number;
  /** Instantiation and start functions, without the worker's own messages. */
  readonly instantiateMs: number;
  /** Time the worker spent on its own messages during the job (not the module's work). */
  readonly sandboxMs: number;
}

/** The output cap export each output encoding comes from. */
const OUTPUT_CAP_EXPORTS: Readonly<Record<OutputEncoding, string>> = {
  utf8: "output_utf8_cap",
  i32: "output_i32_cap",
  raw: "output_bytes_cap",
};

/**
 * Runs the run contract on `context` and measures it.
 *
 * @throws {QipError} whatever the run contract throws, unchanged.
 */
export function runBenchContract(
  context: GuestContext,
  input: Uint8Array,
  timing: InstanceTiming,
): { output: StageOutput; measurement: SampleMeasurement } {
  const run = context.exports["run"];
  let runMs = 0;
  let memoryBytes = 0;
  const exports = typeof run !== "function" ? context.exports : {
    ...context.exports,
    run: (size: number) => {
      const startedMs = performance.now();
      try {
        return run(size);
      } finally {
        runMs = performance.now() - startedMs;
        const memory = context.exports["memory"];
        if (memory instanceof WebAssembly.Memory) memoryBytes = memory.buffer.byteLength;
      }
    },
  };
  const output = runRunContract({ ...context, exports }, input);
  const totalMs = performance.now() - timing.startedMs - timing.sandboxMs;
  return {
    output,
    measurement: {
      totalMs,
      instantiateMs: timing.instantiateMs,
      runMs,
      memoryBytes,
      ...capacities(context, output),
    },
  };
}

/**
 * The caps the contract used, read again after the sample (outside the measured time). A
 * scalar output has no cap: either there is no `output_ptr`, or its cap is 0.
 */
function capacities(context: GuestContext, output: StageOutput) {
  const inputCap = readExportU32(context, "input_utf8_cap") ??
    readExportU32(context, "input_bytes_cap") ?? 0;
  const outputCap = output.kind === "scalar"
    ? 0
    : readExportU32(context, OUTPUT_CAP_EXPORTS[output.encoding]) ?? 0;
  return { inputCap, outputCap };
}
