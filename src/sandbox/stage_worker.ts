/**
 * The worker every module runs in. It is created with `permissions: "none"` and only ever
 * sees bytes: a compiled module, an input buffer, the contract to apply. Keep it small so it
 * spawns fast.
 *
 * @module
 */

/// <reference lib="deno.worker" />

import {
  type GuestContext,
  type ModuleImport,
  runRunContract,
  type StageOutput,
  trapText,
} from "../contracts/mod.ts";
import { fuelExhausted, QipError, serializeError, timeLimitExceeded } from "../errors.ts";
import { CANCEL_REASON, type StageJob, type WorkerReply } from "./stage_job.ts";

const INSTANTIATE_FAILED = "Wasm module could not be instantiated";

self.onmessage = (event: MessageEvent<StageJob>) => {
  const reply = executeJob(event.data);
  const transfer = reply.type === "done" && reply.output.kind === "bytes"
    ? [reply.output.bytes.buffer as ArrayBuffer]
    : [];
  self.postMessage(reply, transfer);
};

self.postMessage({ type: "ready" } satisfies WorkerReply);

function executeJob(job: StageJob): WorkerReply {
  let fuelGlobal: WebAssembly.Global | undefined;
  try {
    const instance = instantiate(job);
    const exports = instance.exports;
    const cancelMemory = exports[job.layout.cancelMemoryExport];
    if (!(cancelMemory instanceof WebAssembly.Memory)) {
      throw new Error("instrumented module has no cancel memory");
    }
    const cancelFlag = new Int32Array(cancelMemory.buffer, 0, 1);
    fuelGlobal = fuelGlobalOf(exports, job);
    self.postMessage(
      {
        type: "armed",
        jobId: job.jobId,
        cancelFlag: cancelMemory.buffer as SharedArrayBuffer,
      } satisfies WorkerReply,
    );
    const context: GuestContext = {
      exports,
      layout: job.layout,
      interruption: () => interruption(job, cancelFlag, fuelGlobal),
    };
    runStartFunctions(context);
    const output = applyContract(job, context);
    return { type: "done", jobId: job.jobId, output, fuelLeft: fuelLeft(fuelGlobal) };
  } catch (error) {
    if (error instanceof QipError) {
      return {
        type: "failed",
        jobId: job.jobId,
        error: serializeError(error),
        fuelLeft: fuelLeft(fuelGlobal),
      };
    }
    const message = error instanceof Error ? error.stack ?? error.message : String(error);
    return { type: "crashed", jobId: job.jobId, message };
  }
}

function applyContract(job: StageJob, context: GuestContext): StageOutput {
  switch (job.contract) {
    case "run":
      return runRunContract(context, job.input);
  }
}

/** Instantiates with no imports at all; the rewritten module has no start section. */
function instantiate(job: StageJob): WebAssembly.Instance {
  try {
    return new WebAssembly.Instance(job.module, {});
  } catch (error) {
    if (job.layout.imports.length > 0) {
      throw new QipError("instantiate", INSTANTIATE_FAILED, {
        detail: describeImports(job.layout.imports),
        cause: error,
      });
    }
    const reason = error instanceof WebAssembly.RuntimeError
      ? trapText(error)
      : error instanceof Error
      ? error.message.replace(/^WebAssembly\.Instance\(\): /, "")
      : String(error);
    throw new QipError("instantiate", INSTANTIATE_FAILED, { detail: reason, cause: error });
  }
}

/** The start section (moved to an export by the rewriter), then an exported `_start`. */
function runStartFunctions(context: GuestContext): void {
  const names = [context.layout.startExport, "_start"];
  for (const name of names) {
    if (name === undefined) continue;
    const start = context.exports[name];
    if (typeof start !== "function") continue;
    try {
      start();
    } catch (error) {
      const cause = context.interruption() ?? error;
      const reason = cause instanceof QipError ? cause.message : trapText(cause);
      const where = name === "_start" ? "_start" : "start function";
      throw new QipError("instantiate", INSTANTIATE_FAILED, {
        detail: `${where}: ${reason}`,
        cause,
      });
    }
  }
}

function interruption(
  job: StageJob,
  cancelFlag: Int32Array,
  fuelGlobal: WebAssembly.Global | undefined,
): QipError | undefined {
  if (Atomics.load(cancelFlag, 0) === CANCEL_REASON.timeLimit) {
    return timeLimitExceeded(job.timeLimitMs);
  }
  if (job.fuel !== undefined && fuelGlobal !== undefined && (fuelGlobal.value as bigint) < 0n) {
    return fuelExhausted(job.fuel.budget);
  }
  return undefined;
}

function fuelGlobalOf(exports: WebAssembly.Exports, job: StageJob): WebAssembly.Global | undefined {
  if (job.fuel === undefined || job.layout.fuelGlobalExport === undefined) return undefined;
  const global = exports[job.layout.fuelGlobalExport];
  if (!(global instanceof WebAssembly.Global)) throw new Error("instrumented module has no fuel");
  global.value = job.fuel.remaining;
  return global;
}

function fuelLeft(global: WebAssembly.Global | undefined): bigint | undefined {
  if (global === undefined) return undefined;
  const value = global.value as bigint;
  return value < 0n ? 0n : value;
}

function describeImports(imports: readonly ModuleImport[]): string {
  const [first] = imports;
  if (first === undefined) return "";
  const more = imports.length > 1 ? ` and ${imports.length - 1} more` : "";
  return `module imports "${first.module}" "${first.name}" (${first.kind})${more}; qip provides no imports`;
}
