/**
 * `deno task compile`: builds the standalone `qip` binary with exactly the runtime flags the
 * launcher uses (scripts/runtime-flags.txt).
 *
 * `deno compile` downloads the `denort` runtime unless the `DENORT_BIN` environment variable
 * points at a local copy; on machines without internet, set it:
 *
 *   DENORT_BIN=/path/to/denort deno task compile [--output dist/qip] [--target <triple>]
 *
 * `--print` shows the `deno compile` command without running it.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { readRuntimeFlags } from "./runtime_flags.ts";

const ROOT = new URL("../", import.meta.url).pathname;

/** Builds the `deno compile` argument list. */
export function compileArgs(
  runtimeFlags: readonly string[],
  options: { output: string; target: string | undefined },
): string[] {
  return [
    "compile",
    ...runtimeFlags,
    // Workers run from bundled source text the host imports (scripts/build_worker_bundles.ts),
    // so the graph walk sees everything: no worker file has to be included by hand.
    "--config",
    `${ROOT}deno.json`,
    "--output",
    options.output,
    ...(options.target === undefined ? [] : ["--target", options.target]),
    `${ROOT}main.ts`,
  ];
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      output: { type: "string", default: `${ROOT}dist/qip` },
      target: { type: "string" },
      print: { type: "boolean", default: false },
    },
  });
  const args = compileArgs(await readRuntimeFlags(), {
    output: values.output,
    target: values.target,
  });
  if (values.print) {
    console.log(["deno", ...args].join(" "));
    Deno.exit(0);
  }
  if (Deno.env.get("DENORT_BIN") === undefined) {
    console.error(
      "note: DENORT_BIN is not set, so deno compile will download denort; without internet, " +
        "set DENORT_BIN to a local denort binary",
    );
  }
  const { code } = await new Deno.Command(Deno.execPath(), { args }).spawn().status;
  Deno.exit(code);
}
