/**
 * Session contracts: a contract that keeps one instance and answers many calls (the steps of a
 * form, the tiles of an image). The worker looks the contract up here by name.
 *
 * @module
 */

import type { GuestContext } from "./guest_call.ts";
import { openFormSession } from "./form_abi.ts";
import { openTileSession } from "./tile_session.ts";

/** What a session call returns: the result, and the buffers to transfer with it. */
export interface SessionAnswer {
  readonly result: unknown;
  readonly transfer?: readonly ArrayBuffer[];
}

/** A live session on one instance. */
export interface SessionHandler {
  /** Answers one request; throws `QipError` for contract failures and traps. */
  call(payload: unknown): SessionAnswer;
}

/** Prepares a session on a fresh instance (validates exports, reads fixed facts). */
export type SessionFactory = (context: GuestContext, options: unknown) => {
  readonly handler: SessionHandler;
  /** What `open` resolves to on the host. */
  readonly opened: unknown;
};

/** The session contracts a worker knows. */
export type SessionContractName = "form" | "tile";

/** Every session contract, by the name sessions are opened with. */
export const SESSION_CONTRACTS: Readonly<Record<SessionContractName, SessionFactory>> = {
  form: openFormSession,
  tile: openTileSession,
};
