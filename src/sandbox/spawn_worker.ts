/**
 * The only place qip creates a stage Worker: every module runs in one with no permissions at
 * all, on top of the empty-import sandbox.
 *
 * `new Worker` blocks the calling thread while the worker's runtime is created (about 10 ms),
 * and the worker then loads its script on its own thread. {@linkcode prespawnStageWorker} lets
 * the entry point start one before it imports the rest of qip, so both overlap the host's own
 * start-up; the first pool worker adopts it.
 *
 * The script is the bundled text of stage_worker.ts, spawned from a `blob:` URL
 * (worker_script_url.ts): no file is read, so a worker can be replaced after `read` was revoked.
 *
 * @module
 */

import { STAGE_WORKER_SOURCE } from "./_stage_worker_bundle.ts";
import { workerScriptUrl } from "./worker_script_url.ts";

/** What a stage worker's owner handles. */
export interface StageWorkerHandlers {
  readonly onmessage: (event: MessageEvent) => void;
  readonly onerror: (event: ErrorEvent) => void;
}

/** A worker started before anyone listened to it, and what it said meanwhile. */
interface SpareWorker {
  readonly worker: Worker;
  readonly early: (MessageEvent | ErrorEvent)[];
}

let spare: SpareWorker | undefined;

function createStageWorker(scriptUrl?: string): Worker {
  return new Worker(scriptUrl ?? workerScriptUrl(STAGE_WORKER_SOURCE), {
    type: "module",
    name: "qip-stage",
    deno: { permissions: "none" },
  });
}

/**
 * Starts one stage worker now, for the next {@linkcode spawnStageWorker} to adopt. Its
 * messages and errors are kept until then. Does nothing if one is already waiting.
 *
 * @example Start the worker before loading the command
 * ```ts ignore
 * // Not run as a doc test: the worker it starts waits for the next spawn for the whole process.
 * prespawnStageWorker();
 * const { main } = await import("./src/cli/mod.ts");
 * ```
 */
export function prespawnStageWorker(): void {
  if (spare !== undefined) return;
  const worker = createStageWorker();
  const early: (MessageEvent | ErrorEvent)[] = [];
  worker.onmessage = (event) => early.push(event);
  worker.onerror = (event) => {
    event.preventDefault();
    early.push(event);
  };
  spare = { worker, early };
}

/**
 * Returns a stage worker with `permissions: "none"` wired to `handlers`: the prespawned one if
 * there is one (replaying what it said before, in order), else a new one. `scriptUrl` replaces
 * the stage worker's script (tests use it to make a worker fail to start); it never adopts.
 */
export function spawnStageWorker(handlers: StageWorkerHandlers, scriptUrl?: string): Worker {
  const adopted = scriptUrl === undefined ? spare : undefined;
  if (adopted !== undefined) spare = undefined;
  const worker = adopted?.worker ?? createStageWorker(scriptUrl);
  worker.onmessage = handlers.onmessage;
  worker.onerror = handlers.onerror;
  if (adopted !== undefined && adopted.early.length > 0) {
    // After the caller's constructor has finished wiring itself up.
    queueMicrotask(() => {
      for (const event of adopted.early) {
        if (event instanceof ErrorEvent) handlers.onerror(event);
        else handlers.onmessage(event);
      }
    });
  }
  return worker;
}
