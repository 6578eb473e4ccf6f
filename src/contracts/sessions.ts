/**
 * Session contracts: a contract that keeps one instance and answers many calls (the steps of a
 * form, the tiles of an image). The worker looks the contract up here by name; the host types
 * its sessions from {@linkcode SessionContracts}.
 *
 * @module
 */

import { type FormCalls, openFormSession } from "./form_abi.ts";
import type { SessionHandler, SessionInstances } from "./session_protocol.ts";
import { openTileSession, type TileCalls, type TileSessionOptions } from "./tile_session.ts";

/** Every session contract: the options it is opened with, and its calls. */
export interface SessionContracts {
  /** `qip form`: one module's prompts, answers and output. */
  readonly form: { readonly options: undefined; readonly calls: FormCalls };
  /** A block of tile stages: one instance per stage, on one worker. */
  readonly tile: { readonly options: TileSessionOptions; readonly calls: TileCalls };
}

/** The session contracts a worker knows. */
export type SessionContractName = keyof SessionContracts;

/** Prepares a session on a fresh instance (validates exports, reads fixed facts). */
export type SessionFactory<K extends SessionContractName> = (
  instances: SessionInstances,
  options: SessionContracts[K]["options"],
) => SessionHandler<SessionContracts[K]["calls"]>;

/** Every session contract, by the name sessions are opened with. */
export const SESSION_CONTRACTS: { readonly [K in SessionContractName]: SessionFactory<K> } = {
  form: openFormSession,
  tile: openTileSession,
};
