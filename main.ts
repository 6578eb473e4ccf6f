/**
 * The `qip` executable.
 *
 * @module
 */

import { prespawnStageWorker } from "./src/sandbox/spawn_worker.ts";

/** Commands that run modules: their first worker starts before the rest of qip is loaded. */
const COMMANDS_WITH_WORKERS = new Set(["run", "image", "bench", "form", "dev", "build"]);

if (import.meta.main) {
  if (COMMANDS_WITH_WORKERS.has(Deno.args[0] ?? "")) prespawnStageWorker();
  const { main } = await import("./src/cli/mod.ts");
  const { processIo } = await import("./src/host/process_io.ts");
  Deno.exit(await main(Deno.args, processIo()));
}
