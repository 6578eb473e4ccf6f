/**
 * A fixed set of stage workers, spawned at once so their start-up overlaps the host's reading
 * and compiling. Jobs wait for a free worker; a job's `signal` interrupts the running module
 * through its cancel flag, never through `Worker.terminate()` (which cannot stop a spinning
 * wasm loop in Deno 2.9).
 *
 * @module
 */

import { deserializeError, timeLimitExceeded } from "../errors.ts";
import type { StageOutput } from "../contracts/mod.ts";
import { spawnStageWorker } from "./spawn_worker.ts";
import { CANCEL_REASON, type StageJob, type WorkerReply } from "./stage_job.ts";

/** A job as callers describe it; the pool assigns the id. */
export type StageJobRequest = Omit<StageJob, "type" | "jobId">;

/** A finished job. */
export interface StageJobResult {
  readonly output: StageOutput;
  readonly fuelLeft: bigint | undefined;
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

interface PendingJob {
  readonly jobId: number;
  readonly timeLimitMs: number;
  readonly resolve: (result: StageJobResult) => void;
  readonly reject: (error: Error) => void;
  cancelFlag: Int32Array | undefined;
  interrupted: boolean;
}

/** One worker and the job it is running. */
class PoolWorker {
  readonly worker: Worker = spawnStageWorker();
  readonly ready: Promise<void>;
  job: PendingJob | undefined;

  constructor(onReply: (slot: PoolWorker, reply: WorkerReply) => void) {
    const { promise, resolve, reject } = Promise.withResolvers<void>();
    this.ready = promise;
    this.worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      if (event.data.type === "ready") resolve();
      else onReply(this, event.data);
    };
    this.worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      const error = new Error(`stage worker failed: ${event.message}`);
      reject(error);
      this.job?.reject(error);
      this.job = undefined;
    };
  }

  /** Asks the running module to stop at its next check point. */
  interrupt(): void {
    const job = this.job;
    if (job === undefined) return;
    job.interrupted = true;
    if (job.cancelFlag !== undefined) Atomics.store(job.cancelFlag, 0, CANCEL_REASON.timeLimit);
  }
}

/**
 * Runs stage jobs on a fixed set of permission-less workers.
 *
 * @example Run one stage
 * ```ts ignore
 * const pool = new WorkerPool({ size: 1 });
 * try {
 *   const { output } = await pool.run(request, AbortSignal.timeout(100));
 * } finally {
 *   pool.close();
 * }
 * ```
 */
export class WorkerPool {
  readonly #workers: PoolWorker[] = [];
  readonly #idle: PoolWorker[] = [];
  readonly #waiting: Array<(slot: PoolWorker) => void> = [];
  readonly #interruptGraceMs: number;
  #nextJobId = 1;
  #closed = false;

  constructor(options: WorkerPoolOptions = {}) {
    const { size = 1, interruptGraceMs = 2000 } = options;
    if (!Number.isInteger(size) || size < 1) {
      throw new RangeError(`Cannot create a worker pool of ${size} workers: size must be >= 1`);
    }
    this.#interruptGraceMs = interruptGraceMs;
    for (let index = 0; index < size; index++) this.#idle.push(this.#addWorker());
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
   * caller's view is detached afterwards). When `signal` aborts, the module is interrupted and the
   * job rejects with the time-limit error; a job that would start after the abort never runs.
   *
   * @throws {QipError} the module's failure, or the time-limit error.
   */
  async run(request: StageJobRequest, signal?: AbortSignal): Promise<StageJobResult> {
    if (this.#closed) throw new Error("worker pool is closed");
    if (signal?.aborted) throw timeLimitExceeded(request.timeLimitMs);
    const slot = await this.#acquire();
    const { promise, resolve, reject } = Promise.withResolvers<StageJobResult>();
    const job: PendingJob = {
      jobId: this.#nextJobId++,
      timeLimitMs: request.timeLimitMs,
      resolve,
      reject,
      cancelFlag: undefined,
      interrupted: false,
    };
    let graceTimer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      slot.interrupt();
      graceTimer = setTimeout(() => this.#abandon(slot), this.#interruptGraceMs);
    };
    try {
      if (signal?.aborted) throw timeLimitExceeded(request.timeLimitMs);
      signal?.addEventListener("abort", onAbort, { once: true });
      slot.job = job;
      const input = ownedBuffer(request.input);
      slot.worker.postMessage(
        { ...request, input, type: "job", jobId: job.jobId } satisfies StageJob,
        [
          input.buffer as ArrayBuffer,
        ],
      );
      return await promise;
    } finally {
      signal?.removeEventListener("abort", onAbort);
      clearTimeout(graceTimer);
      if (slot.job === job) slot.job = undefined;
      this.#release(slot);
    }
  }

  /** Terminates every worker. */
  close(): void {
    this.#closed = true;
    for (const slot of this.#workers) slot.worker.terminate();
    this.#workers.length = 0;
    this.#idle.length = 0;
  }

  #addWorker(): PoolWorker {
    const slot = new PoolWorker((from, reply) => this.#onReply(from, reply));
    slot.ready.catch(() => {}); // surfaced through the job that was running
    this.#workers.push(slot);
    return slot;
  }

  #onReply(slot: PoolWorker, reply: WorkerReply): void {
    const job = slot.job;
    if (reply.type === "ready" || job === undefined || reply.jobId !== job.jobId) return;
    switch (reply.type) {
      case "armed":
        job.cancelFlag = new Int32Array(reply.cancelFlag, 0, 1);
        if (job.interrupted) Atomics.store(job.cancelFlag, 0, CANCEL_REASON.timeLimit);
        return;
      case "done":
        job.resolve({ output: reply.output, fuelLeft: reply.fuelLeft });
        return;
      case "failed":
        job.reject(deserializeError(reply.error));
        return;
      case "crashed":
        job.reject(new Error(`stage worker crashed: ${reply.message}`));
        return;
    }
  }

  /** A module that ignores its cancel flag past the grace period: give up on its worker. */
  #abandon(slot: PoolWorker): void {
    const job = slot.job;
    if (job === undefined) return;
    slot.job = undefined;
    slot.worker.terminate();
    const index = this.#workers.indexOf(slot);
    if (index >= 0) this.#workers.splice(index, 1);
    job.reject(timeLimitExceeded(job.timeLimitMs));
    if (!this.#closed) this.#release(this.#addWorker());
  }

  async #acquire(): Promise<PoolWorker> {
    const slot = this.#idle.pop();
    if (slot !== undefined) return slot;
    return await new Promise<PoolWorker>((resolve) => this.#waiting.push(resolve));
  }

  /** Hands a free worker to the next waiting job, or back to the idle list. */
  #release(slot: PoolWorker): void {
    if (!this.#workers.includes(slot) || this.#closed) return;
    const waiter = this.#waiting.shift();
    if (waiter !== undefined) waiter(slot);
    else this.#idle.push(slot);
  }
}

/** The input must own its whole buffer to be transferred; copy views of larger buffers. */
function ownedBuffer(bytes: Uint8Array): Uint8Array {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) return bytes;
  return bytes.slice();
}
