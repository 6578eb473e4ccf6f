// run_chain: runs a chain of qip modules from TypeScript with the library API (docs/library.md).
//
//   deno run --unstable-worker-options --allow-read examples/library/run_chain.ts \
//     'hi there' examples/guide/shout.wasm examples/base64-encode.wasm
//
// Prints the chain's output as `qip run` would, or one line naming the failure and its kind.
import {
  DEFAULT_LIMITS,
  formatRunOutput,
  loadStages,
  QipError,
  runPipeline,
  WorkerPool,
} from "../../mod.ts";

const [text = "", ...modules] = Deno.args;
const pool = new WorkerPool({ size: 1 });
try {
  const stages = await loadStages(modules, { limits: DEFAULT_LIMITS });
  const input = new TextEncoder().encode(text);
  const { output } = await runPipeline({ stages, input, limits: DEFAULT_LIMITS, pool });
  await Deno.stdout.write(formatRunOutput(output));
} catch (error) {
  // Anything that is not a QipError is a bug in qip, not in the modules or the input.
  if (!(error instanceof QipError)) throw error;
  console.error(`${error.kind}: ${error.message}`);
  Deno.exitCode = 1;
} finally {
  pool.close();
}
