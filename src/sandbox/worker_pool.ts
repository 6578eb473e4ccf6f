/**
 * A fixed set of stage workers, spawned at once so their start-up overlaps the host's reading
 * and compiling. Jobs go to the least busy worker; sessions stay on the worker that opened
 * them. A request's `signal` interrupts its module through the instance's cancel flag, never
 * through `Worker.terminate()` (which cannot stop a spinning wasm loop in Deno 2.9).
 *
 * Nothing waits forever on a worker:
 * - a result that arrives after the deadline is the time-limit error, never a success;
 * - a worker that fails to start, or dies, fails what it was running and what is sent to it
 *   afterwards with one line; one that does not say it is ready within `startTimeoutMs` is
 *   given up too;
 * - a module that ignores its cancel flag for `interruptGraceMs` (straight-line code with no
 *   check point) gets its request failed with the time-limit error and its worker *stuck*: it
 *   is retired (it runs nothing more), replaced at once, and terminated as soon as it answers,
 *   which is when its thread is free again. While `maxStuckWorkers` are stuck, new requests are
 *   refused rather than piling up threads and their memories.
 *
 * @module
 */

import { deserializeError, QipError, timeLimitExceeded } from "../errors.ts";
import { deadlinePassed } from "./deadline.ts";
import { spawnStageWorker } from "./spawn_worker.ts";
import type { ReplyOf, SessionContracts } from "../contracts/mod.ts";
import {
  CANCEL_REASON,
  CONTROL_WORD,
  type InstanceSpec,
  type JobResult,
  type SessionContractName,
  type SessionModule,
  type SessionOpen,
  type SessionOptions,
  type SessionRequestOf,
  type StageJob,
  WORKER_RETIRED,
  type WorkerReply,
  type WorkerRequest,
} from "./stage_job.ts";

/** A job as callers describe it; the pool assigns the id. */
export type StageJobRequest = Omit<StageJob, "type" | "requestId">;

/** A finished job. */
export interface StageJobResult {
  /** The output; for a `bench` job also its measurement. */
  readonly output: JobResult;
  /** Fuel left after the job, when fuel is metered. */
  readonly fuelLeft: bigint | undefined;
}

/**
 * A session of contract `K` as callers describe it: on one module (`module`, `layout`), or on
 * several (`modules`: a tile block owns one instance per stage).
 */
export type SessionRequest<K extends SessionContractName> =
  & Omit<InstanceSpec, "module" | "layout">
  & {
    /** The session contract to open. */
    readonly contract: K;
    /** Contract-specific options for opening. */
    readonly options?: SessionOptions<K>;
    /** Open on this worker (0 … size-1) instead of the least busy one. */
    readonly workerIndex?: number;
  }
  & (
    | Pick<InstanceSpec, "module" | "layout">
    | { readonly modules: readonly SessionModule[] }
  );

/** Options for {@linkcode WorkerPool}. */
export interface WorkerPoolOptions {
  /** How many workers to keep. @default {1} */
  readonly size?: number;
  /**
   * How long to wait for a module to trap after it was interrupted before the worker is given
   * up and replaced. Preemption makes this a safety net only. @default {2000}
   */
  readonly interruptGraceMs?: number;
  /**
   * How many workers may be stuck in a module that ignored its time limit before new requests
   * are refused. @default {2 × size}
   */
  readonly maxStuckWorkers?: number;
  /** How long a worker may take to load its script before it is given up. @default {10000} */
  readonly startTimeoutMs?: number;
  /** Spawn workers from this script instead of the stage worker's (tests: a broken worker). */
  readonly scriptUrl?: string;
}

/** A request in flight on one worker. */
interface Pending {
  readonly timeLimitMs: number;
  readonly resolve: (reply: { result: unknown; fuelLeft: bigint | undefined }) => void;
  readonly reject: (error: Error) => void;
  /** The instance's cancel flag, once the worker has armed it. */
  flag: CancelFlag;
  /** The request's deadline: a result after it is the time-limit error. */
  readonly signal: AbortSignal | undefined;
}

/**
 * The cancel flags of a job's or a session's instances (a tile block has one per stage), which
 * may arrive after the host already wants to interrupt; interrupting sets every one.
 */
class CancelFlag {
  readonly #flags: Int32Array[] = [];
  #interrupted = false;

  arm(buffer: SharedArrayBuffer): void {
    const flag = new Int32Array(buffer, 0, 1);
    this.#flags.push(flag);
    if (this.#interrupted) Atomics.store(flag, 0, CANCEL_REASON.timeLimit);
  }

  interrupt(): void {
    this.#interrupted = true;
    for (const flag of this.#flags) Atomics.store(flag, 0, CANCEL_REASON.timeLimit);
  }
}

/** One worker and the requests it is running or has queued. */
class PoolWorker {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  readonly pending = new Map<number, Pending>();
  /** Why the worker can take no more requests, once it failed to start or died. */
  failure: Error | undefined;
  /** The worker's control words (see `WorkerControl`). */
  readonly #control = new Int32Array(new SharedArrayBuffer(4 * CONTROL_WORD.count));
  readonly #startTimer: ReturnType<typeof setTimeout>;

  constructor(
    onReply: (slot: PoolWorker, reply: WorkerReply) => void,
    options: {
      readonly startTimeoutMs: number;
      readonly scriptUrl: string | undefined;
      /** Called once if the worker fails to start or dies. */
      readonly onFailed: (slot: PoolWorker) => void;
    },
  ) {
    const { promise, resolve, reject } = Promise.withResolvers<void>();
    this.ready = promise;
    this.ready.catch(() => {}); // surfaced through the requests that were running
    let started = false;
    const fail = (message: string) => {
      clearTimeout(this.#startTimer);
      this.failure ??= new Error(
        started ? `stage worker died: ${message}` : `stage worker failed to start: ${message}`,
      );
      reject(this.failure);
      this.failAll(this.failure);
      this.worker.terminate();
      options.onFailed(this);
    };
    this.worker = spawnStageWorker({
      onmessage: (event: MessageEvent<WorkerReply>) => {
        if (event.data.type !== "ready") return onReply(this, event.data);
        started = true;
        clearTimeout(this.#startTimer);
        resolve();
      },
      onerror: (event: ErrorEvent) => {
        event.preventDefault();
        fail(event.message);
      },
    }, options.scriptUrl);
    this.#startTimer = setTimeout(
      () => fail(`it did not load its script within ${options.startTimeoutMs} ms`),
      options.startTimeoutMs,
    );
    this.worker.postMessage(
      {
        type: "control",
        control: this.#control.buffer as SharedArrayBuffer,
      } satisfies WorkerRequest,
    );
  }

  get retired(): boolean {
    return Atomics.load(this.#control, CONTROL_WORD.retired) === WORKER_RETIRED;
  }

  /** How many full collections the worker ran after dropping a large instance. */
  get fullCollections(): number {
    return Atomics.load(this.#control, CONTROL_WORD.fullCollections);
  }

  /** Stops the worker from running anything more; it stays alive until it answers. */
  retire(): void {
    Atomics.store(this.#control, CONTROL_WORD.retired, WORKER_RETIRED);
    clearTimeout(this.#startTimer);
  }

  failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }

  terminate(): void {
    clearTimeout(this.#startTimer);
    this.worker.terminate();
  }
}

/**
 * Runs stage jobs and sessions on a fixed set of permission-less workers.
 *
 * @example Run one stage
 * ```ts
 * import assert from "node:assert/strict";
 * import { compileStage } from "./compile_stage.ts";
 * import { WorkerPool } from "./worker_pool.ts";
 * const bytes = await Deno.readFile("examples/hello.wasm");
 * const stage = await compileStage(bytes, { source: "examples/hello.wasm", digest: "" }, {
 *   memoryLimitPages: 256,
 *   fuel: false,
 * });
 * const pool = new WorkerPool({ size: 1 });
 * try {
 *   const input = new TextEncoder().encode("World");
 *   const { module, layout } = stage;
 *   const request = { module, layout, contract: "run", input, timeLimitMs: 100 } as const;
 *   const { output } = await pool.run({ ...request, fuel: undefined }, AbortSignal.timeout(100));
 *   assert.ok(output.kind === "bytes");
 *   assert.equal(new TextDecoder().decode(output.bytes), "Hello, World");
 * } finally {
 *   pool.close();
 * }
 * ```
 */
export class WorkerPool {
  readonly #workers: PoolWorker[] = [];
  /** Retired workers whose module ignored its time limit and has not answered yet. */
  readonly #stuck = new Set<PoolWorker>();
  readonly #interruptGraceMs: number;
  readonly #maxStuckWorkers: number;
  readonly #startTimeoutMs: number;
  readonly #scriptUrl: string | undefined;
  #nextId = 1;
  #closed = false;

  /** Spawns `options.size` workers at once. */
  constructor(options: WorkerPoolOptions = {}) {
    const { size = 1, interruptGraceMs = 2000, startTimeoutMs = 10_000, scriptUrl } = options;
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError(`Cannot create a worker pool of ${size} workers: size must be >= 1`);
    }
    this.#interruptGraceMs = interruptGraceMs;
    this.#maxStuckWorkers = options.maxStuckWorkers ?? 2 * size;
    this.#startTimeoutMs = startTimeoutMs;
    this.#scriptUrl = scriptUrl;
    for (let index = 0; index < size; index++) this.#workers.push(this.#spawn());
  }

  /** How many workers the pool keeps. */
  get size(): number {
    return this.#workers.length;
  }

  /**
   * How many workers are stuck in a module that ignored its time limit: retired and replaced,
   * but their thread (and the instance's memory) lives until the module's code returns.
   */
  get stuckWorkers(): number {
    return this.#stuck.size;
  }

  /**
   * How many full collections the current workers ran to release a large instance (one of
   * 16 MiB or more) as soon as it was dropped; always 0 unless the host runs with
   * `--v8-flags=--expose-gc`.
   */
  get fullCollections(): number {
    return this.#workers.reduce((sum, slot) => sum + slot.fullCollections, 0);
  }

  /** Resolves once every worker has loaded its script (so file reads can be revoked). */
  async ready(): Promise<void> {
    await Promise.all(this.#workers.map((slot) => slot.ready));
  }

  /**
   * Runs one job on a fresh instance. The input's buffer is transferred to the worker (the
   * caller's view is detached afterwards). When `signal` aborts, the module is interrupted and
   * the job rejects with the time-limit error; a job that would start after the abort never
   * runs.
   *
   * @throws {QipError} the module's failure, or the time-limit error.
   */
  async run(request: StageJobRequest, signal?: AbortSignal): Promise<StageJobResult> {
    const input = ownedBuffer(request.input);
    const reply = await this.#send(
      this.#leastBusy(),
      (requestId) => ({ ...request, input, type: "job", requestId }),
      [input.buffer as ArrayBuffer],
      { timeLimitMs: request.timeLimitMs, flag: new CancelFlag(), signal },
    );
    return { output: reply.result as JobResult, fuelLeft: reply.fuelLeft };
  }

  /**
   * Opens a session: one instance that answers many calls until it is closed. `signal`
   * interrupts the instance for good: the running call and every later one fail with the
   * time-limit error.
   *
   * @throws {QipError} instantiation and contract failures, or the time-limit error.
   */
  async openSession<K extends SessionContractName>(
    request: SessionRequest<K>,
    signal?: AbortSignal,
  ): Promise<StageSession<K>> {
    const { workerIndex, options, contract, timeLimitMs, fuel } = request;
    const modules = "modules" in request
      ? request.modules
      : [{ module: request.module, layout: request.layout }];
    const slot = workerIndex === undefined ? this.#leastBusy() : this.#slotFor(workerIndex);
    if (slot === undefined) {
      throw new RangeError(
        `Cannot open a session on worker ${workerIndex}: the pool has ${this.size}`,
      );
    }
    const sessionId = this.#nextId++;
    const flag = new CancelFlag();
    await this.#send(
      slot,
      (requestId) =>
        ({
          type: "open",
          requestId,
          sessionId,
          contract,
          options,
          modules,
          timeLimitMs,
          fuel,
        }) as SessionOpen,
      [],
      { timeLimitMs, flag, signal },
    );
    return new StageSession<K>({
      call: (payload, transfer) =>
        this.#send(
          slot,
          (requestId) => ({ type: "call", requestId, sessionId, payload }),
          transfer,
          { timeLimitMs, flag, signal },
        ),
      close: () => {
        if (!this.#closed && this.#workers.includes(slot)) {
          slot.worker.postMessage({ type: "close", sessionId } satisfies WorkerRequest);
        }
      },
    });
  }

  /** Terminates every worker, stuck ones too; requests still in flight reject. */
  close(): void {
    this.#closed = true;
    for (const slot of [...this.#workers, ...this.#stuck]) {
      slot.terminate();
      slot.failAll(new Error("worker pool closed"));
    }
    this.#workers.length = 0;
    this.#stuck.clear();
  }

  /** {@linkcode WorkerPool.close}, for `using pool = new WorkerPool(…)`. */
  [Symbol.dispose](): void {
    this.close();
  }

  async #send(
    slot: PoolWorker,
    build: (requestId: number) => WorkerRequest,
    transfer: readonly ArrayBuffer[],
    { timeLimitMs, flag, signal }: { timeLimitMs: number; flag: CancelFlag; signal?: AbortSignal },
  ): Promise<{ result: unknown; fuelLeft: bigint | undefined }> {
    if (this.#closed) throw new Error("worker pool is closed");
    if (signal?.aborted) throw timeLimitExceeded(timeLimitMs);
    if (slot.failure !== undefined) throw slot.failure;
    if (slot.retired) throw timeLimitExceeded(timeLimitMs); // a session's stuck worker
    const requestId = this.#nextId++;
    const { promise, resolve, reject } = Promise.withResolvers<
      { result: unknown; fuelLeft: bigint | undefined }
    >();
    slot.pending.set(requestId, { timeLimitMs, resolve, reject, flag, signal });
    let graceTimer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      flag.interrupt();
      graceTimer = setTimeout(() => this.#abandon(slot, requestId), this.#interruptGraceMs);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      slot.worker.postMessage(build(requestId), [...transfer]);
      return await promise;
    } finally {
      signal?.removeEventListener("abort", onAbort);
      clearTimeout(graceTimer);
      slot.pending.delete(requestId);
    }
  }

  #onReply(slot: PoolWorker, reply: WorkerReply): void {
    if (reply.type === "ready") return;
    if (this.#stuck.delete(slot)) {
      // The stuck module returned at last: its thread is free, so terminating it now works.
      slot.terminate();
      return;
    }
    const pending = slot.pending.get(reply.requestId);
    if (pending === undefined) return;
    switch (reply.type) {
      case "armed":
        pending.flag.arm(reply.cancelFlag);
        return;
      case "done":
        // The module may have run past its deadline in code with no check point.
        if (deadlinePassed(pending.signal)) pending.reject(timeLimitExceeded(pending.timeLimitMs));
        else pending.resolve({ result: reply.result, fuelLeft: reply.fuelLeft });
        return;
      case "failed":
        pending.reject(deserializeError(reply.error));
        return;
      case "crashed":
        pending.reject(new Error(`stage worker crashed: ${reply.message}`));
        return;
    }
  }

  /**
   * A module that ignores its cancel flag past the grace period (straight-line code with no
   * check point): fail its request with the time-limit error and everything queued behind it,
   * retire its worker and put a fresh one in its place. `Worker.terminate()` cannot stop the
   * module, so the worker is kept (and counted) until it answers, and terminated then.
   */
  #abandon(slot: PoolWorker, requestId: number): void {
    const stuck = slot.pending.get(requestId);
    if (stuck === undefined) return;
    slot.pending.delete(requestId);
    stuck.reject(timeLimitExceeded(stuck.timeLimitMs));
    slot.retire();
    slot.failAll(timeLimitExceeded(stuck.timeLimitMs));
    const index = this.#workers.indexOf(slot);
    if (index < 0 || this.#closed) {
      slot.terminate();
      return;
    }
    this.#stuck.add(slot);
    this.#workers[index] = this.#spawn();
  }

  #spawn(): PoolWorker {
    return new PoolWorker((from, reply) => this.#onReply(from, reply), {
      startTimeoutMs: this.#startTimeoutMs,
      scriptUrl: this.#scriptUrl,
      // A stuck worker that dies instead of answering is gone all the same.
      onFailed: (slot) => this.#stuck.delete(slot),
    });
  }

  /**
   * The worker at `index` for a new request. One that failed to start or died is replaced by a
   * fresh one (a request sent to a worker that fails too fails with it: one line, no wait).
   *
   * @throws {QipError} kind `time_limit` while `maxStuckWorkers` workers are stuck.
   */
  #slotFor(index: number): PoolWorker | undefined {
    if (this.#closed) throw new Error("worker pool is closed");
    if (this.#stuck.size >= this.#maxStuckWorkers) {
      throw new QipError(
        "time_limit",
        `Cannot run the module: ${this.#stuck.size} workers are still running modules that ` +
          "ignored their time limit",
      );
    }
    const slot = this.#workers[index];
    if (slot === undefined || slot.failure === undefined) return slot;
    return this.#workers[index] = this.#spawn();
  }

  /** The worker with the fewest requests in flight (the first on ties). */
  #leastBusy(): PoolWorker {
    let best = 0;
    for (let index = 1; index < this.#workers.length; index++) {
      if (this.#workers[index]!.pending.size < this.#workers[best]!.pending.size) best = index;
    }
    const slot = this.#slotFor(best);
    if (slot === undefined) throw new Error("worker pool is closed");
    return slot;
  }
}

/**
 * One instance of session contract `K` on one worker, answering calls in order until closed.
 * Each request resolves to the result its contract declares for it (see `SessionContracts`).
 */
export class StageSession<K extends SessionContractName> {
  readonly #call: (
    payload: SessionRequestOf<K>,
    transfer: readonly ArrayBuffer[],
  ) => Promise<{ result: unknown }>;
  readonly #close: () => void;
  #closed = false;

  /** Made by {@linkcode WorkerPool.openSession}. */
  constructor(parts: {
    call: (
      payload: SessionRequestOf<K>,
      transfer: readonly ArrayBuffer[],
    ) => Promise<{ result: unknown }>;
    close: () => void;
  }) {
    this.#call = parts.call;
    this.#close = parts.close;
  }

  /**
   * Sends one request to the contract and resolves to its result. Buffers in `transfer` are
   * moved to the worker.
   *
   * @throws {QipError} the contract's failure, a trap, or the time-limit error.
   */
  async call<R extends SessionRequestOf<K>>(
    payload: R,
    transfer: readonly ArrayBuffer[] = [],
  ): Promise<ReplyOf<SessionContracts[K]["calls"], R>> {
    if (this.#closed) throw new Error("session is closed");
    // The worker answered with the result the contract declares for this request.
    return (await this.#call(payload, transfer)).result as ReplyOf<
      SessionContracts[K]["calls"],
      R
    >;
  }

  /** Drops the instance. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#close();
  }

  /** {@linkcode StageSession.close}, for `using`. */
  [Symbol.dispose](): void {
    this.close();
  }
}

/** The input must own its whole buffer to be transferred; copy views of larger buffers. */
function ownedBuffer(bytes: Uint8Array): Uint8Array {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes;
  return bytes.slice();
}
