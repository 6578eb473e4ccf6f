/**
 * The shape of a session contract: what the host may send to an open session and what each
 * request is answered with. One map per contract, so both ends are typed from one declaration.
 *
 * @module
 */

import type { GuestContext } from "./guest_call.ts";

/** One kind of call: the request the host sends, and the result the worker answers it with. */
export interface SessionCall<Request extends { readonly op: string }, Reply> {
  /** What the host sends; its `op` names the call. */
  readonly request: Request;
  /** What the worker answers it with. */
  readonly reply: Reply;
}

/** A contract's calls, by the `op` of their request. */
export type SessionCalls = { readonly [op: string]: SessionCall<{ readonly op: string }, unknown> };

/** Any request of `Calls`. */
export type RequestOf<Calls extends SessionCalls> = Calls[keyof Calls]["request"];

/** What the request `R` of `Calls` resolves to. */
export type ReplyOf<Calls extends SessionCalls, R extends RequestOf<Calls>> =
  Calls[R["op"]]["reply"];

/**
 * The instances a session owns, made one at a time by the contract as it opens (so that each is
 * instantiated, then prepared, before the next: the spec's order of errors). A form owns one; a
 * tile block one per stage.
 */
export interface SessionInstances {
  /** How many instances the session was opened with. */
  readonly count: number;
  /**
   * Instantiates instance `index` and runs its start functions.
   *
   * @throws {QipError} kind `instantiate`, naming the instance when it has a label.
   */
  instantiate(index: number): GuestContext;
  /** What errors call instance `index` (such as `stage 1 (blur.wasm)`), if anything. */
  label(index: number): string | undefined;
}

/** What a session call returns inside the worker: the result, and buffers to transfer. */
export interface SessionAnswer<Reply = unknown> {
  readonly result: Reply;
  readonly transfer?: readonly ArrayBuffer[];
}

/**
 * A live session on one instance, inside the worker: one function per call, each answering its
 * request or throwing `QipError` for contract failures and traps.
 */
export type SessionHandler<Calls extends SessionCalls> = {
  readonly [Op in keyof Calls]: (
    request: Calls[Op]["request"],
  ) => SessionAnswer<Calls[Op]["reply"]>;
};

/**
 * Answers `request` with the handler's function for its `op`.
 *
 * @throws {Error} for an op the contract does not have (a bug in the host, not the module).
 */
export function answerCall<Calls extends SessionCalls>(
  handler: SessionHandler<Calls>,
  request: RequestOf<Calls>,
): SessionAnswer {
  // The map pairs each op with its request type; indexing by a runtime op loses that pairing.
  const answer = handler[request.op as keyof Calls] as
    | ((request: RequestOf<Calls>) => SessionAnswer)
    | undefined;
  if (typeof answer !== "function") throw new Error(`no session call ${request.op}`);
  return answer(request);
}
