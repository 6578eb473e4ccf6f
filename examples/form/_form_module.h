// Form-mode plumbing shared by the four form modules (abi.md §6): the twelve exports, the step
// state machine, and the checks that more than one form needs.
//
// A module describes its prompts as a table of `form_step`s and writes the finished document in
// `form_render`; this file does the rest. Each answer is trimmed of ASCII space, tab, CR and LF,
// then checked in order: required, length, valid UTF-8, no control characters, the step's own
// check. A rejected answer keeps the step and sets the error message, which the host prints
// before asking again; an accepted one is stored, clears the error and moves on. `run` returns 0
// until the last answer is accepted, then renders the document and returns its size, and keeps
// returning that size if called again.
//
// Control characters are refused because every document is line-based: a stray CR inside a
// name would otherwise start a new header or property line.
#ifndef QIP_FORM_MODULE_H
#define QIP_FORM_MODULE_H

#define FORM_INPUT_CAP 1024
#define FORM_OUTPUT_CAP 8192
#define FORM_MAX_STEPS 8

// The answer buffer and the document: input_ptr, input_utf8_cap, output_ptr, output_utf8_cap.
#define QIP_INPUT_CAP FORM_INPUT_CAP
#define QIP_OUTPUT_CAP FORM_OUTPUT_CAP
#include "../include/qip_stage.h"
#include "../include/qip_writer.h"

typedef struct {
  const char *key;     // stable field key, e.g. "first_name"
  const char *label;   // the prompt, e.g. "Event date (YYYY-MM-DD)"
  const char *subject; // how error messages name the field, e.g. "Event date"
  int required;        // when 0 an empty answer is accepted without further checks
  u32 max_bytes;       // longest answer accepted after trimming
  // The step's own rule: 0 when the answer is fine, FORM_INVALID for "<subject> is invalid.",
  // or a complete message. May be 0 when the generic checks suffice.
  const char *(*check)(const u8 *value, u32 len);
} form_step;

// A distinct address, compared by identity: "use the standard invalid-value message".
static const char FORM_INVALID[] = "invalid";

// Supplied by the module: its steps, and the document built from the accepted answers.
static const form_step *form_steps(u32 *count);
static void form_render(qip_writer *out);

static u8 form_answers[FORM_MAX_STEPS][FORM_INPUT_CAP];
static u32 form_answer_lens[FORM_MAX_STEPS];
static u32 form_step_index;
static u32 form_output_len;
static u8 form_error[256];
static u32 form_error_len;

typedef struct {
  const u8 *bytes;
  u32 len;
} form_text;

// The accepted answer of step `index` (empty for a skipped optional step).
static inline form_text form_answer(u32 index) {
  form_text t = {form_answers[index], form_answer_lens[index]};
  return t;
}

static inline const form_step *form_current_step(void) {
  u32 count;
  const form_step *steps = form_steps(&count);
  return form_step_index < count ? &steps[form_step_index] : 0;
}

// ---- Exports (beyond those of include/qip_stage.h) ----------------------------------------------

// A complete form has an empty key; the pointer of an empty string is never read.
QIP_EXPORT("input_key_ptr") u32 input_key_ptr(void) {
  const form_step *step = form_current_step();
  return step ? (u32)step->key : 0;
}
QIP_EXPORT("input_key_size") u32 input_key_size(void) {
  const form_step *step = form_current_step();
  return step ? c_string_length(step->key) : 0;
}
QIP_EXPORT("input_label_ptr") u32 input_label_ptr(void) {
  const form_step *step = form_current_step();
  return step ? (u32)step->label : 0;
}
QIP_EXPORT("input_label_size") u32 input_label_size(void) {
  const form_step *step = form_current_step();
  return step ? c_string_length(step->label) : 0;
}
QIP_EXPORT("error_message_ptr") u32 error_message_ptr(void) { return (u32)form_error; }
QIP_EXPORT("error_message_size") u32 error_message_size(void) { return form_error_len; }

// ---- Checks -------------------------------------------------------------------------------------

static inline int form_is_trimmed_space(u8 c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static inline int form_has_control_char(const u8 *v, u32 len) {
  for (u32 i = 0; i < len; i++) {
    if (v[i] < 0x20 || v[i] == 0x7F) return 1;
  }
  return 0;
}

// Strict UTF-8 (no overlong forms, surrogates or code points past U+10FFFF): the host refuses to
// print an output that is not valid UTF-8, so a bad answer is caught here, at its own step.
static inline int form_is_utf8(const u8 *v, u32 len) {
  u32 i = 0;
  while (i < len) {
    u8 b = v[i];
    u32 n, cp, min;
    if (b < 0x80) {
      i++;
      continue;
    } else if ((b & 0xE0) == 0xC0) {
      n = 1, cp = b & 0x1F, min = 0x80;
    } else if ((b & 0xF0) == 0xE0) {
      n = 2, cp = b & 0x0F, min = 0x800;
    } else if ((b & 0xF8) == 0xF0) {
      n = 3, cp = b & 0x07, min = 0x10000;
    } else {
      return 0;
    }
    if (len - i - 1 < n) return 0;
    for (u32 k = 1; k <= n; k++) {
      if ((v[i + k] & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (v[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    i += n + 1;
  }
  return 1;
}

// The address shape the forms accept: exactly one '@', neither first nor last; no spaces; and a
// '.' in the domain that is neither its first nor its last character. Deliberately loose: the
// only way to know an address works is to write to it.
static inline const char *form_check_email(const u8 *v, u32 len) {
  u32 at = len, ats = 0;
  for (u32 i = 0; i < len; i++) {
    if (v[i] == ' ') return FORM_INVALID;
    if (v[i] == '@') {
      at = i;
      ats++;
    }
  }
  if (ats != 1 || at == 0 || at == len - 1) return FORM_INVALID;
  const u8 *domain = v + at + 1;
  u32 domain_len = len - at - 1;
  if (domain[0] == '.' || domain[domain_len - 1] == '.') return FORM_INVALID;
  for (u32 i = 1; i + 1 < domain_len; i++) {
    if (domain[i] == '.') return 0;
  }
  return FORM_INVALID;
}

static inline void form_set_error(const char *subject, const char *rest) {
  qip_writer w = qip_writer_over(form_error, sizeof form_error);
  put_str(&w, subject);
  put_str(&w, rest);
  form_error_len = w.len;
}

// Applies the generic checks and the step's own; returns 1 when the answer is accepted.
static inline int form_accept(const form_step *step, const u8 *v, u32 len) {
  if (len == 0) {
    if (!step->required) return 1;
    form_set_error(step->subject, " is required.");
    return 0;
  }
  if (len > step->max_bytes) {
    form_set_error(step->subject, " is too long.");
    return 0;
  }
  if (!form_is_utf8(v, len)) {
    form_set_error(step->subject, " is not valid UTF-8.");
    return 0;
  }
  if (form_has_control_char(v, len)) {
    form_set_error(step->subject, " must not contain control characters.");
    return 0;
  }
  const char *message = step->check ? step->check(v, len) : 0;
  if (message == FORM_INVALID) {
    form_set_error(step->subject, " is invalid.");
    return 0;
  }
  if (message != 0) {
    form_set_error("", message);
    return 0;
  }
  return 1;
}

// ---- run ----------------------------------------------------------------------------------------

QIP_EXPORT("run") u32 run(u32 input_size) {
  const form_step *step = form_current_step();
  if (step == 0) return form_output_len; // complete: the document is already in place

  const u8 *v = qip_input;
  u32 len = qip_input_size(input_size);
  while (len > 0 && form_is_trimmed_space(v[0])) {
    v++;
    len--;
  }
  while (len > 0 && form_is_trimmed_space(v[len - 1])) len--;

  if (!form_accept(step, v, len)) return 0;
  for (u32 i = 0; i < len; i++) form_answers[form_step_index][i] = v[i];
  form_answer_lens[form_step_index] = len;
  form_error_len = 0;
  form_step_index++;
  if (form_current_step() != 0) return 0;

  // Step limits keep every document far below the output capacity; if one ever did not fit,
  // reporting no output is better than a truncated card or calendar.
  qip_writer out = qip_writer_over(qip_output, FORM_OUTPUT_CAP);
  form_render(&out);
  form_output_len = out.overflow ? 0 : out.len;
  return form_output_len;
}

#endif
