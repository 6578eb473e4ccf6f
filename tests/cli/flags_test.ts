import assert from "node:assert/strict";
import { integerFlag, parseFlags } from "../../src/cli/_flags.ts";
import { parseRunFlags } from "../../src/cli/_run_command.ts";
import { USAGE } from "../../src/cli/_usage.ts";

const DEFINITIONS = {
  verbose: { type: "boolean", short: "v" },
  input: { type: "string", short: "i" },
  runs: { type: "string", short: "r" },
} as const;

function usageError(args: string[]): string {
  try {
    parseFlags(args, DEFINITIONS, "Usage: x");
  } catch (error) {
    return (error as Error).message;
  }
  return "no error";
}

Deno.test("parseFlags() words flag errors like the reference (cli.md §1.2)", () => {
  assert.equal(usageError(["-x"]), "Usage: x flag provided but not defined: -x");
  assert.equal(usageError(["--nope"]), "Usage: x flag provided but not defined: --nope");
  assert.equal(usageError(["-i"]), "Usage: x flag needs an argument: -i");
  assert.equal(
    usageError(["--verbose=maybe"]),
    'Usage: x invalid boolean value "maybe" for --verbose: parse error',
  );
  // The spec's line comes first; qip lists the flags after it.
  assert.equal(usageError(["-h"]).split("\n")[0], "Usage: x flag: help requested");
  assert.equal(usageError(["--help"]).split("\n")[0], "Usage: x flag: help requested");
});

Deno.test("parseFlags() suggests the nearest flag for a mistyped long flag", () => {
  assert.equal(
    usageError(["--inptu", "a"]),
    "Usage: x flag provided but not defined: --inptu (did you mean --input?)",
  );
  assert.equal(
    usageError(["--verb"]),
    "Usage: x flag provided but not defined: --verb (did you mean --verbose?)",
  );
});

Deno.test("parseFlags() takes GNU-style flags anywhere, the last occurrence winning", () => {
  const flags = parseFlags(
    ["a.wasm", "-i", "one", "--input=two", "-", "-v", "--", "-v"],
    DEFINITIONS,
    "",
  );
  assert.equal(flags.values.get("input"), "two");
  assert.equal(flags.values.get("verbose"), true);
  assert.deepEqual(flags.positionals, ["a.wasm", "-", "-v"]);
  assert.equal(parseFlags(["--verbose=false"], DEFINITIONS, "").values.get("verbose"), false);
});

Deno.test("integerFlag() rejects non-integers and out-of-range values", () => {
  const parse = (raw: string) =>
    integerFlag(parseFlags(["-r", raw], DEFINITIONS, "U"), "runs", "-r", "U");
  assert.equal(parse("1_000"), 1000n);
  assert.throws(() => parse("abc"), { message: 'U invalid value "abc" for flag -r: parse error' });
  assert.throws(() => parse("99999999999999999999"), {
    message: 'U invalid value "99999999999999999999" for flag -r: value out of range',
  });
});

Deno.test("parseRunFlags() applies the spec's defaults and the limit flags", () => {
  const defaults = parseRunFlags(["a.wasm"]);
  assert.equal(defaults.limits.timeLimitMs, 100);
  assert.equal(defaults.limits.memoryLimitPages, 4096);
  assert.equal(defaults.limits.fuel, undefined);
  const custom = parseRunFlags([
    "--timeout-ms",
    "250",
    "--max-memory",
    "16MiB",
    "--fuel",
    "5000",
    "a.wasm",
    "b.wasm",
  ]);
  assert.equal(custom.limits.timeLimitMs, 250);
  assert.equal(custom.limits.memoryLimitPages, 256);
  assert.equal(custom.limits.fuel, 5000n);
  assert.deepEqual(custom.modules, ["a.wasm", "b.wasm"]);
});

Deno.test("parseRunFlags() refuses missing modules and bad limits with clear messages", () => {
  assert.throws(() => parseRunFlags([]), { message: USAGE.run });
  assert.throws(() => parseRunFlags(["--timeout-ms", "0", "a.wasm"]), {
    message: "Invalid timeout-ms: 0",
  });
  assert.throws(() => parseRunFlags(["--fuel", "-5", "a.wasm"]), { message: "Invalid fuel: -5" });
  assert.throws(() => parseRunFlags(["--max-memory", "lots", "a.wasm"]), {
    message: 'Cannot set --max-memory to "lots": expected a size such as 64MiB, 1GiB or 1048576',
  });
  assert.throws(() => parseRunFlags(["--max-memory", "8GiB", "a.wasm"]), {
    message: 'Cannot set --max-memory to "8GiB": value must be between 64 KiB and 4 GiB',
  });
});
