// zlib-compress-dynamic-huffman: zlib stream holding one final deflate block with *dynamic*
// Huffman codes built from the input's own statistics, after the same greedy LZ77 as the
// fixed-Huffman module. Every step follows examples.md §8, so the bytes match the reference
// module's, not just its meaning.
//
// Run contract (zero-argument export functions):
//   input  bytes, input_bytes_cap  8 MiB
//   output bytes, output_bytes_cap 15 MiB + 1024
//
//   printf %s "qip + wasm" | qip run examples/zlib-compress-dynamic-huffman.wasm \
//     examples/base64-encode.wasm
//     -> eAEFwLENAAAIArBX2LmKkYEE4+D7dlwQp80DEnkDbg==
#include "zlib/_deflate_encoder.h"

#define QIP_INPUT_CAP MIB(8)
// A bound that holds whatever the statistics: no code is longer than 15 bits, so a literal
// costs at most 15 bits and a match of 3 or more bytes at most 15 + 5 + 15 + 13 bits (a 3-byte
// match has no length bits: 43 bits, under 15 per byte). The block header is at most
// 3 + 14 + 19 * 3 bits plus 316 code-length entries of 7 + 7 bits (563 bytes); then the
// end-of-block code, the zlib header and the checksum.
#define QIP_OUTPUT_CAP (QIP_INPUT_CAP / 8 * 15 + 1024)

#define QIP_INPUT_KIND QIP_BYTES
#define QIP_OUTPUT_KIND QIP_BYTES
#include "include/qip_stage.h"

// The tokens must all be known before the first one is written, since the codes depend on their
// counts. A literal is stored as one entry (the byte), a match as two (256 + length - 3, then
// the distance): at most one entry per input byte.
static uint16_t tokens[QIP_INPUT_CAP];

// --- Code lengths (§8, step 2) ---

#define NODES_MAX (2 * DEFLATE_LITLEN_SYMBOLS)

// Index of the active node with the smallest weight, the lowest index on a tie; deactivates it.
static int take_lightest(const uint32_t *weight, uint8_t *active, int node_count) {
  int lightest = -1;
  for (int node = 0; node < node_count; node++) {
    if (active[node] && (lightest < 0 || weight[node] < weight[lightest])) lightest = node;
  }
  active[lightest] = 0;
  return lightest;
}

// Huffman code lengths of at most `limit` bits for the symbols with a non-zero frequency (others
// get 0). The Huffman tree only decides how many codes get each length; the lengths then go to
// the symbols from the most frequent down, so that a depth clipped to the limit lands on a rare
// symbol whatever the tree's shape.
static void build_code_lengths(const uint32_t *freq, int symbol_count, int limit,
                               uint8_t *lengths) {
  static uint32_t weight[NODES_MAX];
  static uint16_t parent[NODES_MAX];
  static uint16_t depth[NODES_MAX];
  static uint8_t active[NODES_MAX];
  static uint16_t by_frequency[DEFLATE_LITLEN_SYMBOLS];

  // Leaves are the used symbols in increasing order; joined nodes are appended after them.
  int leaf_count = 0;
  for (int symbol = 0; symbol < symbol_count; symbol++) {
    lengths[symbol] = 0;
    if (freq[symbol] == 0) continue;
    by_frequency[leaf_count] = (uint16_t)symbol;
    weight[leaf_count] = freq[symbol];
    active[leaf_count] = 1;
    leaf_count++;
  }
  if (leaf_count == 0) return;

  int node_count = leaf_count;
  while (node_count < 2 * leaf_count - 1) {
    int left = take_lightest(weight, active, node_count);
    int right = take_lightest(weight, active, node_count);
    weight[node_count] = weight[left] + weight[right];
    parent[left] = parent[right] = (uint16_t)node_count;
    active[node_count] = 1;
    node_count++;
  }
  // A parent always comes after its children, so one backward pass sets every depth.
  depth[node_count - 1] = 0;
  for (int node = node_count - 2; node >= 0; node--) depth[node] = depth[parent[node]] + 1;

  uint32_t per_length[DEFLATE_MAX_CODE_BITS + 1] = {0};
  for (int leaf = 0; leaf < leaf_count; leaf++) {
    int bits = depth[leaf] == 0 ? 1 : depth[leaf]; // a lone symbol still needs a 1-bit code
    per_length[bits > limit ? limit : bits]++;
  }

  // Clipping deep leaves to the limit over-fills the code space (Kraft sum above 1, counted
  // here in units of 2^-limit). Each step turns a code of the longest length below the limit
  // into two codes one bit longer, one of which takes in a code from the limit length: the sum
  // drops by exactly one unit.
  uint32_t kraft = 0;
  for (int bits = 1; bits <= limit; bits++) kraft += per_length[bits] << (limit - bits);
  while (kraft > (1u << limit)) {
    int bits = limit - 1;
    while (per_length[bits] == 0) bits--;
    per_length[bits]--;
    per_length[bits + 1] += 2;
    per_length[limit]--;
    kraft--;
  }

  // Most frequent first, ties in symbol order: a stable insertion sort of the symbol-ordered
  // leaves.
  for (int i = 1; i < leaf_count; i++) {
    uint16_t symbol = by_frequency[i];
    int j = i;
    for (; j > 0 && freq[by_frequency[j - 1]] < freq[symbol]; j--) {
      by_frequency[j] = by_frequency[j - 1];
    }
    by_frequency[j] = symbol;
  }
  int next = 0;
  for (int bits = 1; bits <= limit; bits++) {
    for (uint32_t n = 0; n < per_length[bits]; n++) lengths[by_frequency[next++]] = (uint8_t)bits;
  }
}

// --- Block header (§8, steps 4 to 6) ---

// The literal/length and distance code lengths, run-length coded with the code-length alphabet:
// 0-15 a length, 16 repeats the previous length 3-6 times, 17 and 18 give 3-10 and 11-138 zeros.
typedef struct {
  uint8_t symbol[DEFLATE_LITLEN_SYMBOLS + DEFLATE_DIST_SYMBOLS];
  uint8_t extra[DEFLATE_LITLEN_SYMBOLS + DEFLATE_DIST_SYMBOLS]; // repeat count - 3 or - 11
  int count;
} CodeLengthRuns;

static void add_run_entry(CodeLengthRuns *runs, uint32_t *freq, int symbol, int extra) {
  runs->symbol[runs->count] = (uint8_t)symbol;
  runs->extra[runs->count] = (uint8_t)extra;
  runs->count++;
  freq[symbol]++;
}

// A repeat entry covering `repeat` lengths, whose extra bits count from `shortest`; returns
// how many lengths it covered.
static int add_repeat(CodeLengthRuns *runs, uint32_t *freq, int symbol, int repeat, int shortest) {
  add_run_entry(runs, freq, symbol, repeat - shortest);
  return repeat;
}

static int min_int(int a, int b) { return a < b ? a : b; }

static void run_length_code(const uint8_t *lengths, int total, CodeLengthRuns *runs,
                            uint32_t *freq) {
  runs->count = 0;
  for (int i = 0; i < total;) {
    int value = lengths[i];
    int run = 1;
    while (i + run < total && lengths[i + run] == value && run < 138) run++;
    i += run;
    if (value == 0) {
      while (run >= 11) run -= add_repeat(runs, freq, 18, min_int(run, 138), 11);
      while (run >= 3) run -= add_repeat(runs, freq, 17, min_int(run, 10), 3);
    } else {
      add_run_entry(runs, freq, value, 0);
      run--;
      while (run >= 3) run -= add_repeat(runs, freq, 16, min_int(run, 6), 3);
    }
    for (; run > 0; run--) add_run_entry(runs, freq, value, 0);
  }
}

static void write_block_header(BitWriter *w, const BlockCodes *codes) {
  int hlit = DEFLATE_LITLEN_SYMBOLS;
  while (hlit > 257 && codes->litlen_lengths[hlit - 1] == 0) hlit--;
  int hdist = DEFLATE_DIST_SYMBOLS;
  while (hdist > 1 && codes->dist_lengths[hdist - 1] == 0) hdist--;

  // The two length lists are coded as one sequence, so a run may cross from one to the other.
  static uint8_t all_lengths[DEFLATE_LITLEN_SYMBOLS + DEFLATE_DIST_SYMBOLS];
  for (int i = 0; i < hlit; i++) all_lengths[i] = codes->litlen_lengths[i];
  for (int i = 0; i < hdist; i++) all_lengths[hlit + i] = codes->dist_lengths[i];
  static CodeLengthRuns runs;
  uint32_t codelen_freq[DEFLATE_CODELEN_SYMBOLS] = {0};
  run_length_code(all_lengths, hlit + hdist, &runs, codelen_freq);

  uint8_t codelen_lengths[DEFLATE_CODELEN_SYMBOLS];
  uint16_t codelen_codes[DEFLATE_CODELEN_SYMBOLS];
  build_code_lengths(codelen_freq, DEFLATE_CODELEN_SYMBOLS, DEFLATE_MAX_CODELEN_BITS,
                     codelen_lengths);
  deflate_reversed_codes(codelen_lengths, DEFLATE_CODELEN_SYMBOLS, codelen_codes);
  int hclen = DEFLATE_CODELEN_SYMBOLS;
  while (hclen > 4 && codelen_lengths[deflate_codelen_order[hclen - 1]] == 0) hclen--;

  put_bits(w, 1, 1); // BFINAL
  put_bits(w, 2, 2); // BTYPE 10: dynamic Huffman codes
  put_bits(w, (uint32_t)(hlit - 257), 5);
  put_bits(w, (uint32_t)(hdist - 1), 5);
  put_bits(w, (uint32_t)(hclen - 4), 4);
  for (int i = 0; i < hclen; i++) put_bits(w, codelen_lengths[deflate_codelen_order[i]], 3);
  static const uint8_t extra_bits[DEFLATE_CODELEN_SYMBOLS] = {[16] = 2, [17] = 3, [18] = 7};
  for (int i = 0; i < runs.count; i++) {
    int symbol = runs.symbol[i];
    put_bits(w, codelen_codes[symbol], codelen_lengths[symbol]);
    put_bits(w, runs.extra[i], extra_bits[symbol]);
  }
}

// --- The module ---

static BlockCodes block_codes;

QIP_EXPORT("run") uint32_t run(uint32_t input_size) {
  input_size = qip_input_size(input_size);

  // Step 1: tokens and their symbol counts.
  uint32_t litlen_freq[DEFLATE_LITLEN_SYMBOLS] = {0};
  uint32_t dist_freq[DEFLATE_DIST_SYMBOLS] = {0};
  uint32_t token_count = 0;
  Lz77 lz = lz77_start(qip_input, input_size);
  while (lz.pos < input_size) {
    uint32_t literal_pos = lz.pos;
    Lz77Token token = lz77_next(&lz);
    if (token.length == 0) {
      tokens[token_count++] = qip_input[literal_pos];
      litlen_freq[qip_input[literal_pos]]++;
    } else {
      tokens[token_count++] = (uint16_t)(256 + token.length - DEFLATE_MIN_MATCH);
      tokens[token_count++] = (uint16_t)token.distance;
      litlen_freq[257 + length_index(token.length)]++;
      dist_freq[distance_symbol(token.distance)]++;
    }
  }
  litlen_freq[DEFLATE_END_OF_BLOCK]++;
  // A block without matches still declares a distance code (HDIST >= 1); give it one symbol.
  int any_distance = 0;
  for (int symbol = 0; symbol < DEFLATE_DIST_SYMBOLS; symbol++) {
    if (dist_freq[symbol] > 0) any_distance = 1;
  }
  if (!any_distance) dist_freq[0] = 1;

  // Steps 2 and 3: the codes.
  BlockCodes *codes = &block_codes;
  build_code_lengths(litlen_freq, DEFLATE_LITLEN_SYMBOLS, DEFLATE_MAX_CODE_BITS,
                     codes->litlen_lengths);
  build_code_lengths(dist_freq, DEFLATE_DIST_SYMBOLS, DEFLATE_MAX_CODE_BITS, codes->dist_lengths);
  deflate_reversed_codes(codes->litlen_lengths, DEFLATE_LITLEN_SYMBOLS, codes->litlen_codes);
  deflate_reversed_codes(codes->dist_lengths, DEFLATE_DIST_SYMBOLS, codes->dist_codes);

  // Step 7: the stream.
  BitWriter w = bit_writer(qip_output, QIP_OUTPUT_CAP);
  put_zlib_header(&w);
  write_block_header(&w, codes);
  for (uint32_t i = 0; i < token_count; i++) {
    uint16_t token = tokens[i];
    if (token < 256) {
      put_symbol(&w, codes, token);
    } else {
      put_match(&w, codes, token - 256u + DEFLATE_MIN_MATCH, tokens[++i]);
    }
  }
  put_symbol(&w, codes, DEFLATE_END_OF_BLOCK);

  put_zlib_trailer(&w, qip_input, input_size);
  return w.bytes.overflow ? 0 : w.bytes.len;
}
