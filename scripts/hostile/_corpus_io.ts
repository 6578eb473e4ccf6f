/**
 * Modules that meet more input than they accept (issue 12, item 7): the host must refuse it
 * from the module's declared cap before the chain's clock starts, not spend the time limit
 * carrying megabytes to a worker only to refuse them there.
 *
 * @module
 */

import { globals, type HostileModule, runModule, STAGE } from "./_hostile_module.ts";

export const IO_MODULES: readonly HostileModule[] = [
  {
    name: "input-flood-small-cap",
    does: "declares a 64 KiB input cap and is sent 16 MiB under a 1 ms time limit",
    build: () =>
      runModule({
        contract: globals({ input_ptr: 0, input_bytes_cap: 65536 }),
        run: "(i32.const 0)",
      }),
    run: {
      command: "run",
      flags: ["--timeout-ms", "1"],
      stdinBytes: 16 * 1024 * 1024,
      stderr: `Input is too large: ${STAGE}: 16777216 bytes, input_bytes_cap is 65536`,
    },
  },
];
