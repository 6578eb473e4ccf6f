/**
 * Module contracts: pure functions over a live instance. They run inside the sandbox worker.
 *
 * @module
 */

export * from "./bench_abi.ts";
export * from "./export_reader.ts";
export * from "./guest_call.ts";
export * from "./guest_memory.ts";
export * from "./input_cap_precheck.ts";
export * from "./exported_constants.ts";
export * from "./module_layout.ts";
export * from "./form_abi.ts";
export * from "./run_abi.ts";
export * from "./sessions.ts";
export * from "./stage_output.ts";
export * from "./trap_text.ts";
