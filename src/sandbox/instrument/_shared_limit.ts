/**
 * One limit for all the memories (or all the tables) a module defines, not one per memory:
 * otherwise a module could declare many memories, each just within the policy, and together
 * far beyond it.
 *
 * @module
 */

/** One memory's or table's declared size, in pages or elements. */
export interface DeclaredLimits {
  readonly minimum: bigint;
  /** The declared maximum, or the largest the address type allows when there is none. */
  readonly maximum: bigint;
}

/**
 * Returns a maximum for each entry such that their sum is at most `limit`: every entry keeps
 * its minimum, and the room left above the minimums is handed out smallest growth first, each
 * entry taking what its declared maximum allows; so a memory with a small declared maximum
 * keeps it, and the unbounded ones share the rest. Returns `undefined` when the minimums alone
 * exceed `limit`. A single entry gets `min(declared maximum, limit)`.
 *
 * @example A bounded memory keeps its maximum; an unbounded one gets the rest of 64 pages
 * ```ts
 * import assert from "node:assert/strict";
 * import { shareLimit } from "./_shared_limit.ts";
 * const unbounded = { minimum: 10n, maximum: 65_536n };
 * const bounded = { minimum: 2n, maximum: 3n };
 * assert.deepEqual(shareLimit([unbounded, bounded], 64n), [61n, 3n]);
 * assert.deepEqual(shareLimit([unbounded, unbounded], 64n), [54n, 10n]);
 * assert.equal(shareLimit([unbounded, unbounded], 16n), undefined);
 * ```
 */
export function shareLimit(
  declared: readonly DeclaredLimits[],
  limit: bigint,
): bigint[] | undefined {
  let room = limit - totalMinimum(declared);
  if (room < 0n) return undefined;
  const maxima = declared.map(({ minimum }) => minimum);
  const growth = (entry: DeclaredLimits) => entry.maximum - entry.minimum;
  const order = [...declared.keys()].sort((a, b) => {
    const difference = growth(declared[a]!) - growth(declared[b]!);
    return difference < 0n ? -1 : difference > 0n ? 1 : a - b;
  });
  for (const index of order) {
    const { minimum, maximum } = declared[index]!;
    const capped = maximum < minimum + room ? maximum : minimum + room;
    if (capped > minimum) room -= capped - minimum;
    maxima[index] = capped;
  }
  return maxima;
}

/** The sum of the entries' minimums. */
export function totalMinimum(declared: readonly DeclaredLimits[]): bigint {
  return declared.reduce((sum, { minimum }) => sum + minimum, 0n);
}
