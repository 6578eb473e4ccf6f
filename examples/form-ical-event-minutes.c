// form-ical-event-minutes: asks for a title, a date, a start time and a duration, then prints a
// timed iCalendar event.
//
// Form contract (abi.md §6): exports are functions; input UTF-8 cap 1024, output UTF-8 cap 8192,
// 17 pages of memory (set here):
// qip-build: -Wl,--initial-memory=1114112
//
// Steps: title "Event title" (required, at most 256 bytes); date "Event date (YYYY-MM-DD)"
// (required, 0001-01-01 to 9999-12-30); start_time "Start time (HH:MM)" (24-hour, 00:00 to
// 23:59, two digits each); duration_minutes "Duration in minutes" (a whole number from 1 to
// 1440, so an event lasts at most a day). Output for Standup / 2026-03-05 / 23:30 / 45, every
// line ending in CRLF:
//
//   BEGIN:VCALENDAR
//   VERSION:2.0
//   PRODID:-//qip//Form Calendar//EN
//   CALSCALE:GREGORIAN
//   BEGIN:VEVENT
//   UID:qip-form-20260305T233000@example.com
//   DTSTAMP:20260305T000000Z
//   SUMMARY:Standup
//   DTSTART:20260305T233000
//   DTEND:20260306T001500
//   END:VEVENT
//   END:VCALENDAR
//
// The end rolls over to the next day (month, year) when the event passes midnight. Times are
// "floating" (no Z, no TZID): the form does not ask for a time zone, so the event happens at that
// wall-clock time wherever the calendar is. The title is escaped and folded as an iCalendar TEXT
// value (form/_content_lines.h).

#include "form/_ical_event.h"

#define MINUTES_PER_DAY 1440

static const char *check_start_time(const u8 *v, u32 len) {
  u32 hour, minute;
  if (len != 5 || v[2] != ':' || !parse_fixed_digits(v, 2, &hour) ||
      !parse_fixed_digits(v + 3, 2, &minute) || hour > 23 || minute > 59) {
    return FORM_INVALID;
  }
  return 0;
}

static const char *check_duration(const u8 *v, u32 len) {
  u32 minutes;
  // Four digits are enough for the range and keep the number from overflowing.
  if (len > 4 || !parse_fixed_digits(v, len, &minutes)) return FORM_INVALID;
  if (minutes < 1 || minutes > MINUTES_PER_DAY) {
    return "Duration must be between 1 and 1440 minutes.";
  }
  return 0;
}

static const form_step STEPS[] = {
    ICAL_TITLE_STEP,
    ICAL_DATE_STEP,
    {"start_time", "Start time (HH:MM)", "Start time", 1, FORM_INPUT_CAP, check_start_time},
    {"duration_minutes", "Duration in minutes", "Duration", 1, FORM_INPUT_CAP, check_duration},
};

static const form_step *form_steps(u32 *count) {
  *count = sizeof STEPS / sizeof STEPS[0];
  return STEPS;
}

static void put_timed(qip_writer *out, const char *name, ical_moment m) {
  content_line line = line_begin(out, name);
  ical_put_date(&line, m);
  ical_put_time(&line, m);
  line_end(&line);
}

static void form_render(qip_writer *out) {
  form_text time = form_answer(2), duration = form_answer(3);
  ical_moment start = ical_date_answer(form_answer(1));
  u32 minutes;
  parse_fixed_digits(time.bytes, 2, &start.hour);
  parse_fixed_digits(time.bytes + 3, 2, &start.minute);
  parse_fixed_digits(duration.bytes, duration.len, &minutes);

  // With at most a day's duration the end is on the start day or the next one.
  ical_moment end = start;
  u32 end_minute = start.hour * 60 + start.minute + minutes;
  if (end_minute >= MINUTES_PER_DAY) {
    end_minute -= MINUTES_PER_DAY;
    greg_next_day(&end.year, &end.month, &end.day);
  }
  end.hour = end_minute / 60;
  end.minute = end_minute % 60;

  ical_begin(out, form_answer(0), start, 1);
  put_timed(out, "DTSTART:", start);
  put_timed(out, "DTEND:", end);
  ical_end(out);
}
