/**
 * Drops host permissions a command no longer needs, before any module runs. Revoking puts a
 * permission back to "prompt", which is why qip always runs with `--no-prompt`: a revoked
 * permission can then never be granted back.
 *
 * @module
 */

/** The permissions the host layer starts with (`env`: only the cache directory's variables). */
export type HostPermission = "read" | "write" | "net" | "env";

/** Revokes each of `names` for the rest of the process. */
export async function revokePermissions(names: readonly HostPermission[]): Promise<void> {
  for (const name of names) await Deno.permissions.revoke({ name });
}
