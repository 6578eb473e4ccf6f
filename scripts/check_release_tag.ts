/**
 * Checks a release tag against the version in deno.json (the one place qip's version lives):
 * `v1.2.3` or `1.2.3` must name exactly deno.json's `version`. The release workflow runs it
 * before building anything.
 *
 *   deno run --allow-read scripts/check_release_tag.ts v0.1.0
 *
 * @module
 */

/** The version a tag names: `v1.2.3` and `1.2.3` both name `1.2.3`. */
export function tagVersion(tag: string): string {
  return tag.replace(/^refs\/tags\//, "").replace(/^v/, "");
}

/** An error line when `tag` does not name `version`, else `undefined`. */
export function tagMismatch(tag: string, version: string): string | undefined {
  const named = tagVersion(tag);
  return named === version
    ? undefined
    : `release tag ${tag} names version ${named}, but deno.json says ${version}: ` +
      `bump "version" in deno.json or tag v${version}`;
}

if (import.meta.main) {
  const [tag] = Deno.args;
  if (tag === undefined || tag === "") {
    console.error("usage: check_release_tag.ts <tag>");
    Deno.exit(1);
  }
  const config = JSON.parse(
    await Deno.readTextFile(new URL("../deno.json", import.meta.url)),
  ) as { version?: string };
  const problem = config.version === undefined
    ? "deno.json has no version"
    : tagMismatch(tag, config.version);
  if (problem !== undefined) {
    console.error(problem);
    Deno.exit(1);
  }
  console.log(`release tag ${tag} matches deno.json version ${config.version}`);
}
