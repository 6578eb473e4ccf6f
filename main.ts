/**
 * The `qip` executable.
 *
 * @module
 */

import { prespawnStageWorker } from "./src/sandbox/spawn_worker.ts";

/** Commands that run modules: their first worker starts before the rest of qip is loaded. */
const COMMANDS_WITH_WORKERS = new Set(["run", "image", "bench", "form", "dev", "build"]);

/** `qip run -o <dir>` is a batch: it spawns workers only on its first cache miss. */
function isBatchRun(args: readonly string[]): boolean {
  return args[0] === "run" && args.some((arg) => /^(-o|--output)(=|$)/.test(arg));
}

if (import.meta.main) {
  if (COMMANDS_WITH_WORKERS.has(Deno.args[0] ?? "") && !isBatchRun(Deno.args)) {
    prespawnStageWorker();
  }
  const { main } = await import("./src/cli/mod.ts");
  const { processIo } = await import("./src/host/process_io.ts");
  Deno.exit(await main(Deno.args, processIo()));
}
