// shortcode-to-emoji: replaces GitHub-style `:shortcode:` names with their emoji; everything
// else, unknown names included, is copied unchanged.
//
// Run contract: exports are functions; UTF-8 in (128 KiB cap), UTF-8 out (256 KiB cap).
//
//   echo "Run :rocket: WebAssembly pipelines identically on any computer :sparkles:" |
//     qip run examples/shortcode-to-emoji.wasm
//   Run 🚀 WebAssembly pipelines identically on any computer ✨
//
//   Hello :smile: world  ->  Hello 😄 world
//   Hi :notreal: there   ->  Hi :notreal: there
//   Ship :octocat:       ->  Ship :octocat:   (a GitHub image, not a Unicode emoji)
//
// The names are GitHub's (gemoji), generated into shortcode/_shortcode_table.h by
// scripts/generate_shortcode_table.ts. Names are matched exactly (lowercase); `:+1:` and
// `:-1:` work. A colon that does not open a known name is ordinary text, so in "a:b :smile:"
// only the second pair is replaced. A few emoji are longer than their names (`:a:` is 7 bytes
// of UTF-8), so output could in principle exceed twice the input: an output that does not fit
// in its capacity gives empty output rather than a silently truncated text.

#define QIP_INPUT_CAP 131072
#define QIP_OUTPUT_CAP 262144
#define QIP_TRANSFORM
#include "include/qip_ascii.h"
#include "include/qip_stage.h"
#include "shortcode/_shortcode_table.h"

static int is_name_char(u8 c) {
  return (c >= 'a' && c <= 'z') || is_ascii_digit(c) || c == '_' || c == '+' || c == '-';
}

// Byte-wise comparison of a candidate name with a NUL-terminated table name.
static int compare_name(const u8 *name, u32 len, const char *entry) {
  for (u32 i = 0; i < len; i++) {
    u8 e = (u8)entry[i];
    if (e == 0) return 1; // the entry is a prefix of the candidate, so it sorts first
    if (name[i] != e) return name[i] < e ? -1 : 1;
  }
  return entry[len] == 0 ? 0 : -1;
}

// Binary search over the sorted table; 0 when the name is unknown.
static const shortcode *find_shortcode(const u8 *name, u32 len) {
  u32 low = 0, high = sizeof SHORTCODES / sizeof SHORTCODES[0];
  while (low < high) {
    u32 mid = low + (high - low) / 2;
    int order = compare_name(name, len, SHORTCODES[mid].name);
    if (order == 0) return &SHORTCODES[mid];
    if (order < 0) {
      high = mid;
    } else {
      low = mid + 1;
    }
  }
  return 0;
}

static u32 transform(const u8 *input, u32 size, qip_writer *out) {
  u32 i = 0;
  while (i < size) {
    if (input[i] == ':') {
      // Only a run of name characters closed by a colon can be a shortcode; the bound on its
      // length keeps a long run of such characters from being rescanned at every colon.
      u32 end = i + 1;
      while (end < size && end - i - 1 <= SHORTCODE_NAME_MAX && is_name_char(input[end])) end++;
      if (end < size && input[end] == ':' && end > i + 1) {
        const shortcode *match = find_shortcode(input + i + 1, end - i - 1);
        if (match != 0) {
          put_str(out, match->emoji);
          i = end + 1;
          continue;
        }
      }
    }
    put_byte(out, input[i]);
    i++;
  }
  return out->overflow ? 0 : out->len;
}
