// form-vcard-business: asks for a business contact's details, then prints a vCard.
//
// Form contract (abi.md §6): exports are functions; input UTF-8 cap 1024, output UTF-8 cap 8192,
// 17 pages of memory (set here):
// qip-build: -Wl,--initial-memory=1114112
//
// Steps (optional ones accept an empty answer and leave their line out):
//   business_name "Business name"      required, at most 256 bytes
//   contact_name  "Contact full name"  required, at most 128 bytes
//   job_title     "Job title"          optional, at most 128 bytes
//   email         "Email address"      required, at most 254 bytes, shape as in form-email-message
//   phone         "Phone number"       optional, at most 64 bytes: 3 to 20 digits, with spaces,
//                                      "-", ".", "(", ")" and a leading "+" allowed
//   website       "Website URL"        optional, at most 512 bytes: http:// or https://, a host,
//                                      no spaces
//
// Output: vCard 3.0 (RFC 2426), the version address books import most widely, every line ending
// in CRLF. For Analytical Engines / Ada Lovelace / Founder / ada@example.com / +44 20 7946 0000 /
// https://example.com:
//
//   BEGIN:VCARD
//   VERSION:3.0
//   N:Lovelace;Ada;;;
//   FN:Ada Lovelace
//   ORG:Analytical Engines
//   TITLE:Founder
//   EMAIL;TYPE=INTERNET,WORK:ada@example.com
//   TEL;TYPE=WORK,VOICE:+44 20 7946 0000
//   URL:https://example.com
//   END:VCARD
//
// vCard 3.0 requires the structured N beside FN, and the form asks for one full name: the last
// space-separated word becomes the family name and the rest the given names (a single word is a
// given name). Text values are escaped and folded (form/_content_lines.h); the URL is written as
// is, being a URI rather than text.

#include "form/_content_lines.h"
#include "form/_form_module.h"
#include "include/qip_ascii.h"

enum { BUSINESS, CONTACT, JOB_TITLE, EMAIL, PHONE, WEBSITE };

static const char *check_phone(const u8 *v, u32 len) {
  u32 digits = 0;
  for (u32 i = 0; i < len; i++) {
    u8 c = v[i];
    if (is_ascii_digit(c)) {
      digits++;
    } else if (!(c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' ||
                 (c == '+' && i == 0))) {
      return FORM_INVALID;
    }
  }
  return digits >= 3 && digits <= 20 ? 0 : FORM_INVALID;
}

static int has_prefix_ignoring_case(const u8 *v, u32 len, const char *prefix) {
  u32 n = c_string_length(prefix);
  if (len < n) return 0;
  for (u32 i = 0; i < n; i++) {
    if (ascii_lower(v[i]) != (u8)prefix[i]) return 0;
  }
  return 1;
}

static const char *check_website(const u8 *v, u32 len) {
  u32 host;
  if (has_prefix_ignoring_case(v, len, "https://")) {
    host = 8;
  } else if (has_prefix_ignoring_case(v, len, "http://")) {
    host = 7;
  } else {
    return FORM_INVALID;
  }
  if (host == len || v[host] == '/' || v[host] == '?' || v[host] == '#') return FORM_INVALID;
  for (u32 i = host; i < len; i++) {
    if (v[i] == ' ') return FORM_INVALID;
  }
  return 0;
}

static const form_step STEPS[] = {
    [BUSINESS] = {"business_name", "Business name", "Business name", 1, 256, 0},
    [CONTACT] = {"contact_name", "Contact full name", "Contact full name", 1, 128, 0},
    [JOB_TITLE] = {"job_title", "Job title", "Job title", 0, 128, 0},
    [EMAIL] = {"email", "Email address", "Email address", 1, 254, form_check_email},
    [PHONE] = {"phone", "Phone number", "Phone number", 0, 64, check_phone},
    [WEBSITE] = {"website", "Website URL", "Website URL", 0, 512, check_website},
};

static const form_step *form_steps(u32 *count) {
  *count = sizeof STEPS / sizeof STEPS[0];
  return STEPS;
}

static void put_text_line(qip_writer *out, const char *name, form_text value) {
  if (value.len == 0) return;
  content_line line = line_begin(out, name);
  line_put_text(&line, value.bytes, value.len);
  line_end(&line);
}

// N:<family>;<given>;;; from the full name.
static void put_structured_name(qip_writer *out, form_text full) {
  u32 split = full.len;
  while (split > 0 && full.bytes[split - 1] != ' ') split--;
  u32 given_len = split;
  while (given_len > 0 && full.bytes[given_len - 1] == ' ') given_len--;

  content_line line = line_begin(out, "N:");
  if (split > 0) line_put_text(&line, full.bytes + split, full.len - split);
  line_put_ascii(&line, ";");
  line_put_text(&line, full.bytes, split > 0 ? given_len : full.len);
  line_put_ascii(&line, ";;;");
  line_end(&line);
}

static void form_render(qip_writer *out) {
  put_str(out, "BEGIN:VCARD\r\nVERSION:3.0\r\n");
  put_structured_name(out, form_answer(CONTACT));
  put_text_line(out, "FN:", form_answer(CONTACT));
  put_text_line(out, "ORG:", form_answer(BUSINESS));
  put_text_line(out, "TITLE:", form_answer(JOB_TITLE));
  put_text_line(out, "EMAIL;TYPE=INTERNET,WORK:", form_answer(EMAIL));
  put_text_line(out, "TEL;TYPE=WORK,VOICE:", form_answer(PHONE));

  form_text website = form_answer(WEBSITE);
  if (website.len > 0) {
    content_line line = line_begin(out, "URL:");
    for (u32 i = 0; i < website.len; i++) line_put_piece(&line, website.bytes + i, 1);
    line_end(&line);
  }
  put_str(out, "END:VCARD\r\n");
}
