/**
 * The `qip` executable.
 *
 * @module
 */

import { main } from "./src/cli/mod.ts";
import { processIo } from "./src/host/mod.ts";

if (import.meta.main) Deno.exit(await main(Deno.args, processIo()));
