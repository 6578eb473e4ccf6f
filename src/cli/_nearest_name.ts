/**
 * "Did you mean": the known name closest to a mistyped one, by edit distance.
 *
 * @module
 */

/**
 * Edit distance with transpositions (optimal string alignment): insertions, deletions,
 * substitutions and swaps of two neighbours each cost 1, so `inptu` is one edit from `input`.
 */
export function editDistance(a: string, b: string): number {
  const rows = Array.from(
    { length: a.length + 1 },
    (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      }
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * The candidate nearest to `name`, or `undefined` when none is close: a candidate that starts
 * with `name` (`--timeout` → `--timeout-ms`), else one within a third of the longer name's length.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nearestName } from "./_nearest_name.ts";
 * assert.equal(nearestName("rn", ["run", "bench", "image"]), "run");
 * assert.equal(nearestName("timeout", ["timeout-ms", "fuel"]), "timeout-ms");
 * assert.equal(nearestName("zzzzzz", ["run", "bench"]), undefined);
 * ```
 */
export function nearestName(name: string, candidates: readonly string[]): string | undefined {
  if (name === "") return undefined;
  const prefixed = candidates.filter((candidate) => candidate.startsWith(name));
  if (prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    const allowed = Math.max(1, Math.floor(Math.max(name.length, candidate.length) / 3));
    if (distance <= allowed && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
