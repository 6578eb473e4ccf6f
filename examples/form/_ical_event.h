// What the two iCalendar forms (form-ical-event-all-day, form-ical-event-minutes) share: the
// title and date steps, and the calendar around the event's DTSTART and DTEND lines:
//
//   BEGIN:VCALENDAR
//   VERSION:2.0
//   PRODID:-//qip//Form Calendar//EN
//   CALSCALE:GREGORIAN
//   BEGIN:VEVENT
//   UID:qip-form-<YYYYMMDD>[T<HHMMSS>]@example.com
//   DTSTAMP:<YYYYMMDD>T000000Z
//   SUMMARY:<title>
//   DTSTART… and DTEND…, written by the module
//   END:VEVENT
//   END:VCALENDAR
//
// Every line ends in CRLF (form/_content_lines.h). A module has no clock, so DTSTAMP (required by
// RFC 5545) is midnight UTC of the event date, and the UID is built from the date and start
// time: the output depends on the answers alone, and importing the same answers twice updates
// one event instead of duplicating it.
#ifndef QIP_FORM_ICAL_EVENT_H
#define QIP_FORM_ICAL_EVENT_H

#include "../text/_gregorian.h"
#include "_content_lines.h"
#include "_form_module.h"

typedef struct {
  u32 year, month, day, hour, minute;
} ical_moment;

static inline const char *ical_check_date(const u8 *v, u32 len) {
  u32 year, month, day;
  if (!greg_parse_date(v, len, &year, &month, &day)) return FORM_INVALID;
  // An event ends on its own day or the next one, and that day needs a four-digit year too.
  if (year == 9999 && month == 12 && day == 31) return "Event date must be before 9999-12-31.";
  return 0;
}

// A date that is too long is reported as invalid rather than "too long", hence the length limit
// of a whole answer.
#define ICAL_TITLE_STEP {"title", "Event title", "Event title", 1, 256, 0}
#define ICAL_DATE_STEP                                                                        \
  {"date", "Event date (YYYY-MM-DD)", "Event date", 1, FORM_INPUT_CAP, ical_check_date}

// The answer of a date step, which its check already validated.
static inline ical_moment ical_date_answer(form_text date) {
  ical_moment m = {0, 0, 0, 0, 0};
  greg_parse_date(date.bytes, date.len, &m.year, &m.month, &m.day);
  return m;
}

static inline void ical_put_date(content_line *line, ical_moment m) {
  line_put_digits(line, m.year, 4);
  line_put_digits(line, m.month, 2);
  line_put_digits(line, m.day, 2);
}

// Local time with seconds, as in "T093000".
static inline void ical_put_time(content_line *line, ical_moment m) {
  line_put_ascii(line, "T");
  line_put_digits(line, m.hour, 2);
  line_put_digits(line, m.minute, 2);
  line_put_ascii(line, "00");
}

static inline void ical_put_line(qip_writer *out, const char *text) {
  content_line line = line_begin(out, text);
  line_end(&line);
}

// Everything up to and including SUMMARY; `timed` adds the start time to the UID.
static inline void ical_begin(qip_writer *out, form_text title, ical_moment start, int timed) {
  ical_put_line(out, "BEGIN:VCALENDAR");
  ical_put_line(out, "VERSION:2.0");
  ical_put_line(out, "PRODID:-//qip//Form Calendar//EN");
  ical_put_line(out, "CALSCALE:GREGORIAN");
  ical_put_line(out, "BEGIN:VEVENT");

  content_line uid = line_begin(out, "UID:qip-form-");
  ical_put_date(&uid, start);
  if (timed) ical_put_time(&uid, start);
  line_put_ascii(&uid, "@example.com");
  line_end(&uid);

  content_line stamp = line_begin(out, "DTSTAMP:");
  ical_put_date(&stamp, start);
  line_put_ascii(&stamp, "T000000Z");
  line_end(&stamp);

  content_line summary = line_begin(out, "SUMMARY:");
  line_put_text(&summary, title.bytes, title.len);
  line_end(&summary);
}

static inline void ical_end(qip_writer *out) {
  ical_put_line(out, "END:VEVENT");
  ical_put_line(out, "END:VCALENDAR");
}

#endif
