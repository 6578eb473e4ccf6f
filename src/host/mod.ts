/**
 * The host layer: the only code with read, write and net permissions. It loads modules and
 * input, writes output, and revokes what a command does not need.
 *
 * @module
 */

export * from "./atomic_write.ts";
export * from "./bounded_read.ts";
export * from "./cache_dir.ts";
export * from "./cache_source.ts";
export * from "./file_source.ts";
export * from "./https_source.ts";
export * from "./load_stages.ts";
export * from "./lock_file.ts";
export * from "./module_cache.ts";
export * from "./module_loading.ts";
export * from "./module_ref.ts";
export * from "./module_source.ts";
export * from "./os_error.ts";
export * from "./permissions.ts";
export * from "./process_io.ts";
export * from "./read_input.ts";
export * from "./result_cache.ts";
