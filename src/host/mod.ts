/**
 * The host layer: the only code with read, write and net permissions. It loads modules and
 * input, writes output, and revokes what a command does not need.
 *
 * @module
 */

export { writeFileAtomic } from "./atomic_write.ts";
export { readFileBounded, readOpenFileBounded, readUpTo } from "./bounded_read.ts";
export { CACHE_ENV_NAMES, resolveCacheDir } from "./cache_dir.ts";
export { checkDirectory } from "./check_directory.ts";
export { cacheSource } from "./cache_source.ts";
export { fileSource } from "./file_source.ts";
export { DEFAULT_FETCH_LIMITS, type FetchLimits, httpsSource } from "./https_source.ts";
export {
  compileStages,
  type CompileStagesOptions,
  type LoadedModule,
  type LoadedStage,
  loadModule,
  loadModuleBytes,
  loadModules,
  type LoadModulesOptions,
  loadStages,
  type LoadStagesOptions,
  type ModuleBytesOptions,
  type StageModule,
} from "./load_stages.ts";
export {
  formatLock,
  LockFile,
  MAX_LOCK_FILE_BYTES,
  type ModuleLock,
  parseLock,
} from "./lock_file.ts";
export { ModuleCache } from "./module_cache.ts";
export {
  DEFAULT_MODULE_SOURCES,
  DEFAULT_REMOTE_OPTIONS,
  type ModuleLoading,
  prepareModuleLoading,
  type RemoteOptions,
} from "./module_loading.ts";
export {
  isRemoteArgument,
  type ModuleRef,
  type ModuleScheme,
  parseModuleRef,
  pinnedArgument,
} from "./module_ref.ts";
export type { ModuleLoadOptions, ModuleSource } from "./module_source.ts";
export { describeOsError } from "./os_error.ts";
export {
  type CommandMoment,
  type HostPermission,
  HostPermissions,
  type PermissionNeeds,
  revokePermissions,
} from "./permissions.ts";
export type { CommandIo } from "./process_io.ts";
export { type InputBound, readBoundedInput, readInput } from "./read_input.ts";
export { DEFAULT_RESULT_CACHE_BYTES, ResultCache } from "./result_cache.ts";
