import assert from "node:assert/strict";
import { CACHE_ENV_NAMES, resolveCacheDir } from "../../src/host/mod.ts";

Deno.test("resolveCacheDir() prefers QIP_CACHE_DIR, then XDG_CACHE_HOME/qip, then HOME/.cache/qip", () => {
  const resolve = (env: Record<string, string>) => resolveCacheDir((name) => env[name]);
  const all = { QIP_CACHE_DIR: "/q", XDG_CACHE_HOME: "/x", HOME: "/h" };
  assert.equal(resolve(all), "/q");
  assert.equal(resolve({ ...all, QIP_CACHE_DIR: "" }), "/x/qip");
  assert.equal(resolve({ HOME: "/h" }), "/h/.cache/qip");
  assert.equal(resolve({}), undefined);
  assert.deepEqual(CACHE_ENV_NAMES, ["QIP_CACHE_DIR", "XDG_CACHE_HOME", "HOME"]);
});
