/**
 * The only place qip creates a stage Worker: every module runs in one with no permissions at
 * all, on top of the empty-import sandbox.
 *
 * `new Worker` blocks the calling thread while the worker's runtime is created (about 10 ms),
 * and the worker then loads its script on its own thread. {@linkcode prespawnStageWorker} lets
 * the entry point start one before it imports the rest of qip, so both overlap the host's own
 * start-up; the first pool worker adopts it.
 *
 * @module
 */

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

function createStageWorker(): Worker {
  return new Worker(new URL("./stage_worker.ts", import.meta.url), {
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
 * there is one (replaying what it said before, in order), else a new one.
 */
export function spawnStageWorker(handlers: StageWorkerHandlers): Worker {
  const adopted = spare;
  spare = undefined;
  const worker = adopted?.worker ?? createStageWorker();
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
