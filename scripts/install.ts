/**
 * `deno task install [--root DIR]`: installs `qip` onto PATH with `deno install -g`, with exactly
 * the runtime flags of the launcher and the standalone binary (scripts/runtime-flags.txt) and the
 * runtime's config (deno.json, whose lockfile pins imagescript alone). What it installs is the
 * bundled host (scripts/build_host_bundle.ts, built first), which starts faster than main.ts's
 * module graph; like the checkout it runs from, it is current until the next pull (run the task
 * again then).
 *
 * Without `--root`, Deno's default applies (`$DENO_INSTALL_ROOT`, else `~/.deno`; the command
 * goes into its `bin/`). `--print` shows the `deno install` command without running it.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { buildHostBundle, HOST_BUNDLE_DIR } from "./build_host_bundle.ts";
import { readRuntimeFlags } from "./runtime_flags.ts";

const ROOT = new URL("../", import.meta.url).pathname;

/** Builds the `deno install` argument list. */
export function installArgs(
  runtimeFlags: readonly string[],
  options: { root: string | undefined },
): string[] {
  return [
    "install",
    "--global",
    "--force",
    "--name",
    "qip",
    ...(options.root === undefined ? [] : ["--root", options.root]),
    "--config",
    `${ROOT}deno.json`,
    ...runtimeFlags,
    new URL("main.js", HOST_BUNDLE_DIR).pathname,
  ];
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: { root: { type: "string" }, print: { type: "boolean", default: false } },
  });
  const args = installArgs(await readRuntimeFlags(), { root: values.root });
  if (values.print) {
    console.log(["deno", ...args].join(" "));
    Deno.exit(0);
  }
  await buildHostBundle();
  const { code } = await new Deno.Command(Deno.execPath(), { args }).spawn().status;
  Deno.exit(code);
}
