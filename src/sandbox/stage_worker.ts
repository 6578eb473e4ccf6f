/**
 * The worker every module runs in. It is created with `permissions: "none"` and only ever
 * sees bytes: a compiled module, the contract to apply, input buffers. Keep it small so it
 * spawns fast.
 *
 * @module
 */

/// <reference lib="deno.worker" />

import {
  answerCall,
  type GuestContext,
  type ModuleImport,
  runBenchContract,
  runRunContract,
  SESSION_CONTRACTS,
  type SessionCalls,
  type SessionHandler,
  type SessionInstances,
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
  CONTROL_WORD,
  type InstanceSpec,
  type JobResult,
  type SessionCall,
  type SessionOpen,
  type StageJob,
  WORKER_RETIRED,
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
const sessions = new Map<
  number,
  { instances: LiveInstance[]; handler: SessionHandler<SessionCalls> }
>();

/** The host's control word (see `WorkerControl`); set once the host gave up on this worker. */
let control: Int32Array | undefined;

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (request.type === "control") {
    control = new Int32Array(request.control, 0, CONTROL_WORD.count);
    return;
  }
  // Retired: whatever was queued behind the stuck module was already failed on the host.
  if (control !== undefined && Atomics.load(control, CONTROL_WORD.retired) === WORKER_RETIRED) {
    return;
  }
  switch (request.type) {
    case "job":
      return releaseAfter(reply(request.requestId, () => runJob(request)));
    case "open":
      reply(request.requestId, () => openSession(request));
      return;
    case "call":
      reply(request.requestId, () => callSession(request));
      return;
    case "close": {
      const closed = sessions.get(request.sessionId);
      sessions.delete(request.sessionId);
      const held = closed?.instances ?? [];
      return releaseAfter(held.reduce((sum, { context }) => sum + memoryBytes(context.exports), 0));
    }
  }
};

self.postMessage({ type: "ready" } satisfies WorkerReply);

/**
 * Dropped instances are garbage that V8 frees late: their linear memory stays resident until a
 * full collection notices them (a young one does not reach wasm instances and memories). A chain
 * of four stages that each touched 256 MiB peaked at 830 MiB (one stage alone: 318 MiB), and
 * `qip dev` grew to 1.9 GB over 40 requests; with 8 MiB stages it still reached 514 MiB. So a
 * full collection runs, after the reply is posted and before the next request starts, when the
 * dropped instance's memories reach {@linkcode LARGE_INSTANCE_BYTES} (a chain's peak stays near
 * its largest stage's) or when the memories dropped since the last one reach
 * {@linkcode GARBAGE_BUDGET_BYTES} (a worker's garbage stays bounded whatever the sizes). The
 * worker's heap is small, so it takes a few ms. A young collection every
 * {@linkcode JOBS_PER_COLLECTION} jobs takes care of the JavaScript garbage of small jobs: a
 * 60 s `qip dev` soak of recipe chains grew from 88 to 305 MiB without it, and stayed at 85 to
 * 174 MiB with it. `gc` exists when the host runs with `--expose-gc`
 * (scripts/runtime-flags.txt); modules cannot reach it.
 */
const LARGE_INSTANCE_BYTES = 16 * 1024 * 1024;
const GARBAGE_BUDGET_BYTES = 64 * 1024 * 1024;
const JOBS_PER_COLLECTION = 256;
const collectGarbage = (globalThis as { gc?: (options: { type: "minor" | "major" }) => void })
  .gc;
let jobsSinceCollection = 0;
let droppedBytes = 0;

/** Collects after dropping an instance whose memories held `bytes`, when due. */
function releaseAfter(bytes: number): void {
  if (collectGarbage === undefined) return;
  droppedBytes += bytes;
  if (bytes >= LARGE_INSTANCE_BYTES || droppedBytes >= GARBAGE_BUDGET_BYTES) {
    jobsSinceCollection = 0;
    droppedBytes = 0;
    collectGarbage({ type: "major" });
    if (control !== undefined) Atomics.add(control, CONTROL_WORD.fullCollections, 1);
    return;
  }
  if (++jobsSinceCollection < JOBS_PER_COLLECTION) return;
  jobsSinceCollection = 0;
  collectGarbage({ type: "minor" });
}

/** The bytes of every memory an instance exports (the module's and the cancel flag's). */
function memoryBytes(exports: WebAssembly.Exports): number {
  let bytes = 0;
  for (const value of Object.values(exports)) {
    if (value instanceof WebAssembly.Memory) bytes += value.buffer.byteLength;
  }
  return bytes;
}

/**
 * Runs `work` and posts its result, its typed failure, or a crash (a qip bug). Returns the
 * bytes of memory the instance held, so a job's caller can release them.
 */
function reply(
  requestId: number,
  work: () => { result: unknown; transfer: readonly ArrayBuffer[]; instance: LiveInstance },
): number {
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
    return memoryBytes(instance.context.exports);
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
      // Failing to instantiate may still have allocated memory, of a size not known here.
      return instance === undefined ? LARGE_INSTANCE_BYTES : memoryBytes(instance.context.exports);
    }
    const message = error instanceof Error ? error.stack ?? error.message : String(error);
    self.postMessage({ type: "crashed", requestId, message } satisfies WorkerReply);
    return LARGE_INSTANCE_BYTES;
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

/**
 * Opens the contract `open` names on its modules: the contract instantiates them one by one
 * (each armed before it runs), so a failure comes out where the spec's order puts it.
 */
function openSession(open: SessionOpen) {
  const { modules, timeLimitMs, fuel } = open;
  const instances: LiveInstance[] = [];
  const label = (index: number) => modules[index]?.label;
  const instantiate = (index: number): GuestContext => {
    const spec = modules[index];
    if (spec === undefined) throw new Error(`no module ${index} in the session`);
    try {
      const instance = instantiateArmed({ ...spec, timeLimitMs, fuel }, open.requestId);
      instances.push(instance);
      return instance.context;
    } catch (error) {
      throw named(error, spec.label);
    }
  };
  try {
    const handler = openContract(open, { count: modules.length, instantiate, label });
    sessions.set(open.sessionId, { instances, handler });
    return { result: undefined, transfer: [], instance: instances[0]! };
  } catch (error) {
    const last = instances.at(-1);
    throw last === undefined || error instanceof FailedOn ? error : new FailedOn(last, error);
  }
}

/** An instantiation failure of a labelled instance names it (`…: stage 1 (blur.wasm)`). */
function named(error: unknown, label: string | undefined): unknown {
  if (label === undefined) return error;
  const cause = error instanceof FailedOn ? error.cause : error;
  if (!(cause instanceof QipError) || cause.kind !== "instantiate") return error;
  const labelled = cause.withContext(label);
  return error instanceof FailedOn ? new FailedOn(error.instance, labelled) : labelled;
}

/**
 * Opens the contract `open` names with the options it carries. The message pairs the two (see
 * `SessionOpen`), which indexing the registry by a runtime name cannot show the type checker.
 */
function openContract(open: SessionOpen, instances: SessionInstances) {
  const factory = SESSION_CONTRACTS[open.contract] as unknown as (
    instances: SessionInstances,
    options: SessionOpen["options"],
  ) => SessionHandler<SessionCalls>;
  return factory(instances, open.options);
}

function callSession(call: SessionCall) {
  const session = sessions.get(call.sessionId);
  if (session === undefined) throw new Error(`no open session ${call.sessionId}`);
  try {
    const answer = answerCall(session.handler, call.payload);
    const instance = session.instances[0]!;
    return { result: answer.result, transfer: answer.transfer ?? [], instance };
  } catch (error) {
    throw new FailedOn(session.instances[0]!, error);
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
