import assert from "node:assert/strict";
import { REPO_ROOT } from "../support/run_qip.ts";

/** Runs a small script in its own Deno process with the host's runtime flags. */
async function runScript(
  source: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/probe.ts`;
    await Deno.writeTextFile(path, source);
    const flags = (await Deno.readTextFile(`${REPO_ROOT}/scripts/runtime-flags.txt`))
      .split("\n").map((line) => line.trim()).filter((line) =>
        line !== "" && !line.startsWith("#")
      );
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", ...flags, path],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const decoder = new TextDecoder();
    return {
      code: output.code,
      stdout: decoder.decode(output.stdout),
      stderr: decoder.decode(output.stderr),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("revokePermissions() leaves no way back: reads and writes fail afterwards (--no-prompt)", async () => {
  const result = await runScript(`
    import { revokePermissions } from "${REPO_ROOT}/src/host/permissions.ts";
    const before = Deno.readTextFileSync("${REPO_ROOT}/deno.json").length > 0;
    await revokePermissions(["read", "write", "net"]);
    const attempts = [
      () => Deno.readTextFileSync("${REPO_ROOT}/deno.json"),
      () => Deno.writeTextFileSync("${REPO_ROOT}/should-not-exist.txt", "x"),
    ];
    const denied = attempts.map((attempt) => {
      try { attempt(); return false; } catch (error) { return error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied; }
    });
    const requested = await Deno.permissions.request({ name: "read" });
    console.log(JSON.stringify({ before, denied, requested: requested.state }));
  `);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.deepEqual(report, { before: true, denied: [true, true], requested: "denied" });
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
  ]);
  assert.deepEqual(permissionFlags(compileArgs), permissionFlags(launcherArgs));
  assert.ok(compileArgs.includes("--include"), "the stage worker is embedded in the binary");
});
