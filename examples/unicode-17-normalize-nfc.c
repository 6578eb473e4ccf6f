// unicode-17-normalize-nfc: Unicode Normalization Form C (UAX #15) of UTF-8 text.
//
// Run contract (zero-argument export functions):
//   input  UTF-8, input_utf8_cap  1 MiB
//   output UTF-8, output_utf8_cap 4 MiB
//
//   e U+0301           ->  U+00E9        D U+0307 U+0323    ->  U+1E0C U+0307
//   U+1100 U+1161 U+11A8  ->  U+AC01     E U+0304 U+0300    ->  U+1E14
//   hello              ->  hello         U+1100 U+AC00 U+11A8  ->  U+1100 U+AC01
//
// The three steps of the standard, piece by piece: full canonical decomposition (tables,
// and arithmetic for Hangul syllables), canonical ordering (a stable sort of each run of
// non-starters by combining class), and canonical composition of each character with the last
// starter unless a character in between blocks it, skipping composites excluded from
// composition. The data is generated into unicode/_nfc_tables.h by scripts/generate_nfc_tables.ts
// from the Unicode 17.0 decompositions and exclusions; the combining classes are Unicode 16.0's,
// so the 42 combining marks new in Unicode 17 are treated as starters (listed in the tables).
//
// Soft failure, empty output: input that is not valid UTF-8 (overlong forms, surrogates, code
// points past U+10FFFF, a truncated sequence). NFC grows text at most threefold, so the output
// cannot overflow; were it to, the output would be empty rather than cut.

#define QIP_INPUT_CAP (1024 * 1024)
#define QIP_OUTPUT_CAP (4 * 1024 * 1024)
#define QIP_TRANSFORM
#include "include/qip_stage.h"
#include "unicode/_nfc_tables.h"

// A UTF-8 byte decomposes to at most 1.5 code points (U+01D5, two bytes, into three).
#define MAX_CODE_POINTS (QIP_INPUT_CAP / 2 * 3)
static u32 code_points[MAX_CODE_POINTS];
static u32 sort_buffer[MAX_CODE_POINTS];

// Hangul syllables (Unicode §3.12): 19 leading × 21 vowel × 28 trailing (incl. none) jamo.
#define HANGUL_S 0xAC00
#define HANGUL_L 0x1100
#define HANGUL_V 0x1161
#define HANGUL_T 0x11A7
#define HANGUL_V_COUNT 21
#define HANGUL_T_COUNT 28
#define HANGUL_S_COUNT 11172

// A code point's bits in the generated property table (two array reads).
static u32 properties(u32 cp) {
  return nfc_property_blocks[nfc_property_index[cp >> 8]][cp & 0xFF];
}

// The rank of a code point's canonical combining class; 0 for starters.
static u32 class_rank(u32 cp) { return properties(cp) & NFC_RANK_MASK; }

static const nfc_decomposition *find_decomposition(u32 cp) {
  if ((properties(cp) & NFC_DECOMPOSES_BIT) == 0) return 0;
  u32 lo = 0, hi = sizeof nfc_decompositions / sizeof nfc_decompositions[0];
  while (lo < hi) {
    u32 mid = (lo + hi) / 2;
    if (nfc_decompositions[mid].code_point == cp) return &nfc_decompositions[mid];
    if (nfc_decompositions[mid].code_point < cp) lo = mid + 1;
    else hi = mid;
  }
  return 0;
}

// The primary composite of `first` followed by `second`, or 0 when there is none.
static u32 compose_pair(u32 first, u32 second) {
  if ((properties(second) & NFC_SECOND_BIT) == 0) return 0;
  if (first >= HANGUL_L && first < HANGUL_L + 19 && second >= HANGUL_V &&
      second < HANGUL_V + HANGUL_V_COUNT) {
    return HANGUL_S + ((first - HANGUL_L) * HANGUL_V_COUNT + second - HANGUL_V) * HANGUL_T_COUNT;
  }
  if (first >= HANGUL_S && first < HANGUL_S + HANGUL_S_COUNT &&
      (first - HANGUL_S) % HANGUL_T_COUNT == 0 && second > HANGUL_T &&
      second < HANGUL_T + HANGUL_T_COUNT) {
    return first + (second - HANGUL_T);
  }
  u32 lo = 0, hi = sizeof nfc_composites / sizeof nfc_composites[0];
  while (lo < hi) {
    u32 mid = (lo + hi) / 2;
    const nfc_composite *c = &nfc_composites[mid];
    if (c->first == first && c->second == second) return c->composite;
    if (c->first < first || (c->first == first && c->second < second)) lo = mid + 1;
    else hi = mid;
  }
  return 0;
}

// Decodes one code point of strict UTF-8 at p[*i]; returns 0 on invalid input.
static int decode_utf8(const u8 *p, u32 size, u32 *i, u32 *cp) {
  u32 b = p[*i], n, min;
  if (b < 0x80) {
    *cp = b;
    *i += 1;
    return 1;
  }
  if (b >= 0xC2 && b <= 0xDF) n = 1, min = 0x80, b &= 0x1F;
  else if (b >= 0xE0 && b <= 0xEF) n = 2, min = 0x800, b &= 0x0F;
  else if (b >= 0xF0 && b <= 0xF4) n = 3, min = 0x10000, b &= 0x07;
  else return 0;
  if (size - *i <= n) return 0;
  for (u32 k = 1; k <= n; k++) {
    u32 c = p[*i + k];
    if ((c & 0xC0) != 0x80) return 0;
    b = b << 6 | (c & 0x3F);
  }
  if (b < min || b > 0x10FFFF || (b >= 0xD800 && b <= 0xDFFF)) return 0;
  *cp = b;
  *i += n + 1;
  return 1;
}

// Appends the full canonical decomposition of `cp`.
static void decompose(u32 cp, u32 *count) {
  if (cp >= HANGUL_S && cp < HANGUL_S + HANGUL_S_COUNT) {
    u32 s = cp - HANGUL_S;
    code_points[(*count)++] = HANGUL_L + s / (HANGUL_V_COUNT * HANGUL_T_COUNT);
    code_points[(*count)++] = HANGUL_V + s % (HANGUL_V_COUNT * HANGUL_T_COUNT) / HANGUL_T_COUNT;
    if (s % HANGUL_T_COUNT != 0) code_points[(*count)++] = HANGUL_T + s % HANGUL_T_COUNT;
    return;
  }
  const nfc_decomposition *d = find_decomposition(cp);
  if (d == 0) {
    code_points[(*count)++] = cp;
    return;
  }
  for (u32 k = 0; k < d->length; k++) {
    code_points[(*count)++] = nfc_decomposition_pool[d->offset + k];
  }
}

// Sorts the non-starters code_points[start, end) by class, keeping equal classes in order:
// insertion sort for the usual short runs, a counting sort when a run is long, so that a
// hostile input of a million marks stays linear.
static void sort_run(u32 start, u32 end) {
  if (end - start <= 16) {
    for (u32 i = start + 1; i < end; i++) {
      u32 cp = code_points[i], rank = class_rank(cp), j = i;
      while (j > start && class_rank(code_points[j - 1]) > rank) {
        code_points[j] = code_points[j - 1];
        j--;
      }
      code_points[j] = cp;
    }
    return;
  }
  u32 starts[NFC_CLASS_RANKS + 2] = {0};
  for (u32 i = start; i < end; i++) starts[class_rank(code_points[i]) + 1]++;
  for (u32 r = 1; r <= NFC_CLASS_RANKS + 1; r++) starts[r] += starts[r - 1];
  for (u32 i = start; i < end; i++) {
    sort_buffer[starts[class_rank(code_points[i])]++] = code_points[i];
  }
  __builtin_memcpy(code_points + start, sort_buffer, (end - start) * sizeof(u32));
}

static void canonical_order(u32 count) {
  u32 i = 0;
  while (i < count) {
    if (class_rank(code_points[i]) == 0) {
      i++;
      continue;
    }
    u32 run = i;
    while (i < count && class_rank(code_points[i]) != 0) i++;
    if (i - run > 1) sort_run(run, i);
  }
}

// Composes in place; returns the new length.
static u32 canonical_compose(u32 count) {
  u32 length = 0;
  int has_starter = 0;
  u32 starter = 0;    // index of the last starter in the output
  int last_rank = -1; // rank of the last character after that starter; -1 when none
  for (u32 i = 0; i < count; i++) {
    u32 cp = code_points[i];
    u32 rank = class_rank(cp);
    // Blocked: something after the starter is itself a starter, or has a class as high.
    int blocked = last_rank != -1 && (last_rank == 0 || (u32)last_rank >= rank);
    if (has_starter && !blocked) {
      u32 composite = compose_pair(code_points[starter], cp);
      if (composite != 0) {
        code_points[starter] = composite;
        continue;
      }
    }
    if (rank == 0) {
      has_starter = 1;
      starter = length;
      last_rank = -1;
    } else {
      last_rank = (int)rank;
    }
    code_points[length++] = cp;
  }
  return length;
}

// Normalises the pending code points code_points[0, count) and writes them out.
static void flush_pending(u32 count, qip_writer *out) {
  if (count > 1) {
    canonical_order(count);
    count = canonical_compose(count);
  }
  for (u32 i = 0; i < count; i++) put_utf8(out, code_points[i]);
}

// Works through the input in pieces: a character with no normalisation property at all (a
// starter that neither decomposes nor composes with what precedes it, such as any ASCII) ends
// what is pending, which can then be normalised on its own, because nothing after it can reorder
// or compose across it. Plain text thus costs little, and the buffers only fill up for one long
// run of marks.
static u32 transform(const u8 *input, u32 size, qip_writer *out) {
  u32 count = 0; // code points pending in code_points
  u32 i = 0;
  while (i < size) {
    if (input[i] < 0x80) {
      // A run of ASCII is final but for its last byte, which a following mark may compose with.
      flush_pending(count, out);
      u32 end = i + 1;
      while (end < size && input[end] < 0x80) end++;
      put_bytes(out, input + i, end - 1 - i);
      code_points[0] = input[end - 1];
      count = 1;
      i = end;
      continue;
    }
    u32 cp;
    if (!decode_utf8(input, size, &i, &cp)) return 0;
    if (properties(cp) == 0) {
      flush_pending(count, out);
      count = 0;
    }
    // Cannot happen with these tables (see MAX_CODE_POINTS); checked so that new tables with
    // longer decompositions fail softly instead of writing past the buffer.
    if (count + NFC_MAX_DECOMPOSITION > MAX_CODE_POINTS) return 0;
    decompose(cp, &count);
  }
  flush_pending(count, out);
  return out->overflow ? 0 : out->len;
}
