/**
 * The request log line (dev-server.md §10): `dev: <METHOD> <path> <fields> <timing>`.
 *
 * @module
 */

/** How a recipe chain's part of a request went. */
export type ChainTiming =
  /** The chain ran: per-stage wall times in chain order (0 for stages that did not run). */
  | { readonly kind: "ran"; readonly stageMs: readonly number[] }
  /** Its output came from the memo: the line ends `memo=hit` (beyond the original). */
  | { readonly kind: "memo" };

/**
 * Formats one request line; `fields` is `status=200`, `error=<message>` and so on, or `""`.
 * Without `chain` the timing is `duration_ms=N`; after a chain run it adds
 * `instantiation_ms=0 module_durations_ms=[…]` (instantiation happens inside each stage's
 * worker job and is part of that stage's duration).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { requestLogLine } from "./_request_log.ts";
 * assert.equal(
 *   requestLogLine("GET", "/guide", "status=200", 3.7, { kind: "ran", stageMs: [1.2, 0.4, 0] }),
 *   "dev: GET /guide status=200 duration_ms=3 instantiation_ms=0 module_durations_ms=[1,0,0]",
 * );
 * assert.equal(requestLogLine("POST", "/", "", 0.2), "dev: POST / duration_ms=0");
 * ```
 */
export function requestLogLine(
  method: string,
  path: string,
  fields: string,
  totalMs: number,
  chain?: ChainTiming,
): string {
  const head = fields === "" ? `dev: ${method} ${path}` : `dev: ${method} ${path} ${fields}`;
  const total = `duration_ms=${Math.trunc(totalMs)}`;
  switch (chain?.kind) {
    case undefined:
      return `${head} ${total}`;
    case "memo":
      return `${head} ${total} memo=hit`;
    case "ran":
      return `${head} ${total} instantiation_ms=0 module_durations_ms=[${
        chain.stageMs.map((ms) => Math.trunc(ms)).join(",")
      }]`;
  }
}
