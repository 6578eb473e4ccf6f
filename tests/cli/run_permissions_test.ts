/**
 * What `qip run` holds, and when: a probe process with the host's runtime flags runs the real
 * command and records the permission states when the verbose `input sha256` line is written
 * (input read, modules not loaded yet) and after the command returns.
 */
import assert from "node:assert/strict";
import { startModuleServer, TEST_CA_PATH } from "../support/module_server.ts";
import { runProbe } from "../support/run_probe.ts";
import { REPO_ROOT } from "../support/run_qip.ts";

type States = Record<"read" | "write" | "net" | "env", string>;

async function permissionStates(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; afterInput: States; afterRun: States; stderr: string }> {
  const result = await runProbe(
    `
    import { main } from "${REPO_ROOT}/src/cli/main.ts";
    const names = ["read", "write", "net", "env"];
    const states = () => Object.fromEntries(
      names.map((name) => [name, Deno.permissions.querySync({ name }).state]),
    );
    let afterInput, stderr = "";
    const io = {
      writeStdout: async () => {},
      writeStderr: async (text) => {
        if (text.startsWith("input sha256:")) afterInput = states();
        stderr += text;
      },
    };
    const code = await main(${JSON.stringify(args)}, io);
    console.log(JSON.stringify({ code, afterInput, afterRun: states(), stderr }));
  `,
    { env },
  );
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout);
}

const ALL_REVOKED: States = { read: "prompt", write: "prompt", net: "prompt", env: "prompt" };

/** While loading: read and write held, env dropped, net held only for remote modules. */
function loadingStates(net: "granted" | "prompt"): States {
  return { read: "granted", write: "granted", net, env: "prompt" };
}

Deno.test("qip run drops net and env at start when no module is remote", async () => {
  const states = await permissionStates(["run", "-v", `${REPO_ROOT}/examples/hello.wasm`]);
  assert.equal(states.code, 0, states.stderr);
  assert.deepEqual(states.afterInput, loadingStates("prompt"));
  assert.deepEqual(states.afterRun, ALL_REVOKED);
});

Deno.test("qip run keeps net while loading remote modules and drops it before they run", async () => {
  const server = await startModuleServer({
    "/hello.wasm": new Response(await Deno.readFile(`${REPO_ROOT}/examples/hello.wasm`)),
  });
  const dir = await Deno.makeTempDir();
  try {
    const states = await permissionStates(["run", "-v", server.url("/hello.wasm")], {
      DENO_CERT: TEST_CA_PATH,
      QIP_CACHE_DIR: dir,
    });
    assert.equal(states.code, 0, states.stderr);
    assert.deepEqual(states.afterInput, loadingStates("granted"));
    assert.deepEqual(states.afterRun, ALL_REVOKED);
    assert.deepEqual(server.requests, ["/hello.wasm"]);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});
