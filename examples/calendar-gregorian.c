// calendar-gregorian: `YYYY-MM` → an ASCII table of that month, weeks starting on Monday.
//
// Run contract: exports are functions; UTF-8 in (64 KiB cap), UTF-8 out (128 KiB cap).
//
//   printf %s 2024-01 | qip run examples/calendar-gregorian.wasm
//   +----+----+----+----+----+----+----+
//   | Mo | Tu | We | Th | Fr | Sa | Su |
//   +----+----+----+----+----+----+----+
//   |  1 |  2 |  3 |  4 |  5 |  6 |  7 |
//   +----+----+----+----+----+----+----+
//   …
//   | 29 | 30 | 31 |    |    |    |    |
//   +----+----+----+----+----+----+----+
//
// Every line, the last included, ends with "\n". The input may be followed by one line break
// ("\n" or "\r\n") so that `echo 2024-01` works; anything else, a year 0000, a month outside
// 01..12 or a year that is not four digits gives empty output. Years 0001..9999 use the
// proleptic Gregorian calendar.

#define QIP_INPUT_CAP 65536
#define QIP_OUTPUT_CAP 131072
#define QIP_TRANSFORM
#include "include/qip_stage.h"
#include "text/_gregorian.h"

static const char BORDER[] = "+----+----+----+----+----+----+----+\n";
static const char HEADER[] = "| Mo | Tu | We | Th | Fr | Sa | Su |\n";

static int parse_year_month(const u8 *p, u32 len, u32 *year, u32 *month) {
  if (len == 9 && p[7] == '\r' && p[8] == '\n') len = 7;
  if (len == 8 && p[7] == '\n') len = 7;
  if (len != 7 || p[4] != '-') return 0;
  if (!parse_fixed_digits(p, 4, year) || !parse_fixed_digits(p + 5, 2, month)) return 0;
  return *year >= 1 && *month >= 1 && *month <= 12;
}

static u32 transform(const u8 *input, u32 size, qip_writer *out) {
  u32 year, month;
  if (!parse_year_month(input, size, &year, &month)) return 0;

  put_str(out, BORDER);
  put_str(out, HEADER);
  put_str(out, BORDER);

  // Walk the grid cell by cell: cells before the 1st and after the last day stay blank, and a
  // row is only started while days remain, so a month spans four to six rows.
  u32 last_day = greg_days_in_month(year, month);
  u32 blanks_before = greg_weekday(year, month, 1);
  for (u32 cell = 0; cell < blanks_before + last_day; cell += 7) {
    put_byte(out, '|');
    for (u32 column = 0; column < 7; column++) {
      u32 slot = cell + column;
      if (slot < blanks_before || slot >= blanks_before + last_day) {
        put_str(out, "    |");
      } else {
        put_byte(out, ' ');
        put_uint_padded(out, slot - blanks_before + 1, 2, ' ');
        put_str(out, " |");
      }
    }
    put_byte(out, '\n');
    put_str(out, BORDER);
  }
  return out->len;
}
