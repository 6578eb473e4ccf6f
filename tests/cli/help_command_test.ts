import assert from "node:assert/strict";
import { MAIN_USAGE, RUN_HELP, USAGE } from "../../src/cli/usage.ts";
import { runQip } from "../support/run_qip.ts";

Deno.test("qip help prints the main usage and the run help on stdout (exit 0)", async () => {
  const result = await runQip(["help"]);
  assert.equal(result.stdoutText, `${MAIN_USAGE}\n\n${RUN_HELP}\n`);
  assert.equal(result.code, 0);
  assert.ok(
    RUN_HELP.startsWith(
      "Usage: qip run [-v] [-i <input>] <wasm module URL or file>...\n\nModule contracts:",
    ),
  );
});

Deno.test("qip help <command> prints that command's help, and refuses unknown topics", async () => {
  assert.equal((await runQip(["help", "run"])).stdoutText, `${RUN_HELP}\n`);
  assert.equal((await runQip(["doc", "bench"])).stdoutText, `${USAGE.bench}\n`);
  assert.equal((await runQip(["help", "form", "extra"])).stdoutText, `${USAGE.form}\n`);
  const unknown = await runQip(["help", "nope"]);
  assert.equal(unknown.stderr, "Usage: qip help [command]\n");
  assert.equal(unknown.code, 1);
});

Deno.test("qip without a known command prints the main usage on stderr (exit 1)", async () => {
  for (const args of [[], ["-v"], ["--verbose"], ["frobnicate"]]) {
    const result = await runQip(args);
    assert.equal(result.stderr, `${MAIN_USAGE}\n`, args.join(" "));
    assert.equal(result.stdoutText, "");
    assert.equal(result.code, 1);
  }
});

Deno.test("the usage text matches the spec byte for byte", () => {
  assert.equal(
    MAIN_USAGE,
    [
      "Usage: qip <command> [args]",
      "",
      "Commands:",
      "  run   Run a chain of wasm modules on input",
      "  bench Compare one or more wasm modules for output parity and performance",
      "  image Run wasm filters on an input image",
      "  dev   Start a dev server for a content directory with optional recipes",
      "  form  Run an interactive wasm form module in the terminal",
      "  help  Show command help",
    ].join("\n"),
  );
});
