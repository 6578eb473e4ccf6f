// Run-contract plumbing for the C modules in examples/ (abi.md §2): the static input and output
// buffers, and the zero-argument export functions through which the host finds them.
//
// A module defines, before including this file:
//
//   QIP_INPUT_CAP, QIP_OUTPUT_CAP    buffer sizes in bytes, also reported to the host as the caps
//   QIP_INPUT_KIND, QIP_OUTPUT_KIND  QIP_UTF8 (the default) or QIP_BYTES: names the cap exports
//                                    input_utf8_cap or input_bytes_cap, and output_utf8_cap or
//                                    output_bytes_cap
//   QIP_OUTPUT_IN_PLACE              optional: no output buffer; output_ptr is the input buffer,
//                                    for a module that hands back (part of) its input where the
//                                    host wrote it. QIP_OUTPUT_CAP must not exceed QIP_INPUT_CAP.
//   QIP_TRANSFORM                    optional: this file defines `run` (see the end of the file)
//
// Without QIP_TRANSFORM the module writes `QIP_EXPORT("run") uint32_t run(uint32_t input_size)`
// itself, reading `qip_input` (never past qip_input_size(input_size)) and writing `qip_output`,
// usually through the bounded writer of qip_writer.h. The value `run` returns is the output
// length the host reads.
//
// The buffers are zero-initialised statics: the linker places them and sizes the module's initial
// memory to fit, so a module declares no memory of its own. Include this file after any header
// that the cap expressions refer to; the guard makes a second include (from a family header such
// as markdown/_document.h) harmless.
#ifndef QIP_STAGE_H
#define QIP_STAGE_H

#include <stdint.h>

#define QIP_EXPORT(name) __attribute__((export_name(name)))

// Values of QIP_INPUT_KIND and QIP_OUTPUT_KIND: the middle of a cap export's name.
#define QIP_UTF8 "utf8"
#define QIP_BYTES "bytes"

#if !defined(QIP_INPUT_CAP) || !defined(QIP_OUTPUT_CAP)
#error "define QIP_INPUT_CAP and QIP_OUTPUT_CAP before including qip_stage.h"
#endif
#ifndef QIP_INPUT_KIND
#define QIP_INPUT_KIND QIP_UTF8
#endif
#ifndef QIP_OUTPUT_KIND
#define QIP_OUTPUT_KIND QIP_UTF8
#endif

static uint8_t qip_input[QIP_INPUT_CAP];
QIP_EXPORT("input_ptr") uint32_t input_ptr(void) { return (uint32_t)(uintptr_t)qip_input; }

#ifdef QIP_OUTPUT_IN_PLACE
_Static_assert(QIP_OUTPUT_CAP <= QIP_INPUT_CAP, "an in-place output must fit the input buffer");
QIP_EXPORT("output_ptr") uint32_t output_ptr(void) { return (uint32_t)(uintptr_t)qip_input; }
#else
static uint8_t qip_output[QIP_OUTPUT_CAP];
QIP_EXPORT("output_ptr") uint32_t output_ptr(void) { return (uint32_t)(uintptr_t)qip_output; }
#endif

QIP_EXPORT("input_" QIP_INPUT_KIND "_cap") uint32_t qip_input_cap(void) { return QIP_INPUT_CAP; }
QIP_EXPORT("output_" QIP_OUTPUT_KIND "_cap") uint32_t qip_output_cap(void) {
  return QIP_OUTPUT_CAP;
}

// The part of the input buffer `run` may read. This host refuses an input over the cap ("Input
// is too large") before calling `run`, but another host might not: never read past the buffer.
static inline uint32_t qip_input_size(uint32_t input_size) {
  return input_size < QIP_INPUT_CAP ? input_size : QIP_INPUT_CAP;
}

#ifdef QIP_TRANSFORM
#include "qip_writer.h"

// With QIP_TRANSFORM the module defines `transform` instead of `run`: it receives the input and a
// writer over the whole output buffer, and returns the output length to report. Returning a count
// rather than the writer's length lets each module choose its own overflow policy.
static u32 transform(const u8 *input, u32 size, qip_writer *out);

QIP_EXPORT("run") uint32_t run(uint32_t input_size) {
  qip_writer out = qip_writer_over(qip_output, QIP_OUTPUT_CAP);
  return transform(qip_input, qip_input_size(input_size), &out);
}
#endif

#endif
