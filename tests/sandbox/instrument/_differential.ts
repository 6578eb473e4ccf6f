/**
 * Test helper: runs a module as it is and instrumented (with and without fuel, with and without
 * the deterministic mode) and checks that the rewrite validates and computes the same results.
 *
 * @module
 */

import assert from "node:assert/strict";
import { instrumentModule } from "../../../src/sandbox/instrument/instrument_module.ts";

/** Fuel given to the metered run: enough for any differential test. */
const AMPLE_FUEL = 1n << 40n;

/** Reads results from an instance's exports; must return plain data to compare. */
export type Probe = (exports: WebAssembly.Exports) => unknown;

/**
 * Instantiates `bytes` as it is and instrumented (cancel only, then cancel and fuel, each also in
 * deterministic mode), runs `probe` on each and asserts the instrumented results equal the
 * original ones (the modules these tests use never see NaN payloads); `deterministic: false`
 * leaves the deterministic mode out (a module it refuses). Returns the original result.
 */
export function assertSameResults(
  bytes: Uint8Array<ArrayBuffer>,
  probe: Probe,
  imports: WebAssembly.Imports = {},
  options: { readonly deterministic?: boolean } = {},
): unknown {
  const expected = probe(new WebAssembly.Instance(new WebAssembly.Module(bytes), imports).exports);
  const variants: ReadonlyArray<readonly [boolean, boolean]> = [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ];
  for (const [fuel, deterministic] of variants) {
    if (deterministic && options.deterministic === false) continue;
    const variant = `fuel: ${fuel}, deterministic: ${deterministic}`;
    const rewritten = instrumentModule(bytes, { memoryLimitPages: 65_536, fuel, deterministic });
    assert.ok(WebAssembly.validate(rewritten.bytes), `rewritten module validates (${variant})`);
    const { exports } = new WebAssembly.Instance(
      new WebAssembly.Module(rewritten.bytes),
      imports,
    );
    if (rewritten.fuelGlobalExport !== undefined) {
      (exports[rewritten.fuelGlobalExport] as WebAssembly.Global).value = AMPLE_FUEL;
    }
    if (rewritten.startExport !== undefined) {
      (exports[rewritten.startExport] as () => void)();
    }
    assert.deepEqual(probe(exports), expected, `same results (${variant})`);
    if (rewritten.fuelGlobalExport !== undefined) {
      const left = (exports[rewritten.fuelGlobalExport] as WebAssembly.Global).value as bigint;
      assert.ok(left < AMPLE_FUEL, "fuel was counted");
    }
  }
  return expected;
}

/** Calls export `name` with `args`. */
export function call(exports: WebAssembly.Exports, name: string, ...args: unknown[]): unknown {
  return (exports[name] as (...values: unknown[]) => unknown)(...args);
}
