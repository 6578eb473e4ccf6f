/**
 * A small seeded pseudo-random generator (mulberry32): the same seed gives the same program on
 * every machine, so a failing seed reproduces anywhere. Private to `scripts/fuzz/`.
 *
 * @module
 */

/** Deterministic random choices from one 32-bit seed. */
export class Random {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** An integer in `[0, bound)`. */
  below(bound: number): number {
    return this.u32() % bound;
  }

  /** `true` with probability `p`. */
  chance(p: number): boolean {
    return this.u32() / 2 ** 32 < p;
  }

  /** One element of `items`. */
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }

  /** An i32 biased towards edge cases (0, ±1, extremes, small numbers). */
  i32(): number {
    return this.chance(0.3)
      ? this.pick([0, 1, -1, 2, 0x7fffffff, -0x80000000, 31, 32, 255])
      : this.chance(0.5)
      ? this.below(64) - 16
      : this.u32() | 0;
  }

  /** An i64 literal biased towards edge cases, as WAT text. */
  i64(): string {
    return this.chance(0.3)
      ? this.pick(["0", "1", "-1", "63", "64", "0x7fffffffffffffff", "-0x8000000000000000"])
      : BigInt.asIntN(64, (BigInt(this.u32()) << 32n) | BigInt(this.u32())).toString();
  }

  /** A float literal (NaNs, with payloads too, infinities, signed zeros, small and large values)
   * valid for f32 and f64, as WAT text. */
  float(): string {
    return this.chance(0.3)
      ? this.pick([
        "nan",
        "-nan",
        "nan:0x12345",
        "-nan:0x4321",
        "inf",
        "-inf",
        "0",
        "-0",
        "1",
        "-1",
        "0.5",
      ])
      : ((this.u32() | 0) / this.pick([1, 7, 1000, 1e9, 1e-3])).toString();
  }
}
