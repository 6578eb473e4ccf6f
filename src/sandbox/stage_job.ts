/**
 * The messages between the host and a stage worker. The worker is dumb: it gets a compiled
 * module, the input bytes, the contract to apply and its limits, and answers with output bytes
 * or a typed error.
 *
 * @module
 */

import type { SerializedError } from "../errors.ts";
import type { ModuleLayout, StageOutput } from "../contracts/mod.ts";

/** The contracts a worker can apply to an instance. */
export type ContractName = "run";

/** One execution: a fresh instance of `module`, one contract, one input. */
export interface StageJob {
  readonly type: "job";
  readonly jobId: number;
  readonly module: WebAssembly.Module;
  readonly layout: ModuleLayout;
  readonly contract: ContractName;
  /** Transferred to the worker. */
  readonly input: Uint8Array;
  /** Only used to word the time-limit message. */
  readonly timeLimitMs: number;
  /** Fuel: the chain's whole budget (for the message) and what this job may still spend. */
  readonly fuel: { readonly budget: bigint; readonly remaining: bigint } | undefined;
}

/** What a worker sends back. */
export type WorkerReply =
  /** The worker's script is loaded and it accepts jobs. */
  | { readonly type: "ready" }
  /**
   * The instance exists and no module code has run yet: the host may now interrupt it by
   * setting the first i32 of `cancelFlag`.
   */
  | { readonly type: "armed"; readonly jobId: number; readonly cancelFlag: SharedArrayBuffer }
  | {
    readonly type: "done";
    readonly jobId: number;
    readonly output: StageOutput;
    readonly fuelLeft: bigint | undefined;
  }
  | {
    readonly type: "failed";
    readonly jobId: number;
    readonly error: SerializedError;
    readonly fuelLeft: bigint | undefined;
  }
  /** A bug in qip itself (not the module): the host exits 2. */
  | { readonly type: "crashed"; readonly jobId: number; readonly message: string };

/** Values a host stores in the cancel flag; the module traps at its next check point. */
export const CANCEL_REASON = Object.freeze({ none: 0, timeLimit: 1 });
