/**
 * How long a command waits on a worker that cannot start (docs/reliability.md, "Workers"): a
 * stage pool and a codec pool spawned from a script that throws while loading, timed from the
 * request to its one-line failure (median of `--runs`).
 *
 * ```
 * deno run --config deno.tooling.json --no-prompt --unstable-worker-options --allow-read scripts/bench/dead_worker.ts [--runs 10]
 * ```
 *
 * @module
 */

import { parseArgs } from "node:util";
import { CodecPool } from "../../src/image/codec_pool.ts";
import { WorkerPool } from "../../src/sandbox/mod.ts";
import { markdownTable, median, ms } from "./_measure.ts";

const THROWS_ON_LOAD = `data:text/javascript,${encodeURIComponent('throw new Error("boom");')}`;

async function timeToFailure(attempt: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  try {
    await attempt();
  } catch {
    return performance.now() - started;
  }
  throw new Error("the broken worker did not fail");
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: { runs: { type: "string", default: "10" } },
  });
  const stage: number[] = [];
  const codec: number[] = [];
  for (let run = 0; run < Number(values.runs); run++) {
    const pool = new WorkerPool({ size: 1, scriptUrl: THROWS_ON_LOAD });
    stage.push(await timeToFailure(() => pool.ready()));
    pool.close();
    using codecs = new CodecPool({ size: 1, scriptUrl: THROWS_ON_LOAD });
    codec.push(await timeToFailure(() => codecs.decode(new Uint8Array(8))));
  }
  console.log(markdownTable(["worker that throws while loading", "time to the one-line failure"], [
    ["stage worker (`WorkerPool.ready()`)", ms(median(stage))],
    ["codec worker (`CodecPool.decode()`)", ms(median(codec))],
  ]));
}
