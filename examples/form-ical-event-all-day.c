// form-ical-event-all-day: asks for a title and a date, then prints an all-day iCalendar event.
//
// Form contract (abi.md §6): exports are functions; input UTF-8 cap 1024, output UTF-8 cap 8192,
// 17 pages of memory (set here):
// qip-build: -Wl,--initial-memory=1114112
//
// Steps: title "Event title" (required, at most 256 bytes); date "Event date (YYYY-MM-DD)"
// (required, a real date from 0001-01-01 to 9999-12-30). Output for Launch / 2026-03-05, every
// line ending in CRLF:
//
//   BEGIN:VCALENDAR
//   VERSION:2.0
//   PRODID:-//qip//Form Calendar//EN
//   CALSCALE:GREGORIAN
//   BEGIN:VEVENT
//   UID:qip-form-20260305@example.com
//   DTSTAMP:20260305T000000Z
//   SUMMARY:Launch
//   DTSTART;VALUE=DATE:20260305
//   DTEND;VALUE=DATE:20260306
//   END:VEVENT
//   END:VCALENDAR
//
// DTEND is exclusive in iCalendar, so a one-day event ends on the following day. The title is
// escaped and folded as an iCalendar TEXT value (form/_content_lines.h).

#include "form/_ical_event.h"

static const form_step STEPS[] = {ICAL_TITLE_STEP, ICAL_DATE_STEP};

static const form_step *form_steps(u32 *count) {
  *count = sizeof STEPS / sizeof STEPS[0];
  return STEPS;
}

static void form_render(qip_writer *out) {
  ical_moment start = ical_date_answer(form_answer(1));
  ical_moment end = start;
  greg_next_day(&end.year, &end.month, &end.day);

  ical_begin(out, form_answer(0), start, 0);
  content_line dtstart = line_begin(out, "DTSTART;VALUE=DATE:");
  ical_put_date(&dtstart, start);
  line_end(&dtstart);
  content_line dtend = line_begin(out, "DTEND;VALUE=DATE:");
  ical_put_date(&dtend, end);
  line_end(&dtend);
  ical_end(out);
}
