/**
 * The result cache's key: SHA-256 over everything that decides a run's result. Modules are pure
 * functions of their bytes and their input, so (format version, what ran, each module's digest
 * in order, the limits and options that can change the verdict or the output, the input bytes)
 * names the result exactly.
 *
 * @module
 */

import { sha256Hex } from "../format/sha256_hex.ts";

/** Bump when the key or the stored value changes meaning, so old entries are never read. */
const KEY_FORMAT = "qip-result-v1";

/** What a chain is, apart from its input. */
export interface ChainIdentity {
  /** Which command's chain (`run`, `image`): their outputs differ for the same modules. */
  readonly command: string;
  /** Each module's SHA-256, in chain order. */
  readonly moduleDigests: readonly string[];
  /**
   * Limits and options that can change the verdict or the output (time limit, memory policy,
   * fuel, uniforms, output format, …); plain JSON values, written in a fixed key order.
   */
  readonly settings: Readonly<Record<string, unknown>>;
}

/**
 * Makes a function that keys an input under `chain`; the chain's part is encoded once.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resultKeyer } from "./result_key.ts";
 * const keyOf = resultKeyer({ command: "run", moduleDigests: ["ab"], settings: { t: 100 } });
 * const a = await keyOf(new TextEncoder().encode("x"));
 * assert.match(a, /^[0-9a-f]{64}$/);
 * assert.notEqual(a, await keyOf(new TextEncoder().encode("y")));
 * ```
 */
export function resultKeyer(chain: ChainIdentity): (input: Uint8Array) => Promise<string> {
  const settings = Object.keys(chain.settings).sort().map((key) => [key, chain.settings[key]]);
  const header = new TextEncoder().encode(
    `${JSON.stringify([KEY_FORMAT, chain.command, chain.moduleDigests, settings])}\n`,
  );
  return (input) => {
    const bytes = new Uint8Array(header.byteLength + input.byteLength);
    bytes.set(header);
    bytes.set(input, header.byteLength);
    return sha256Hex(bytes);
  };
}
