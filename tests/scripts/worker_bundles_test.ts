import assert from "node:assert/strict";
import { REPO_ROOT } from "../support/run_qip.ts";

Deno.test("the committed worker bundles are what scripts/build_worker_bundles.ts makes of the workers' sources", async () => {
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-write",
      "--allow-run",
      "--allow-env",
      "scripts/build_worker_bundles.ts",
      "--check",
    ],
    cwd: REPO_ROOT,
    env: { NO_COLOR: "1" },
    stdout: "null",
    stderr: "piped",
  }).output();
  assert.equal(code, 0, new TextDecoder().decode(stderr));
});
