// Proleptic Gregorian calendar arithmetic for years 1..9999, shared by calendar-gregorian and
// the two iCalendar forms. Modules have no clock and no libc, so dates are plain numbers.
#ifndef QIP_GREGORIAN_H
#define QIP_GREGORIAN_H

#include "../include/qip_ascii.h"
#include "../include/qip_writer.h" // u8, u32

static inline int greg_is_leap(u32 year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static inline u32 greg_days_in_month(u32 year, u32 month) {
  static const u8 DAYS[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && greg_is_leap(year)) return 29;
  return DAYS[month - 1];
}

// 0 = Monday … 6 = Sunday. Counts days since 0001-01-01, which was a Monday in the proleptic
// calendar, so no lookup table or century correction term is needed.
static inline u32 greg_weekday(u32 year, u32 month, u32 day) {
  u32 y = year - 1;
  u32 days = 365 * y + y / 4 - y / 100 + y / 400;
  for (u32 m = 1; m < month; m++) days += greg_days_in_month(year, m);
  return (days + day - 1) % 7;
}

// The last representable date is 9999-12-31; a caller must not step past it.
static inline void greg_next_day(u32 *year, u32 *month, u32 *day) {
  if (*day < greg_days_in_month(*year, *month)) {
    *day += 1;
  } else if (*month < 12) {
    *month += 1;
    *day = 1;
  } else {
    *year += 1;
    *month = 1;
    *day = 1;
  }
}

// Strict `YYYY-MM-DD`: exactly ten bytes, a real calendar date, year 0001 or later.
static inline int greg_parse_date(const u8 *p, u32 len, u32 *year, u32 *month, u32 *day) {
  if (len != 10 || p[4] != '-' || p[7] != '-') return 0;
  if (!parse_fixed_digits(p, 4, year) || !parse_fixed_digits(p + 5, 2, month) ||
      !parse_fixed_digits(p + 8, 2, day)) {
    return 0;
  }
  if (*year < 1 || *month < 1 || *month > 12) return 0;
  return *day >= 1 && *day <= greg_days_in_month(*year, *month);
}

#endif
