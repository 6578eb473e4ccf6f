import assert from "node:assert/strict";
import { runQip } from "../support/run_qip.ts";
import config from "../../deno.json" with { type: "json" };

Deno.test("qip --version and qip version print deno.json's version and the Deno and V8 versions", async () => {
  assert.match(config.version, /^\d+\.\d+\.\d+(-[\w.]+)?$/);
  for (const args of [["--version"], ["version"]]) {
    const result = await runQip(args);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdoutText,
      `qip ${config.version}\ndeno ${Deno.version.deno}\nv8 ${Deno.version.v8}\ntypescript ${Deno.version.typescript}\n`,
    );
  }
});
