// Run-mode plumbing shared by the C text modules (abi.md §2): the four exports the host reads,
// as zero-argument functions over two static buffers, and a `run` that hands the module a
// writer bounded by its stated output capacity.
//
// Before including this file a module defines STAGE_INPUT_CAP and STAGE_OUTPUT_CAP (bytes); it
// then defines `transform`, which returns the number of output bytes to report. Returning the
// count (rather than the writer's length) lets each module choose its own overflow policy.
#ifndef QIP_UTF8_STAGE_H
#define QIP_UTF8_STAGE_H

#include "_text_writer.h"

#if !defined(STAGE_INPUT_CAP) || !defined(STAGE_OUTPUT_CAP)
#error "define STAGE_INPUT_CAP and STAGE_OUTPUT_CAP before including _utf8_stage.h"
#endif

static u8 stage_input[STAGE_INPUT_CAP];
static u8 stage_output[STAGE_OUTPUT_CAP];

static u32 transform(const u8 *input, u32 size, text_writer *out);

__attribute__((export_name("input_ptr"))) u32 input_ptr(void) { return (u32)stage_input; }
__attribute__((export_name("input_utf8_cap"))) u32 input_utf8_cap(void) { return STAGE_INPUT_CAP; }
__attribute__((export_name("output_ptr"))) u32 output_ptr(void) { return (u32)stage_output; }
__attribute__((export_name("output_utf8_cap"))) u32 output_utf8_cap(void) {
  return STAGE_OUTPUT_CAP;
}

__attribute__((export_name("run"))) u32 run(u32 input_size) {
  // The host refuses oversized input, but another host might not: never read past the buffer.
  if (input_size > STAGE_INPUT_CAP) input_size = STAGE_INPUT_CAP;
  text_writer out = writer_over(stage_output, STAGE_OUTPUT_CAP);
  return transform(stage_input, input_size, &out);
}

#endif
