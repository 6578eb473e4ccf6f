import assert from "node:assert/strict";
import { DEFAULT_REMOTE_OPTIONS, fileSource, prepareModuleLoading } from "../../src/host/mod.ts";

Deno.test("prepareModuleLoading() needs the network only for remote modules when online", async () => {
  const local = await prepareModuleLoading(["a.wasm", "HTTPS://x/b.wasm"], DEFAULT_REMOTE_OPTIONS);
  assert.equal(local.usesNetwork, false);
  assert.deepEqual(local.sources, [fileSource]);
  assert.equal(local.lock, undefined);
  const remote = await prepareModuleLoading(["a.wasm", "https://x/b.wasm"], DEFAULT_REMOTE_OPTIONS);
  assert.equal(remote.usesNetwork, true);
  assert.equal(remote.sources.length, 2);
  const offline = await prepareModuleLoading(["https://x/b.wasm"], {
    ...DEFAULT_REMOTE_OPTIONS,
    offline: true,
  });
  assert.equal(offline.usesNetwork, false);
});
