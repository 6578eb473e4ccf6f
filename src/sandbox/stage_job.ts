/**
 * The messages between the host and a stage worker. The worker is dumb: it gets a compiled
 * module, the contract to apply, its limits and bytes, and answers with bytes or a typed error.
 *
 * Two shapes of work share one protocol:
 * - a **job** instantiates a fresh instance, applies a one-shot contract (`run`) and drops it;
 * - a **session** instantiates once (`open`), then answers any number of `call`s on the same
 *   instance (tiles of one image, the steps of a form) until `close`.
 *
 * @module
 */

import type { SerializedError } from "../errors.ts";
import type {
  ModuleLayout,
  SampleMeasurement,
  SessionContractName,
  StageOutput,
} from "../contracts/mod.ts";

/**
 * One-shot contracts: a fresh instance per job. `bench` is `run` timed inside the worker (see
 * src/contracts/bench_abi.ts).
 */
export type ContractName = "run" | "bench";

/** Session contracts: one instance, many calls (see src/contracts/sessions.ts). */
export type { SessionContractName };

/** What to instantiate, and under which limits. */
export interface InstanceSpec {
  readonly module: WebAssembly.Module;
  readonly layout: ModuleLayout;
  /** Only used to word the time-limit message. */
  readonly timeLimitMs: number;
  /** Fuel: the whole budget (for the message) and what this instance may still spend. */
  readonly fuel: { readonly budget: bigint; readonly remaining: bigint } | undefined;
}

/** One execution: a fresh instance of `module`, one contract, one input. */
export interface StageJob extends InstanceSpec {
  readonly type: "job";
  readonly requestId: number;
  readonly contract: ContractName;
  /** Transferred to the worker. */
  readonly input: Uint8Array;
}

/** Opens a session: instantiate, run the start functions, then prepare the contract. */
export interface SessionOpen extends InstanceSpec {
  readonly type: "open";
  readonly requestId: number;
  readonly sessionId: number;
  readonly contract: SessionContractName;
  /** Contract-specific options for opening (structured-cloneable). */
  readonly options: unknown;
}

/** One call on an open session; `payload` is the contract's request. */
export interface SessionCall {
  readonly type: "call";
  readonly requestId: number;
  readonly sessionId: number;
  readonly payload: unknown;
}

/** Drops a session's instance. */
export interface SessionClose {
  readonly type: "close";
  readonly sessionId: number;
}

/**
 * Sent once, first: two shared i32 words ({@linkcode CONTROL_WORD}). The host sets the first to
 * {@linkcode WORKER_RETIRED} when it gave up on the worker because a module ignored its cancel
 * flag: a retired worker runs nothing more, and the host terminates it as soon as it answers,
 * which tells the host its thread is free again. The worker counts its full collections in the
 * second.
 */
export interface WorkerControl {
  readonly type: "control";
  readonly control: SharedArrayBuffer;
}

/** Where each word of the control buffer is. */
export const CONTROL_WORD = Object.freeze({ retired: 0, fullCollections: 1, count: 2 });

/** The value of the first control word once the host retired the worker. */
export const WORKER_RETIRED = 1;

/** Everything the host sends to a worker. */
export type WorkerRequest = StageJob | SessionOpen | SessionCall | SessionClose | WorkerControl;

/** What a worker sends back. Every reply but `ready` answers one request by its id. */
export type WorkerReply =
  /** The worker's script is loaded and it accepts requests. */
  | { readonly type: "ready" }
  /**
   * The instance exists and no module code has run yet: the host may now interrupt it by
   * setting the first i32 of `cancelFlag` (for a session, every later call too).
   */
  | { readonly type: "armed"; readonly requestId: number; readonly cancelFlag: SharedArrayBuffer }
  | {
    readonly type: "done";
    readonly requestId: number;
    /** A job's {@linkcode StageOutput}; an open's or a call's contract result. */
    readonly result: unknown;
    readonly fuelLeft: bigint | undefined;
  }
  | {
    readonly type: "failed";
    readonly requestId: number;
    readonly error: SerializedError;
    readonly fuelLeft: bigint | undefined;
  }
  /** A bug in qip itself (not the module): the host exits 2. */
  | { readonly type: "crashed"; readonly requestId: number; readonly message: string };

/** A finished job's result; a `bench` job's output also carries its measurement. */
export type JobResult = StageOutput & { readonly measurement?: SampleMeasurement };

/**
 * Values a host stores in the cancel flag (0, its initial value, means "run on"); the module
 * traps at its next check point.
 */
export const CANCEL_REASON = Object.freeze({ timeLimit: 1 });
