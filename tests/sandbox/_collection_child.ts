/**
 * Run by worker_lifecycle_test.ts in its own process with `--v8-flags=--expose-gc`, as qip runs:
 * three jobs that each touch 256 MiB, then three small ones. Prints the pool's count of full
 * collections after each group as one JSON line.
 *
 * @module
 */

import { WorkerPool } from "../../src/sandbox/mod.ts";
import { compile, fillChainBytes, quickBytes, runJob } from "./_unstoppable_modules.ts";

const large = await compile(fillChainBytes(1), "fill-once");
const small = await compile(quickBytes(), "quick");
const pool = new WorkerPool({ size: 1 });
try {
  for (let job = 0; job < 3; job++) await pool.run(runJob(large));
  const afterLarge = pool.fullCollections;
  for (let job = 0; job < 3; job++) await pool.run(runJob(small));
  // The collection runs after the reply; one more round trip waits it out.
  await pool.run(runJob(small));
  console.log(JSON.stringify({ afterLarge, afterSmall: pool.fullCollections }));
} finally {
  pool.close();
}
