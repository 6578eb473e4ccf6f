/**
 * The only place qip creates a Worker: every module runs in one with no permissions at all,
 * on top of the empty-import sandbox.
 *
 * @module
 */

/** Spawns a stage worker with `permissions: "none"`. */
export function spawnStageWorker(): Worker {
  return new Worker(new URL("./stage_worker.ts", import.meta.url), {
    type: "module",
    name: "qip-stage",
    deno: { permissions: "none" },
  });
}
