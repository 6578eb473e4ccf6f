/**
 * The worker every module runs in. It is created with `permissions: "none"` and only ever
 * sees bytes: a compiled module, the contract to apply, input buffers. Keep it small so it
 * spawns fast.
 *
 * @module
 */

/// <reference lib="deno.worker" />

import {
  type GuestContext,
  type ModuleImport,
  runBenchContract,
  runRunContract,
  SESSION_CONTRACTS,
  type SessionHandler,
  trapText,
} from "../contracts/mod.ts";
import {
  callDepthExceeded,
  fuelExhausted,
  QipError,
  serializeError,
  timeLimitExceeded,
} from "../errors.ts";
import {
  CANCEL_REASON,
  type InstanceSpec,
  type JobResult,
  type SessionCall,
  type SessionOpen,
  type StageJob,
  type WorkerReply,
  type WorkerRequest,
} from "./stage_job.ts";

const INSTANTIATE_FAILED = "Wasm module could not be instantiated";

/** A live instance and what interrupts it. */
interface LiveInstance {
  readonly context: GuestContext;
  readonly fuelGlobal: WebAssembly.Global | undefined;
  /** Instantiation and start functions, in ms, without the `armed` message. */
  readonly instantiateMs: number;
  /** Posting the `armed` message, in ms: sandbox work, not the module's. */
  readonly armingMs: number;
}

/** Open sessions on this worker, by id. */
const sessions = new Map<number, { instance: LiveInstance; handler: SessionHandler }>();

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  switch (request.type) {
    case "job":
      reply(request.requestId, () => runJob(request));
      return collectYoungGarbage();
    case "open":
      return reply(request.requestId, () => openSession(request));
    case "call":
      return reply(request.requestId, () => callSession(request));
    case "close":
      sessions.delete(request.sessionId);
      return;
  }
};

self.postMessage({ type: "ready" } satisfies WorkerReply);

/**
 * Jobs between two young-generation collections. Every job leaves an instance and its linear
 * memory behind, and V8 frees them late: a 60 s `qip dev` soak of recipe chains grew from 88 to
 * 305 MiB, all of it garbage. A young collection every so many jobs takes well under a
 * millisecond and kept the same soak at 85 to 174 MiB (a full one: 4 ms, 151 MiB). `gc` exists
 * when the host runs with `--expose-gc` (scripts/runtime-flags.txt); modules cannot reach it.
 */
const JOBS_PER_COLLECTION = 256;
const collectGarbage = (globalThis as { gc?: (options: { type: "minor" }) => void }).gc;
let jobsSinceCollection = 0;

function collectYoungGarbage(): void {
  if (collectGarbage === undefined || ++jobsSinceCollection < JOBS_PER_COLLECTION) return;
  jobsSinceCollection = 0;
  collectGarbage({ type: "minor" });
}

/** Runs `work` and posts its result, its typed failure, or a crash (a qip bug). */
function reply(
  requestId: number,
  work: () => { result: unknown; transfer: readonly ArrayBuffer[]; instance: LiveInstance },
): void {
  let instance: LiveInstance | undefined;
  try {
    const done = work();
    instance = done.instance;
    self.postMessage(
      {
        type: "done",
        requestId,
        result: done.result,
        fuelLeft: fuelLeft(instance.fuelGlobal),
      } satisfies WorkerReply,
      [...done.transfer],
    );
  } catch (thrown) {
    let error = thrown;
    if (thrown instanceof FailedOn) {
      instance = thrown.instance;
      error = thrown.cause;
    }
    if (error instanceof QipError) {
      self.postMessage(
        {
          type: "failed",
          requestId,
          error: serializeError(error),
          fuelLeft: fuelLeft(instance?.fuelGlobal),
        } satisfies WorkerReply,
      );
      return;
    }
    const message = error instanceof Error ? error.stack ?? error.message : String(error);
    self.postMessage({ type: "crashed", requestId, message } satisfies WorkerReply);
  }
}

/** Carries the instance a failure happened on, so its fuel can still be reported. */
class FailedOn extends Error {
  constructor(readonly instance: LiveInstance, override readonly cause: unknown) {
    super("failed");
  }
}

function runJob(job: StageJob) {
  const startedMs = performance.now();
  const instance = instantiateArmed(job, job.requestId);
  try {
    const result: JobResult = job.contract === "bench"
      ? benchResult(instance, job.input, startedMs)
      : runRunContract(instance.context, job.input);
    const transfer = result.kind === "bytes" ? [result.bytes.buffer as ArrayBuffer] : [];
    return { result, transfer, instance };
  } catch (error) {
    throw new FailedOn(instance, error);
  }
}

function benchResult(instance: LiveInstance, input: Uint8Array, startedMs: number): JobResult {
  const { output, measurement } = runBenchContract(instance.context, input, {
    startedMs,
    instantiateMs: instance.instantiateMs,
    sandboxMs: instance.armingMs,
  });
  return { ...output, measurement };
}

function openSession(open: SessionOpen) {
  const instance = instantiateArmed(open, open.requestId);
  try {
    const { handler, opened } = SESSION_CONTRACTS[open.contract](instance.context, open.options);
    sessions.set(open.sessionId, { instance, handler });
    return { result: opened, transfer: [], instance };
  } catch (error) {
    throw new FailedOn(instance, error);
  }
}

function callSession(call: SessionCall) {
  const session = sessions.get(call.sessionId);
  if (session === undefined) throw new Error(`no open session ${call.sessionId}`);
  try {
    const answer = session.handler.call(call.payload);
    return { result: answer.result, transfer: answer.transfer ?? [], instance: session.instance };
  } catch (error) {
    throw new FailedOn(session.instance, error);
  }
}

/**
 * Instantiates with no imports at all (the rewritten module has no start section), tells the
 * host how to interrupt it, and only then runs the start functions.
 */
function instantiateArmed(spec: InstanceSpec, requestId: number): LiveInstance {
  const instantiateStartedMs = performance.now();
  const exports = instantiate(spec).exports;
  const instantiatedMs = performance.now() - instantiateStartedMs;
  const cancelMemory = exports[spec.layout.cancelMemoryExport];
  if (!(cancelMemory instanceof WebAssembly.Memory)) {
    throw new Error("instrumented module has no cancel memory");
  }
  const cancelFlag = new Int32Array(cancelMemory.buffer, 0, 1);
  const fuelGlobal = fuelGlobalOf(exports, spec);
  const depthGlobal = depthGlobalOf(exports, spec);
  const armingStartedMs = performance.now();
  self.postMessage(
    {
      type: "armed",
      requestId,
      cancelFlag: cancelMemory.buffer as SharedArrayBuffer,
    } satisfies WorkerReply,
  );
  const armingMs = performance.now() - armingStartedMs;
  const context: GuestContext = {
    exports,
    layout: spec.layout,
    interruption: () => interruption(spec, cancelFlag, fuelGlobal, depthGlobal),
  };
  const startStartedMs = performance.now();
  try {
    runStartFunctions(context);
  } catch (error) {
    throw new FailedOn({ context, fuelGlobal, instantiateMs: 0, armingMs }, error);
  }
  const instantiateMs = instantiatedMs + performance.now() - startStartedMs;
  return { context, fuelGlobal, instantiateMs, armingMs };
}

function instantiate(spec: InstanceSpec): WebAssembly.Instance {
  try {
    return new WebAssembly.Instance(spec.module, {});
  } catch (error) {
    if (spec.layout.imports.length > 0) {
      throw new QipError("instantiate", INSTANTIATE_FAILED, {
        detail: describeImports(spec.layout.imports),
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
  for (const name of [context.layout.startExport, "_start"]) {
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
  spec: InstanceSpec,
  cancelFlag: Int32Array,
  fuelGlobal: WebAssembly.Global | undefined,
  depthGlobal: WebAssembly.Global | undefined,
): QipError | undefined {
  // A trap or an uncaught exception left every frame without lowering the depth: the next
  // call into this instance (a session) starts again from 0.
  const depth = depthGlobal?.value as number | undefined;
  if (depthGlobal !== undefined) depthGlobal.value = 0;
  if (Atomics.load(cancelFlag, 0) === CANCEL_REASON.timeLimit) {
    return timeLimitExceeded(spec.timeLimitMs);
  }
  if (spec.fuel !== undefined && fuelGlobal !== undefined && (fuelGlobal.value as bigint) < 0n) {
    return fuelExhausted(spec.fuel.budget);
  }
  const limit = spec.layout.maxCallDepth;
  if (depth !== undefined && limit !== undefined && depth > limit) return callDepthExceeded(limit);
  return undefined;
}

function depthGlobalOf(exports: WebAssembly.Exports, spec: InstanceSpec) {
  if (spec.layout.depthGlobalExport === undefined) return undefined;
  const global = exports[spec.layout.depthGlobalExport];
  if (!(global instanceof WebAssembly.Global)) throw new Error("instrumented module has no depth");
  return global;
}

function fuelGlobalOf(exports: WebAssembly.Exports, spec: InstanceSpec) {
  if (spec.fuel === undefined || spec.layout.fuelGlobalExport === undefined) return undefined;
  const global = exports[spec.layout.fuelGlobalExport];
  if (!(global instanceof WebAssembly.Global)) throw new Error("instrumented module has no fuel");
  global.value = spec.fuel.remaining;
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
