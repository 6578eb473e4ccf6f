/**
 * The deterministic mode's part of the code scan (`_code_section.ts`): for one function body,
 * where NaNs are canonicalised and the call depth is lowered or reset, and what the body's
 * locals and entry become (`_deterministic.ts`).
 *
 * @module
 */

import {
  buildDeterministicBody,
  CALL,
  CALL_INDIRECT,
  CALL_REF,
  CATCH,
  CATCH_ALL,
  type DeterministicBody,
  deterministicBodyGrowth,
  type DeterministicModule,
  END,
  FIRST_RELAXED_SIMD,
  frameUnits,
  PLAIN_CANON,
  PLAIN_CONSUMES,
  relaxedSimdRefused,
  RETURN,
  RETURN_CALL,
  RETURN_CALL_INDIRECT,
  RETURN_CALL_REF,
  SIMD_CANON,
  SIMD_CONSUMES,
  Site,
  TRY,
  TRY_TABLE,
  UNCOUNTED_LEAF_UNITS,
  usesOf,
} from "./_deterministic.ts";
import { MAX_LEB_BYTES_32, readU32, skipLeb128 } from "./_leb128.ts";
import { skipValType } from "./_value_types.ts";

const SIMD_PREFIX = 0xfd;
const V128_TYPE = 0x7b;

/** What the code scan needs for the deterministic mode. */
export interface DeterministicScan {
  readonly module: DeterministicModule;
  /** How many functions are imported: body `i` is function `imported + i`. */
  readonly importedFunctionCount: number;
  /** By body: how many parameters its function takes (its first locals). */
  paramCount(body: number): number;
  /** By body: the bytes its parameters take on a stack (8 per scalar, 16 per v128). */
  paramBytes(body: number): number;
  /** By body: the encoded block type of its wrapper block (the function's results). */
  wrapperBlockType(body: number): Uint8Array;
}

/** The code scan's list of sites: positions and kinds, `count` of them in use. */
export interface Sites {
  positions: Int32Array;
  helpers: Int32Array;
  count: number;
  add(at: number, kind: number): void;
}

/** The local declarations of a body, read. */
export interface BodyLocals {
  /** Where the declarations end: the body's first instruction. */
  readonly end: number;
  readonly groupCount: number;
  /** Where the first group starts, after the group count. */
  readonly groupsStart: number;
  /** How many locals the groups declare. */
  readonly localCount: number;
  /** The bytes they take on a stack (8 per scalar, 16 per v128). */
  readonly slotBytes: number;
}

/** Reads the local declarations of the body whose locals start at `pos`. */
export function readLocals(bytes: Uint8Array, pos: number, end: number): BodyLocals {
  const groupCount = readU32(bytes, pos, end);
  pos = skipLeb128(bytes, pos, end, MAX_LEB_BYTES_32);
  const groupsStart = pos;
  let localCount = 0;
  let slotBytes = 0;
  for (let index = 0; index < groupCount; index++) {
    const count = readU32(bytes, pos, end);
    localCount += count;
    pos = skipLeb128(bytes, pos, end, MAX_LEB_BYTES_32);
    slotBytes += count * (bytes[pos] === V128_TYPE ? 16 : 8);
    pos = skipValType(bytes, pos, end);
  }
  return { end: pos, groupCount, groupsStart, localCount, slotBytes };
}

/** Scans one body for the deterministic mode, an instruction at a time. */
export class DeterministicBodyScan {
  /** Which temporaries the canonicalisations use. */
  #uses = 0;
  /** Whether the body has `try` or `try_table`: catches may land in it. */
  #catches = false;
  /** Whether the body calls: a leaf cannot recurse. */
  #calls = false;

  constructor(
    private readonly scan: DeterministicScan,
    private readonly body: number,
    private readonly sites: Sites,
    /** The body's first site. */
    private readonly firstSite: number,
  ) {}

  /**
   * Records the sites of the instruction from `pos` to `next` (`opcode` at `pos`).
   *
   * @throws {QipError} kind "compile" for relaxed SIMD.
   */
  instruction(bytes: Uint8Array, opcode: number, pos: number, next: number, bodyEnd: number) {
    let kind: number;
    if (opcode === SIMD_PREFIX) {
      const sub = readU32(bytes, pos + 1, next);
      if (sub >= FIRST_RELAXED_SIMD) {
        throw relaxedSimdRefused(sub, this.scan.importedFunctionCount + this.body);
      }
      kind = SIMD_CANON[sub]!;
    } else {
      kind = PLAIN_CANON[opcode]!;
    }
    if (kind !== 0) {
      if (consumedBy(bytes, next, bodyEnd) !== kind) {
        this.sites.add(next, kind);
        this.#uses |= usesOf(kind);
      }
    } else if (
      opcode === RETURN || opcode === RETURN_CALL || opcode === RETURN_CALL_INDIRECT ||
      opcode === RETURN_CALL_REF
    ) {
      this.sites.add(pos, Site.Exit);
      if (opcode !== RETURN) this.#calls = true;
    } else if (opcode === CALL || opcode === CALL_INDIRECT || opcode === CALL_REF) {
      this.#calls = true;
    } else if (opcode === TRY || opcode === TRY_TABLE) {
      this.#catches = true;
    } else if (
      this.#catches && (opcode === CATCH || opcode === CATCH_ALL || opcode === END) &&
      next !== bodyEnd
    ) {
      this.sites.add(next, Site.Restore);
    }
  }

  /**
   * Ends the body: decides whether its depth is counted, builds what it inserts, and returns
   * that with the bytes the body grows by.
   */
  finish(
    bytes: Uint8Array,
    bodyStart: number,
    locals: BodyLocals,
    bodyEnd: number,
  ): { body: DeterministicBody; growth: number } {
    const { scan, sites, firstSite } = this;
    let units: number | undefined = frameUnits(scan.paramBytes(this.body) + locals.slotBytes);
    if (!this.#calls && units <= UNCOUNTED_LEAF_UNITS) {
      units = undefined;
      dropDepthSites(sites, firstSite);
    } else {
      sites.add(bodyEnd - 1, Site.WrapEnd);
    }
    const body = buildDeterministicBody(
      scan.module,
      bytes.subarray(bodyStart, locals.end),
      locals.groupCount,
      locals.groupsStart - bodyStart,
      scan.paramCount(this.body) + locals.localCount,
      this.#uses,
      scan.wrapperBlockType(this.body),
      units,
    );
    let growth = deterministicBodyGrowth(body, locals.end - bodyStart);
    for (let site = firstSite; site < sites.count; site++) {
      let kind = sites.helpers[site]!;
      // A loop header can be where a catch lands: reset the depth there too.
      if (this.#catches && units !== undefined && kind === Site.Check) {
        sites.helpers[site] = kind = Site.CheckRestore;
      }
      if (kind === Site.CheckRestore) growth += body.inserts[-Site.Restore]!.length;
      else if (kind < Site.Check) growth += body.inserts[-kind]!.length;
    }
    return { body, growth };
  }
}

/**
 * The canonicalisation kind the instruction at `pos` consumes as its last operand and keeps a
 * NaN, or 0.
 */
function consumedBy(bytes: Uint8Array, pos: number, end: number): number {
  if (pos >= end) return 0;
  const opcode = bytes[pos]!;
  if (opcode !== SIMD_PREFIX) return PLAIN_CONSUMES[opcode]!;
  const sub = readU32(bytes, pos + 1, end);
  return sub < SIMD_CONSUMES.length ? SIMD_CONSUMES[sub]! : 0;
}

/** Drops the depth sites (exits, resets) of the body whose sites start at `first`. */
function dropDepthSites(sites: Sites, first: number): void {
  let kept = first;
  for (let site = first; site < sites.count; site++) {
    const kind = sites.helpers[site]!;
    if (kind === Site.Exit || kind === Site.Restore) continue;
    sites.positions[kept] = sites.positions[site]!;
    sites.helpers[kept++] = kind;
  }
  sites.count = kept;
}
