/**
 * Code the host cannot interrupt in time: straight-line code with no check point runs past the
 * deadline and finishes. Its result arrives late and must be the time-limit error, never a
 * success (it used to exit 0 with the module's output).
 *
 * @module
 */

import { type HostileModule, runModule, TIME_LIMIT_IN_STAGE } from "./_hostile_module.ts";

/** One `memory.fill` of a whole 256 MiB memory: several ms each on any machine. */
const FILL_256_MIB = "(memory.fill (i32.const 0) (i32.const 7) (i32.const 268435456))";

export const WORKER_MODULES: readonly HostileModule[] = [
  {
    name: "straight-line-fill-past-deadline",
    does:
      "40 `memory.fill`s of its whole 256 MiB memory in straight-line code, well past 100 ms, then returns",
    build: () =>
      runModule({ memory: "4096 4096", run: `${FILL_256_MIB.repeat(40)} (i32.const 0)` }),
    run: { command: "run", stderr: TIME_LIMIT_IN_STAGE },
  },
];
