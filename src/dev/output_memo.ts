/**
 * A byte-bounded LRU of recipe chain outputs. Modules are pure, so a chain's output is a
 * function of the chain (its module digests) and the source bytes (their digest): the memo key
 * is exactly that, and a changed module or file can never be answered from an old entry.
 *
 * @module
 */

import type { StageOutput } from "../contracts/mod.ts";
import { ByteLru } from "./_byte_lru.ts";

/** What a chain run produced: its output and the `Ran: N` values of its scalar stages. */
export interface MemoizedOutput {
  readonly output: StageOutput;
  readonly scalars: readonly number[];
}

/** Options for {@linkcode OutputMemo}. */
export interface OutputMemoOptions {
  /** Bytes of output kept at most; 0 disables the memo. @default {64 MiB} */
  readonly maxBytes?: number;
}

interface Entry {
  readonly chainKey: string;
  readonly value: MemoizedOutput;
}

/** Bookkeeping per entry on top of its output bytes. */
const ENTRY_OVERHEAD_BYTES = 256;

/**
 * Least-recently-used outputs within a byte budget. An output larger than a quarter of the
 * budget is not kept.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { OutputMemo } from "./output_memo.ts";
 * const memo = new OutputMemo({ maxBytes: 4096 });
 * const output = { kind: "bytes", encoding: "utf8", bytes: new Uint8Array(3) } as const;
 * memo.set("chain", "source", { output, scalars: [] });
 * assert.equal(memo.get("chain", "source")?.output, output);
 * ```
 */
export class OutputMemo {
  readonly #entries: ByteLru<Entry>;

  constructor(options: OutputMemoOptions = {}) {
    const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.#entries = new ByteLru({ maxBytes, maxEntryBytes: maxBytes / 4 });
  }

  /** Bytes held now. */
  get byteCount(): number {
    return this.#entries.byteCount;
  }

  /** Entries held now. */
  get size(): number {
    return this.#entries.size;
  }

  /** The output of chain `chainKey` over the source with digest `sourceDigest`, if kept. */
  get(chainKey: string, sourceDigest: string): MemoizedOutput | undefined {
    return this.#entries.get(`${sourceDigest}\n${chainKey}`)?.value;
  }

  /** Keeps an output, evicting the least recently used entries to stay within the budget. */
  set(chainKey: string, sourceDigest: string, value: MemoizedOutput): void {
    const key = `${sourceDigest}\n${chainKey}`;
    const bytes = value.output.kind === "bytes" ? value.output.bytes.byteLength : 0;
    this.#entries.set(key, { chainKey, value }, bytes + key.length * 2 + ENTRY_OVERHEAD_BYTES);
  }

  /** Drops every entry whose chain is not in `chainKeys` (after a reload replaced it). */
  retainChains(chainKeys: ReadonlySet<string>): void {
    this.#entries.deleteWhere((entry) => !chainKeys.has(entry.chainKey));
  }
}
