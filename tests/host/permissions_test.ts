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

Deno.test("HostPermissions drops each permission at the moment the command declared as its last", async () => {
  const result = await runScript(`
    import { HostPermissions } from "${REPO_ROOT}/src/host/permissions.ts";
    const states = async () => {
      const out = {};
      for (const name of ["env", "net", "read", "write"]) {
        // env is granted for the cache variables only: ask about one of them.
        const descriptor = name === "env" ? { name, variable: "HOME" } : { name };
        out[name] = (await Deno.permissions.query(descriptor)).state;
      }
      return out;
    };
    const permissions = new HostPermissions({ env: "loading", net: "modules", read: "output", write: "output" });
    const trace = { start: await states() };
    // No module is remote: net goes with env, as soon as loading is prepared.
    const loading = await permissions.prepareLoading(["${REPO_ROOT}/examples/hello.wasm"], {
      offline: false, allowHttpLocalhost: false, fetchLimits: { connectTimeoutMs: 1, fetchTimeoutMs: 1, maxRedirects: 0 }, lockPath: undefined,
    }, () => {});
    trace.loading = await states();
    await permissions.modulesLoaded(loading);
    trace.modules = await states();
    await permissions.reached("output");
    trace.output = await states();
    console.log(JSON.stringify(trace));
  `);
  assert.equal(result.code, 0, result.stderr);
  const granted = "granted";
  const gone = "prompt";
  assert.deepEqual(JSON.parse(result.stdout), {
    start: { env: granted, net: granted, read: granted, write: granted },
    loading: { env: gone, net: gone, read: granted, write: granted },
    modules: { env: gone, net: gone, read: granted, write: granted },
    output: { env: gone, net: gone, read: gone, write: gone },
  });
});
