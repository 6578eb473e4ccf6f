/**
 * Every module in the repository gives the same result with and without the preemption
 * rewrite: same output bytes and encoding, or the same error. Both run the real run contract
 * on the main thread, so only the rewrite differs.
 */
import assert from "node:assert/strict";
import { type GuestContext, type ModuleLayout, runRunContract } from "../../src/contracts/mod.ts";
import { instrumentModule } from "../../src/sandbox/instrument/instrument_module.ts";
import { REPO_ROOT } from "../support/run_qip.ts";

/** Modules that never finish (by design) or cannot be instantiated without a host. */
const NOT_RUN = new Map([
  ["infinite-loop.wasm", "loops forever by design"],
  ["runaway-run-loop.wasm", "loops forever by design"],
  ["runaway-start-section.wasm", "loops forever by design"],
  ["runaway-start-export.wasm", "loops forever by design"],
  ["runaway-recursion.wasm", "2^60 calls by design"],
  ["runaway-input-ptr.wasm", "loops forever by design"],
  ["form-runaway-run.wasm", "loops forever by design"],
  ["memory-max-pages.wasm", "declares 4 GiB; the policy refuses it (tested elsewhere)"],
]);

const tomSawyer = await Deno.readFile(`${REPO_ROOT}/fixtures/texts/Mark.Twain-Tom.Sawyer.txt`);
const INPUTS: ReadonlyArray<readonly [string, Uint8Array]> = [
  ["empty", new Uint8Array()],
  ["hello", new TextEncoder().encode("hello, World! #ff8800 2024-01 :rocket: https://a.com/x")],
  ["prose", tomSawyer.subarray(0, 3000)],
  ["bytes", Uint8Array.from({ length: 512 }, (_, index) => (index * 131 + 7) & 0xff)],
];

function listModules(dir: string): string[] {
  const found: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) found.push(...listModules(path));
    else if (entry.name.endsWith(".wasm")) found.push(path);
  }
  return found.sort();
}

type Outcome = string;

/** Runs the run contract on a fresh instance; the outcome is the output or the error text. */
function runOnce(module: WebAssembly.Module, layout: ModuleLayout, input: Uint8Array): Outcome {
  try {
    const exports = new WebAssembly.Instance(module, {}).exports;
    const context: GuestContext = { exports, layout, interruption: () => undefined };
    const start = layout.startExport === undefined ? undefined : exports[layout.startExport];
    if (typeof start === "function") start();
    const output = runRunContract(context, input);
    return output.kind === "scalar"
      ? `scalar ${output.encoding} ${output.ran}`
      : `${output.encoding} ${Array.from(output.bytes).join(",")}`;
  } catch (error) {
    return `error ${error instanceof Error ? error.message : String(error)}`;
  }
}

const modules = [
  ...listModules(`${REPO_ROOT}/examples`),
  ...listModules(`${REPO_ROOT}/fixtures/modules`),
];

Deno.test("every module in the repository is found for the differential test", () => {
  assert.ok(modules.length >= 70, `found ${modules.length} modules`);
});

for (const path of modules) {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const relative = path.slice(REPO_ROOT.length + 1);
  const reason = NOT_RUN.get(name);
  Deno.test({
    name: `instrumentModule() keeps ${relative} behaving the same on every input`,
    ignore: reason !== undefined,
    fn: async () => {
      const bytes = await Deno.readFile(path);
      const instrumented = instrumentModule(bytes, { memoryLimitPages: 65_536, fuel: false });
      const layout: ModuleLayout = {
        functionExports: instrumented.functionExports,
        globalExports: instrumented.globalExports,
        imports: instrumented.imports,
        cancelMemoryExport: instrumented.cancelMemoryExport,
        fuelGlobalExport: undefined,
        startExport: instrumented.startExport,
      };
      const original = await WebAssembly.compile(bytes);
      const rewritten = await WebAssembly.compile(instrumented.bytes);
      // The original runs its start section on instantiation; the rewrite exports it instead.
      const originalLayout = { ...layout, startExport: undefined };
      for (const [label, input] of INPUTS) {
        assert.equal(
          runOnce(rewritten, layout, input),
          runOnce(original, originalLayout, input),
          `${relative} on ${label} input`,
        );
      }
    },
  });
}
