/**
 * A fixed set of stage workers, spawned at once so their start-up overlaps the host's reading
 * and compiling. Jobs go to the least busy worker; sessions stay on the worker that opened
 * them. A request's `signal` interrupts its module through the instance's cancel flag, never
 * through `Worker.terminate()` (which cannot stop a spinning wasm loop in Deno 2.9).
 *
 * @module
 */

import { deserializeError, timeLimitExceeded } from "../errors.ts";
import { spawnStageWorker } from "./spawn_worker.ts";
import {
  CANCEL_REASON,
  type InstanceSpec,
  type JobResult,
  type SessionContractName,
  type StageJob,
  type WorkerReply,
  type WorkerRequest,
} from "./stage_job.ts";

/** A job as callers describe it; the pool assigns the id. */
export type StageJobRequest = Omit<StageJob, "type" | "requestId">;

/** A finished job. */
export interface StageJobResult {
  /** The output; for a `bench` job also its measurement. */
  readonly output: JobResult;
  readonly fuelLeft: bigint | undefined;
}

/** A session as callers describe it. */
export interface SessionRequest extends InstanceSpec {
  readonly contract: SessionContractName;
  /** Contract-specific options for opening. */
  readonly options?: unknown;
  /** Open on this worker (0 … size-1) instead of the least busy one. */
  readonly workerIndex?: number;
}

/** Options for {@linkcode WorkerPool}. */
export interface WorkerPoolOptions {
  /** How many workers to keep. @default {1} */
  readonly size?: number;
  /**
   * How long to wait for a module to trap after it was interrupted before the worker is given
   * up and replaced. Preemption makes this a safety net only. @default {2000}
   */
  readonly interruptGraceMs?: number;
}

/** A request in flight on one worker. */
interface Pending {
  readonly timeLimitMs: number;
  readonly resolve: (reply: { result: unknown; fuelLeft: bigint | undefined }) => void;
  readonly reject: (error: Error) => void;
  /** The instance's cancel flag, once the worker has armed it. */
  flag: CancelFlag;
}

/** One instance's cancel flag, which may arrive after the host already wants to interrupt. */
class CancelFlag {
  #flag: Int32Array | undefined;
  #interrupted = false;

  arm(buffer: SharedArrayBuffer): void {
    this.#flag = new Int32Array(buffer, 0, 1);
    if (this.#interrupted) Atomics.store(this.#flag, 0, CANCEL_REASON.timeLimit);
  }

  interrupt(): void {
    this.#interrupted = true;
    if (this.#flag !== undefined) Atomics.store(this.#flag, 0, CANCEL_REASON.timeLimit);
  }
}

/** One worker and the requests it is running or has queued. */
class PoolWorker {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  readonly pending = new Map<number, Pending>();

  constructor(onReply: (slot: PoolWorker, reply: WorkerReply) => void) {
    const { promise, resolve, reject } = Promise.withResolvers<void>();
    this.ready = promise;
    this.ready.catch(() => {}); // surfaced through the requests that were running
    this.worker = spawnStageWorker({
      onmessage: (event: MessageEvent<WorkerReply>) => {
        if (event.data.type === "ready") resolve();
        else onReply(this, event.data);
      },
      onerror: (event: ErrorEvent) => {
        event.preventDefault();
        const error = new Error(`stage worker failed: ${event.message}`);
        reject(error);
        this.failAll(error);
      },
    });
  }

  failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
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
  readonly #interruptGraceMs: number;
  #nextId = 1;
  #closed = false;

  constructor(options: WorkerPoolOptions = {}) {
    const { size = 1, interruptGraceMs = 2000 } = options;
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError(`Cannot create a worker pool of ${size} workers: size must be >= 1`);
    }
    this.#interruptGraceMs = interruptGraceMs;
    for (let index = 0; index < size; index++) this.#workers.push(this.#spawn());
  }

  /** How many workers the pool keeps. */
  get size(): number {
    return this.#workers.length;
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
  async openSession(request: SessionRequest, signal?: AbortSignal): Promise<StageSession> {
    const { workerIndex, options, ...spec } = request;
    const slot = workerIndex === undefined ? this.#leastBusy() : this.#workers[workerIndex];
    if (slot === undefined) {
      throw new RangeError(
        `Cannot open a session on worker ${workerIndex}: the pool has ${this.size}`,
      );
    }
    const sessionId = this.#nextId++;
    const flag = new CancelFlag();
    const reply = await this.#send(
      slot,
      (requestId) => ({ ...spec, options, type: "open", requestId, sessionId }),
      [],
      { timeLimitMs: spec.timeLimitMs, flag, signal },
    );
    return new StageSession({
      opened: reply.result,
      call: (payload, transfer) =>
        this.#send(
          slot,
          (requestId) => ({ type: "call", requestId, sessionId, payload }),
          transfer,
          { timeLimitMs: spec.timeLimitMs, flag, signal },
        ),
      close: () => {
        if (!this.#closed && this.#workers.includes(slot)) {
          slot.worker.postMessage({ type: "close", sessionId } satisfies WorkerRequest);
        }
      },
    });
  }

  /** Terminates every worker; requests still in flight reject. */
  close(): void {
    this.#closed = true;
    for (const slot of this.#workers) {
      slot.worker.terminate();
      slot.failAll(new Error("worker pool closed"));
    }
    this.#workers.length = 0;
  }

  async #send(
    slot: PoolWorker,
    build: (requestId: number) => WorkerRequest,
    transfer: readonly ArrayBuffer[],
    { timeLimitMs, flag, signal }: { timeLimitMs: number; flag: CancelFlag; signal?: AbortSignal },
  ): Promise<{ result: unknown; fuelLeft: bigint | undefined }> {
    if (this.#closed) throw new Error("worker pool is closed");
    if (signal?.aborted) throw timeLimitExceeded(timeLimitMs);
    const requestId = this.#nextId++;
    const { promise, resolve, reject } = Promise.withResolvers<
      { result: unknown; fuelLeft: bigint | undefined }
    >();
    slot.pending.set(requestId, { timeLimitMs, resolve, reject, flag });
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
    const pending = slot.pending.get(reply.requestId);
    if (pending === undefined) return;
    switch (reply.type) {
      case "armed":
        pending.flag.arm(reply.cancelFlag);
        return;
      case "done":
        pending.resolve({ result: reply.result, fuelLeft: reply.fuelLeft });
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
   * A module that ignores its cancel flag past the grace period: give up on its worker (and
   * everything queued there) and put a fresh one in its place.
   */
  #abandon(slot: PoolWorker, requestId: number): void {
    const stuck = slot.pending.get(requestId);
    if (stuck === undefined) return;
    slot.pending.delete(requestId);
    stuck.reject(timeLimitExceeded(stuck.timeLimitMs));
    slot.worker.terminate();
    slot.failAll(new Error("stage worker was replaced after a module ignored its time limit"));
    const index = this.#workers.indexOf(slot);
    if (index >= 0 && !this.#closed) this.#workers[index] = this.#spawn();
  }

  #spawn(): PoolWorker {
    return new PoolWorker((from, reply) => this.#onReply(from, reply));
  }

  /** The worker with the fewest requests in flight (the first on ties). */
  #leastBusy(): PoolWorker {
    let best = this.#workers[0];
    if (best === undefined) throw new Error("worker pool is closed");
    for (const slot of this.#workers) {
      if (slot.pending.size < best.pending.size) best = slot;
    }
    return best;
  }
}

/**
 * One instance on one worker, answering calls in order until closed. Typed wrappers for each
 * session contract live with their users.
 */
export class StageSession {
  /** What the contract returned when the session opened. */
  readonly opened: unknown;
  readonly #call: (
    payload: unknown,
    transfer: readonly ArrayBuffer[],
  ) => Promise<{ result: unknown }>;
  readonly #close: () => void;
  #closed = false;

  constructor(parts: {
    opened: unknown;
    call: (payload: unknown, transfer: readonly ArrayBuffer[]) => Promise<{ result: unknown }>;
    close: () => void;
  }) {
    this.opened = parts.opened;
    this.#call = parts.call;
    this.#close = parts.close;
  }

  /**
   * Sends one request to the contract and resolves to its result. Buffers in `transfer` are
   * moved to the worker.
   *
   * @throws {QipError} the contract's failure, a trap, or the time-limit error.
   */
  async call(payload: unknown, transfer: readonly ArrayBuffer[] = []): Promise<unknown> {
    if (this.#closed) throw new Error("session is closed");
    return (await this.#call(payload, transfer)).result;
  }

  /** Drops the instance. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#close();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

/** The input must own its whole buffer to be transferred; copy views of larger buffers. */
function ownedBuffer(bytes: Uint8Array): Uint8Array {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes;
  return bytes.slice();
}
