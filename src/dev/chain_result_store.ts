/**
 * Recipe chain outputs kept on disk in the result cache (src/host/result_cache.ts), so a
 * `qip build` is incremental and `qip dev` starts warm from what the last build (or a server
 * allowed to write) stored. Keyed like every cached result: the chain's module digests, the
 * limits, the source bytes. Only successful chain runs are ever stored.
 *
 * @module
 */

import type { OutputEncoding, StageOutput } from "../contracts/mod.ts";
import { type ChainIdentity, resultKeyer } from "../batch/mod.ts";
import type { ResultCache } from "../host/mod.ts";
import { executionMode, type StageLimits } from "../sandbox/mod.ts";
import type { MemoizedOutput } from "./output_memo.ts";
import type { RecipeChain } from "./_recipe_chains.ts";

/** What the dev handler asks of a store. */
export interface ChainResultStore {
  get(chain: RecipeChain, source: Uint8Array): Promise<MemoizedOutput | undefined>;
  set(chain: RecipeChain, source: Uint8Array, value: MemoizedOutput): Promise<void>;
}

/** The header line before the output bytes of a stored entry. */
interface StoredHeader {
  readonly kind: "bytes" | "scalar";
  readonly encoding: OutputEncoding;
  readonly ran?: number;
  readonly scalars: readonly number[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A store over `cache`; `readOnly` (the dev server, which runs without write permission)
 * consults it and never writes.
 */
export function chainResultStore(
  cache: ResultCache,
  limits: StageLimits,
  options: { readonly readOnly?: boolean } = {},
): ChainResultStore {
  const keyers = new Map<string, (input: Uint8Array) => Promise<string>>();
  const keyOf = (chain: RecipeChain, source: Uint8Array) => {
    let keyer = keyers.get(chain.key);
    if (keyer === undefined) {
      const identity: ChainIdentity = {
        command: "dev",
        moduleDigests: chain.stages.map((stage) => stage.digest),
        settings: {
          timeLimitMs: limits.timeLimitMs,
          memoryLimitPages: limits.memoryLimitPages,
          fuel: limits.fuel?.toString() ?? null,
          mode: executionMode(limits),
        },
      };
      keyer = resultKeyer(identity);
      keyers.set(chain.key, keyer);
    }
    return keyer(source);
  };
  return {
    async get(chain, source) {
      const stored = await cache.get(await keyOf(chain, source));
      return stored === undefined ? undefined : decodeEntry(stored);
    },
    async set(chain, source, value) {
      if (options.readOnly === true) return;
      await cache.put(await keyOf(chain, source), encodeEntry(value));
    },
  };
}

function encodeEntry({ output, scalars }: MemoizedOutput): Uint8Array {
  const header: StoredHeader = output.kind === "bytes"
    ? { kind: "bytes", encoding: output.encoding, scalars }
    : { kind: "scalar", encoding: output.encoding, ran: output.ran, scalars };
  const head = encoder.encode(`${JSON.stringify(header)}\n`);
  const bytes = output.kind === "bytes" ? output.bytes : new Uint8Array(0);
  const entry = new Uint8Array(head.byteLength + bytes.byteLength);
  entry.set(head);
  entry.set(bytes, head.byteLength);
  return entry;
}

/** An entry that does not parse is a miss, never an error. */
function decodeEntry(entry: Uint8Array): MemoizedOutput | undefined {
  const newline = entry.indexOf(0x0a);
  if (newline < 0) return undefined;
  try {
    const header = JSON.parse(decoder.decode(entry.subarray(0, newline))) as StoredHeader;
    const output: StageOutput = header.kind === "bytes"
      ? { kind: "bytes", encoding: header.encoding, bytes: entry.slice(newline + 1) }
      : { kind: "scalar", encoding: header.encoding, ran: header.ran ?? 0 };
    return { output, scalars: [...header.scalars] };
  } catch {
    return undefined;
  }
}
