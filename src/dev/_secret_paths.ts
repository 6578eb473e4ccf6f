/**
 * Files `qip dev` does not serve unless `--serve-secrets` is given, after Vite's default
 * `server.fs.deny`: people point a dev server at a project folder, and the folder's `.env`,
 * `.git/` and keys must not be one request away from any page that can reach localhost.
 *
 * @module
 */

/** Key and certificate extensions, compared lower-case. */
const KEY_EXTENSIONS = [".pem", ".key", ".crt"];

/**
 * Whether the content path `rel` (`/`-separated, relative to the content root) is a secret:
 * any segment is `.env`, `.env.*` or `.git`, or the last one ends in `.pem`, `.key` or `.crt`.
 * Compared case-insensitively, since `.ENV` is `.env` on a case-insensitive file system.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isSecretPath } from "./_secret_paths.ts";
 * assert.equal(isSecretPath(".env.local"), true);
 * assert.equal(isSecretPath("app/.git/config"), true);
 * assert.equal(isSecretPath("tls/Server.KEY"), true);
 * assert.equal(isSecretPath(".well-known/security.txt"), false);
 * assert.equal(isSecretPath("docs/environment.md"), false);
 * ```
 */
export function isSecretPath(rel: string): boolean {
  const segments = rel.toLowerCase().split("/");
  const last = segments[segments.length - 1] ?? "";
  return segments.some((segment) =>
    segment === ".env" || segment.startsWith(".env.") || segment === ".git"
  ) || KEY_EXTENSIONS.some((extension) => last.endsWith(extension));
}
