/**
 * Drops host permissions a command no longer needs, at the moment it stops needing them, before
 * any module runs where it can. Revoking puts a permission back to "prompt", which is why qip
 * always runs with `--no-prompt`: a revoked permission can then never be granted back.
 *
 * A command declares, for each permission, the last moment it needs it
 * ({@linkcode PermissionNeeds}); {@linkcode HostPermissions} drops each one as the command
 * reports reaching that moment, in the one order every command shares.
 *
 * @module
 */

import { type ModuleLoading, prepareModuleLoading, type RemoteOptions } from "./module_loading.ts";

/** The permissions the host layer starts with (`env`: only the cache directory's variables). */
export type HostPermission = "read" | "write" | "net" | "env";

/**
 * The moments of a command, in order. `start`: flags parsed; `loading`: module loading
 * prepared (the cache located, the lock file read); `modules`: every module loaded and the
 * workers ready; `input`: the input read; `listening`: a server bound its socket; `output`:
 * the output written; `end`: never dropped (the process ends holding it).
 */
export type CommandMoment =
  | "start"
  | "loading"
  | "modules"
  | "input"
  | "listening"
  | "output"
  | "end";

/**
 * For each host permission, the last moment a command needs it. `net` is dropped at `loading`
 * anyway when no module argument is remote.
 *
 * @example `qip run`: nothing is read, written or fetched once its modules are loaded
 * ```ts
 * import type { PermissionNeeds } from "./permissions.ts";
 * const run: PermissionNeeds = { env: "loading", net: "modules", read: "modules", write: "modules" };
 * ```
 */
export type PermissionNeeds = { readonly [P in HostPermission]: CommandMoment };

/** Revokes each of `names` for the rest of the process. */
export async function revokePermissions(names: readonly HostPermission[]): Promise<void> {
  for (const name of names) await Deno.permissions.revoke({ name });
}

/** Something whose workers must be up before `read` goes: they may still be starting. */
interface Readiness {
  ready(): Promise<void>;
}

/**
 * Applies a command's {@linkcode PermissionNeeds}: the command reports each moment it
 * reaches, and every permission it no longer needs is revoked then.
 */
export class HostPermissions {
  readonly #needs: PermissionNeeds;
  readonly #revoked = new Set<HostPermission>();

  constructor(needs: PermissionNeeds) {
    this.#needs = needs;
  }

  /** Revokes what is needed no later than `moment` and was not revoked yet. */
  async reached(moment: CommandMoment): Promise<void> {
    const due = (Object.keys(this.#needs) as HostPermission[]).filter((name) =>
      this.#needs[name] === moment && !this.#revoked.has(name)
    );
    await this.#revoke(due);
  }

  /**
   * Prepares loading `modules` (the cache directory, the lock file), then drops what the
   * command needs only until then: `env`, and `net` when no module is remote.
   *
   * @throws {QipError} the errors of `prepareModuleLoading`.
   */
  async prepareLoading(
    modules: readonly string[],
    remote: RemoteOptions,
    log: (line: string) => void,
  ): Promise<ModuleLoading> {
    const loading = await prepareModuleLoading(modules, remote, { log });
    if (!loading.usesNetwork) await this.#revoke(["net"]);
    await this.reached("loading");
    return loading;
  }

  /**
   * Once every module is loaded: records new lock-file entries, waits until `workers` are up,
   * then drops what the command needs only until its modules were loaded.
   */
  async modulesLoaded(loading: ModuleLoading, workers?: Readiness): Promise<void> {
    await loading.lock?.save();
    await workers?.ready();
    await this.reached("modules");
  }

  async #revoke(names: readonly HostPermission[]): Promise<void> {
    const fresh = names.filter((name) => !this.#revoked.has(name));
    for (const name of fresh) this.#revoked.add(name);
    await revokePermissions(fresh);
  }
}
