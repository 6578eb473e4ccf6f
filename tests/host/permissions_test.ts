import assert from "node:assert/strict";
import { CACHE_ENV_NAMES } from "../../src/host/mod.ts";
import { runProbe as runScript } from "../support/run_probe.ts";
import { REPO_ROOT } from "../support/run_qip.ts";

Deno.test("revokePermissions() leaves no way back: reads and writes fail afterwards (--no-prompt)", async () => {
  const result = await runScript(`
    import { revokePermissions } from "${REPO_ROOT}/src/host/permissions.ts";
    const before = Deno.readTextFileSync("${REPO_ROOT}/deno.json").length > 0;
    const envBefore = Deno.env.get("HOME") !== undefined;
    await revokePermissions(["read", "write", "net", "env"]);
    const attempts = [
      () => Deno.readTextFileSync("${REPO_ROOT}/deno.json"),
      () => Deno.writeTextFileSync("${REPO_ROOT}/should-not-exist.txt", "x"),
      () => Deno.env.get("HOME"),
    ];
    const denied = attempts.map((attempt) => {
      try { attempt(); return false; } catch (error) { return error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied; }
    });
    const requested = await Deno.permissions.request({ name: "read" });
    console.log(JSON.stringify({ before, envBefore, denied, requested: requested.state }));
  `);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.deepEqual(report, {
    before: true,
    envBefore: true,
    denied: [true, true, true],
    requested: "denied",
  });
});

Deno.test("the launcher and deno task compile use the same runtime flags", async () => {
  const launcher = await new Deno.Command(`${REPO_ROOT}/scripts/qip`, {
    args: ["run", "x.wasm"],
    env: { QIP_PRINT_COMMAND: "1", QIP_DENO: Deno.execPath() },
    stdout: "piped",
  }).output();
  const launcherArgs = new TextDecoder().decode(launcher.stdout).trim().split("\n");
  const compile = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", `${REPO_ROOT}/scripts/compile.ts`, "--print"],
    stdout: "piped",
  }).output();
  const compileArgs = new TextDecoder().decode(compile.stdout).trim().split(" ");
  const permissionFlags = (args: string[]) =>
    args.filter((arg) =>
      arg.startsWith("--allow-") || arg === "--no-prompt" || arg.startsWith("--unstable-")
    );
  assert.deepEqual(permissionFlags(launcherArgs), [
    "--no-prompt",
    "--unstable-worker-options",
    "--allow-read",
    "--allow-write",
    "--allow-net",
    "--allow-env=QIP_CACHE_DIR,XDG_CACHE_HOME,HOME",
  ]);
  assert.ok(launcherArgs.includes(`--allow-env=${CACHE_ENV_NAMES.join(",")}`));
  assert.deepEqual(permissionFlags(compileArgs), permissionFlags(launcherArgs));
  // Workers run from bundled text in the module graph: no worker file is included by hand.
  assert.ok(!compileArgs.includes("--include"), "no file is added to the graph by hand");
});
