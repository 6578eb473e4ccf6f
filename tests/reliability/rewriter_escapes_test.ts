/**
 * The rewriter-escape entries of the hostile corpus (docs/reliability.md): V8 refuses each
 * `escape-*` module as written, and the rewriter, fed its bytes directly (validation bypassed),
 * refuses it too by naming the index past the module's own, so that no change to the order of
 * validation and rewrite could let a module reach the cancel memory, the fuel global or a
 * chunking helper.
 */
import assert from "node:assert/strict";
import { readHostileManifest } from "../../scripts/check_hostile_modules.ts";
import { QipError } from "../../src/errors.ts";
import { instrumentModule } from "../../src/sandbox/instrument/instrument_module.ts";
import { REPO_ROOT } from "../support/run_qip.ts";

const manifest = await readHostileManifest(REPO_ROOT);
const escapes = manifest.modules.filter((entry) => entry.file.startsWith("escape-"));

Deno.test("the corpus has the rewriter-escape classes", () => {
  assert.ok(escapes.length >= 14, `${escapes.length} escape-* modules`);
});

for (const entry of escapes) {
  Deno.test(`instrumentModule() itself refuses ${entry.file}`, async () => {
    const bytes = await Deno.readFile(`${REPO_ROOT}/fixtures/hostile/${entry.file}`);
    assert.equal(WebAssembly.validate(bytes), false, "V8 refuses it as written");
    for (const fuel of [false, true]) {
      assert.throws(() => instrumentModule(bytes, { memoryLimitPages: 4096, fuel }), (error) => {
        assert.ok(error instanceof QipError && error.kind === "compile", String(error));
        assert.match(
          error.detail ?? "",
          /names (memory|global|function|table) \d+, but the module has|start function \d+ does not exist/,
        );
        return true;
      });
    }
  });
}
