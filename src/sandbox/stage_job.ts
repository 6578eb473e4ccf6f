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
  RequestOf,
  SampleMeasurement,
  SessionContractName,
  SessionContracts,
  StageOutput,
} from "../contracts/mod.ts";

/**
 * One-shot contracts: a fresh instance per job. `bench` is `run` timed inside the worker (see
 * src/contracts/bench_abi.ts).
 */
export type ContractName = "run" | "bench";

/** Session contracts: one instance, many calls (see src/contracts/sessions.ts). */
export type { SessionContractName };

/** The options session contract `K` is opened with. */
export type SessionOptions<K extends SessionContractName> = SessionContracts[K]["options"];

/** Any request of session contract `K` (every one has an `op`, which `Extract` tells the checker). */
export type SessionRequestOf<K extends SessionContractName> = Extract<
  RequestOf<SessionContracts[K]["calls"]>,
  { readonly op: string }
>;

/** What to instantiate, and under which limits. */
export interface InstanceSpec {
  /** The compiled (instrumented) module. */
  readonly module: WebAssembly.Module;
  /** Its exports, imports and added sandbox exports. */
  readonly layout: ModuleLayout;
  /** Only used to word the time-limit message. */
  readonly timeLimitMs: number;
  /** Fuel: the whole budget (for the message) and what this instance may still spend. */
  readonly fuel: { readonly budget: bigint; readonly remaining: bigint } | undefined;
}

/** One execution: a fresh instance of `module`, one contract, one input. */
export interface StageJob extends InstanceSpec {
  /** Tells the worker this is a job. */
  readonly type: "job";
  /** Matches the reply to the request. */
  readonly requestId: number;
  /** The one-shot contract to apply. */
  readonly contract: ContractName;
  /** Transferred to the worker. */
  readonly input: Uint8Array;
}

/** One instance of a session: its module, and what errors call it. */
export interface SessionModule {
  /** The compiled (instrumented) module. */
  readonly module: WebAssembly.Module;
  /** Its exports, imports and added sandbox exports. */
  readonly layout: ModuleLayout;
  /** Names the instance in instantiation errors (such as `stage 1 (blur.wasm)`). */
  readonly label?: string;
}

/**
 * Opens a session on `modules`, one instance each, which the contract instantiates (and runs
 * the start functions of) as it opens; each instance's cancel flag is armed before it runs.
 */
export type SessionOpen = {
  readonly [K in SessionContractName]: Omit<InstanceSpec, "module" | "layout"> & {
    readonly modules: readonly SessionModule[];
    readonly type: "open";
    readonly requestId: number;
    readonly sessionId: number;
    readonly contract: K;
    /** Contract-specific options for opening (structured-cloneable). */
    readonly options: SessionOptions<K>;
  };
}[SessionContractName];

/**
 * One call on an open session; `payload` is one of the contract's requests (typed where the
 * session is, in `StageSession`; the worker dispatches it by its `op`).
 */
export interface SessionCall {
  readonly type: "call";
  readonly requestId: number;
  readonly sessionId: number;
  readonly payload: { readonly op: string };
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
