// form-email-message: asks for a first name and an e-mail address, then prints a welcome e-mail.
//
// Form contract (abi.md §6): exports are functions; input UTF-8 cap 1024, output UTF-8 cap 8192,
// 17 pages of memory (set here):
// qip-build: -Wl,--initial-memory=1114112
//
//   $ printf '\nAda\nnot-an-email\nada@example.com\n' | qip form examples/form-email-message.wasm
//   First name: Error: First name is required.
//   First name: Email address: Error: Email address is invalid.
//   Email address: From: no-reply@example.com
//   To: "Ada" <ada@example.com>
//   Subject: Welcome, Ada
//
//   Hi Ada,
//
//   Thanks for trying qip form modules.
//   We will keep in touch at ada@example.com.
//
//   Regards,
//   qip
//
// Steps: first_name "First name" (required, at most 128 bytes), email "Email address"
// (required, at most 254 bytes, shape checked as in form/_form_module.h). The message uses "\n"
// line endings and ends with one. In the To: header the name is a quoted string, so `"` and `\`
// in it are escaped with a backslash; non-ASCII names are written as UTF-8 (RFC 6532).

#include "form/_form_module.h"

static const form_step STEPS[] = {
    {"first_name", "First name", "First name", 1, 128, 0},
    {"email", "Email address", "Email address", 1, 254, form_check_email},
};

static const form_step *form_steps(u32 *count) {
  *count = sizeof STEPS / sizeof STEPS[0];
  return STEPS;
}

static void put_quoted(qip_writer *out, form_text text) {
  put_byte(out, '"');
  for (u32 i = 0; i < text.len; i++) {
    if (text.bytes[i] == '"' || text.bytes[i] == '\\') put_byte(out, '\\');
    put_byte(out, text.bytes[i]);
  }
  put_byte(out, '"');
}

static void form_render(qip_writer *out) {
  form_text name = form_answer(0), email = form_answer(1);
  put_str(out, "From: no-reply@example.com\nTo: ");
  put_quoted(out, name);
  put_str(out, " <");
  put_bytes(out, email.bytes, email.len);
  put_str(out, ">\nSubject: Welcome, ");
  put_bytes(out, name.bytes, name.len);
  put_str(out, "\n\nHi ");
  put_bytes(out, name.bytes, name.len);
  put_str(out, ",\n\nThanks for trying qip form modules.\nWe will keep in touch at ");
  put_bytes(out, email.bytes, email.len);
  put_str(out, ".\n\nRegards,\nqip\n");
}
