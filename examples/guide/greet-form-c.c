// greet-form-c: asks two questions and writes one line; the C version of greet-form.wat
// (docs/contracts/forms.md).
//
// Form contract: twelve exports, every value a function; one instance serves the whole
// session, so the static variables below are the form's state.
//
//   printf 'Ada\nteal\n' | qip form examples/guide/greet-form-c.wasm
//   ->  Your name: Favourite colour: Ada likes teal

#define EXPORT(name) __attribute__((export_name(name)))
#define INPUT_CAP 256
#define OUTPUT_CAP 1024

static unsigned char input[INPUT_CAP];
static unsigned char output[OUTPUT_CAP];
static unsigned char name[INPUT_CAP];
static unsigned name_size, output_size, step, has_error;

typedef struct {
  const char *key, *label;
} question;

static const question questions[] = {{"name", "Your name"}, {"colour", "Favourite colour"}};
static const char error[] = "Please type a name.";
static const char likes[] = " likes ";

static unsigned length(const char *text) {
  unsigned n = 0;
  while (text[n]) n++;
  return n;
}

EXPORT("input_ptr") unsigned input_ptr(void) { return (unsigned)input; }
EXPORT("input_utf8_cap") unsigned input_utf8_cap(void) { return INPUT_CAP; }
EXPORT("output_ptr") unsigned output_ptr(void) { return (unsigned)output; }
EXPORT("output_utf8_cap") unsigned output_utf8_cap(void) { return OUTPUT_CAP; }

// The current question; an empty key means the form is complete.
EXPORT("input_key_ptr") unsigned input_key_ptr(void) {
  return step < 2 ? (unsigned)questions[step].key : 0;
}
EXPORT("input_key_size") unsigned input_key_size(void) {
  return step < 2 ? length(questions[step].key) : 0;
}
EXPORT("input_label_ptr") unsigned input_label_ptr(void) {
  return step < 2 ? (unsigned)questions[step].label : 0;
}
EXPORT("input_label_size") unsigned input_label_size(void) {
  return step < 2 ? length(questions[step].label) : 0;
}

// The error of the last answer, or the empty string.
EXPORT("error_message_ptr") unsigned error_message_ptr(void) { return (unsigned)error; }
EXPORT("error_message_size") unsigned error_message_size(void) {
  return has_error ? sizeof error - 1 : 0;
}

// One answer of `size` bytes is in `input`. Returns the output size once the form is complete.
EXPORT("run") unsigned run(unsigned size) {
  if (size > INPUT_CAP) size = INPUT_CAP;
  if (step == 0) {
    // An empty name keeps the step and sets the error; the host asks again.
    has_error = size == 0;
    if (has_error) return 0;
    __builtin_memcpy(name, input, size);
    name_size = size;
    step = 1;
  } else if (step == 1) {
    // Any colour will do, even none: "<name> likes <colour>".
    __builtin_memcpy(output, name, name_size);
    __builtin_memcpy(output + name_size, likes, sizeof likes - 1);
    __builtin_memcpy(output + name_size + sizeof likes - 1, input, size);
    output_size = name_size + sizeof likes - 1 + size;
    step = 2;
  }
  return output_size;
}
