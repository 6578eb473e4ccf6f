// html-aria-extractor: one line per link, button, heading, radio button and checkbox in an HTML
// document, in document order:
//
//   <role>: <accessible name>\n
//
// Run contract: exports are functions; UTF-8 in (64 KiB cap), UTF-8 out (64 KiB cap).
//
//   printf %s '<a href="/a">Go</a><button>Push</button><h2>Title</h2>'\
//     '<input type="radio" aria-label="Yes"><div role="checkbox" aria-label="Ok"></div>' |
//     qip run examples/html-aria-extractor.wasm
//   link: Go
//   button: Push
//   heading: Title
//   radio: Yes
//   checkbox: Ok
//
// Roles come from the `role` attribute when it names one of the five (the first such token
// wins); an element whose `role` names only other roles is something else and is skipped.
// Otherwise the tag decides: <a href> is a link; <button> and <input type=button|submit|reset|
// image> are buttons; <h1>..<h6> are headings; <input type=radio|checkbox> are radios and
// checkboxes. Hidden subtrees (`hidden`, aria-hidden="true") and <template> contents are not
// part of the accessibility tree and are skipped. Names follow html/_html_names.h; inputs are
// named by their <label> (for=id or wrapping) and buttons by their value or default text. An
// element without a name prints "<role>:". Output that would exceed the capacity ends after the
// last whole line that fits.

#define QIP_INPUT_CAP 65536
#define QIP_OUTPUT_CAP 65536
#define QIP_TRANSFORM
#include "include/qip_stage.h"
#include "html/_html_names.h"

typedef enum { ROLE_NONE, ROLE_LINK, ROLE_BUTTON, ROLE_HEADING, ROLE_RADIO, ROLE_CHECKBOX } role;

static const char *const ROLE_NAMES[] = {"", "link", "button", "heading", "radio", "checkbox"};

static role role_from_attribute(html_span value, int *names_a_role) {
  u32 p = value.start, end = value.start + value.len;
  *names_a_role = 0;
  while (p < end) {
    while (p < end && is_ascii_space(html_bytes[p])) p++;
    html_span token = {p, 0};
    while (p < end && !is_ascii_space(html_bytes[p])) p++;
    token.len = p - token.start;
    if (token.len == 0) continue;
    *names_a_role = 1;
    for (u32 r = ROLE_LINK; r <= ROLE_CHECKBOX; r++) {
      if (html_span_is(token, ROLE_NAMES[r])) return (role)r;
    }
  }
  return ROLE_NONE;
}

static html_span input_type(const html_token *t) {
  html_span type;
  if (!html_attr(t, "type", &type)) type.len = 0;
  return html_trim(type);
}

static role native_role(const html_token *t) {
  html_span href;
  if (html_span_is(t->name, "a")) return html_attr(t, "href", &href) ? ROLE_LINK : ROLE_NONE;
  if (html_span_is(t->name, "button")) return ROLE_BUTTON;
  if (html_is_heading(t->name)) return ROLE_HEADING;
  if (!html_span_is(t->name, "input")) return ROLE_NONE;
  html_span type = input_type(t);
  if (html_span_is(type, "radio")) return ROLE_RADIO;
  if (html_span_is(type, "checkbox")) return ROLE_CHECKBOX;
  if (html_span_is(type, "button") || html_span_is(type, "submit") ||
      html_span_is(type, "reset") || html_span_is(type, "image")) {
    return ROLE_BUTTON;
  }
  return ROLE_NONE;
}

static role element_role(const html_token *t) {
  html_span value;
  if (html_attr(t, "role", &value)) {
    int names_a_role;
    role r = role_from_attribute(value, &names_a_role);
    if (names_a_role) return r;
  }
  return native_role(t);
}

// A <label> names an input through for="<input id>", or by containing it when it has no `for`
// pointing elsewhere.
static int name_put_labels(html_name *n, const html_token *input, const html_token *wrapping) {
  html_span id, label_for;
  html_token label;
  u32 after;
  int has_id = html_attr(input, "id", &id) && id.len > 0;
  if (has_id && html_index_get(html_label_fors, id, &label)) {
    name_put_content(n, label.end, html_element_end(&label, &after));
  }
  if (n->text.len == 0 && wrapping != 0 &&
      (!html_attr(wrapping, "for", &label_for) || (has_id && html_span_equals(label_for, id)))) {
    name_put_content(n, wrapping->end, html_element_end(wrapping, &after));
  }
  return n->text.len > 0;
}

// Inputs have no content; their own sources differ by type (HTML-AAM).
static void name_of_input(html_name *n, const html_token *t, const html_token *wrapping,
                          u32 max_bytes) {
  name_reset(n, max_bytes);
  if (name_put_labelledby(n, t) || name_put_attr(n, t, "aria-label")) return;
  html_span type = input_type(t);
  if (html_span_is(type, "radio") || html_span_is(type, "checkbox")) {
    if (name_put_labels(n, t, wrapping)) return;
  } else if (html_span_is(type, "image")) {
    if (name_put_attr(n, t, "alt") || name_put_attr(n, t, "value")) return;
  } else if (name_put_attr(n, t, "value")) {
    return;
  }
  if (name_put_attr(n, t, "title")) return;
  if (html_span_is(type, "submit") || html_span_is(type, "image")) {
    put_str(&n->text, "Submit");
  } else if (html_span_is(type, "reset")) {
    put_str(&n->text, "Reset");
  }
}

static u32 transform(const u8 *input, u32 size, qip_writer *out) {
  html_begin(input, size);
  html_index_build();

  u32 pos = 0, complete = 0;
  html_token t, label;
  int in_label = 0;
  html_name name;
  while (html_next(&pos, &t)) {
    if (t.kind == HTML_END_TAG && html_span_is(t.name, "label")) in_label = 0;
    if (t.kind != HTML_START_TAG) continue;
    if (html_is_hidden(&t) || html_span_is(t.name, "template")) {
      html_element_end(&t, &pos);
      continue;
    }
    if (html_span_is(t.name, "label") && !t.self_closing) {
      label = t;
      in_label = 1;
    }
    role r = element_role(&t);
    if (r == ROLE_NONE) continue;
    if (html_span_is(t.name, "input")) {
      name_of_input(&name, &t, in_label ? &label : 0, output_room(out));
    } else {
      name_of_element(&name, &t, output_room(out));
    }
    put_str(out, ROLE_NAMES[r]);
    put_byte(out, ':');
    put_name(out, &name);
    put_line_end(out, &complete);
    if (out->overflow) break;
  }
  return out->overflow ? complete : out->len;
}
