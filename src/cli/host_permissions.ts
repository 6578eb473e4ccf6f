/**
 * The two moments a command drops the host's permissions, shared by every command that loads
 * modules: when module loading is prepared (env, and net when no module is remote), and before
 * the first module runs (read, write and net).
 *
 * @module
 */

import {
  type ModuleLoading,
  prepareModuleLoading,
  type RemoteOptions,
  revokePermissions,
} from "../host/mod.ts";
import type { WorkerPool } from "../sandbox/mod.ts";

/**
 * Prepares loading `modules`, then revokes env (it only locates the module cache) and, when no
 * module is remote, net, before the command reads its input.
 */
export async function beginModuleLoading(
  modules: readonly string[],
  remote: RemoteOptions,
  log: (line: string) => void,
): Promise<ModuleLoading> {
  const loading = await prepareModuleLoading(modules, remote, { log });
  await revokePermissions(loading.usesNetwork ? ["env"] : ["env", "net"]);
  return loading;
}

/**
 * Once every module is loaded: records new lock-file entries, waits until the workers have
 * loaded their own script (they read it from disk), then revokes read, write and net. Nothing is
 * read, written or fetched from here on, and no module has run yet.
 */
export async function dropHostPermissions(loading: ModuleLoading, pool: WorkerPool): Promise<void> {
  await loading.lock?.save();
  await pool.ready();
  await revokePermissions(["read", "write", "net"]);
}
