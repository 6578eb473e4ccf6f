/**
 * `qip bench` and `qip form` load remote modules through the same loader as `qip run` (pins,
 * cache, lock) and drop net, read and write before any module runs. A real HTTPS server on
 * 127.0.0.1 whose test CA the qip process trusts through DENO_CERT; nothing touches the internet.
 */
import assert from "node:assert/strict";
import { sha256Hex } from "../../src/format/sha256_hex.ts";
import { type ModuleServer, startModuleServer, TEST_CA_PATH } from "../support/module_server.ts";
import { runProbe } from "../support/run_probe.ts";
import { REPO_ROOT, runQip } from "../support/run_qip.ts";

const HELLO = await Deno.readFile(`${REPO_ROOT}/examples/hello.wasm`);
const EMAIL_FORM = await Deno.readFile(`${REPO_ROOT}/examples/form-email-message.wasm`);

async function withServer(
  test: (server: ModuleServer, env: Record<string, string>) => Promise<void>,
): Promise<void> {
  const server = await startModuleServer({
    "/hello.wasm": new Response(HELLO),
    "/form.wasm": new Response(EMAIL_FORM),
  });
  const cacheDir = await Deno.makeTempDir();
  try {
    await test(server, { DENO_CERT: TEST_CA_PATH, QIP_CACHE_DIR: cacheDir });
  } finally {
    await server.close();
    await Deno.remove(cacheDir, { recursive: true });
  }
}

Deno.test("qip bench compares a pinned https:// module with a local one", async () => {
  await withServer(async (server, env) => {
    const pinned = `${server.url("/hello.wasm")}#sha256=${await sha256Hex(HELLO)}`;
    const result = await runQip(
      ["bench", "-i", "-", "-r", "2", "examples/hello.wasm", pinned],
      { stdin: "World\n", env },
    );
    assert.equal(result.stderr, "");
    assert.equal(result.code, 0);
    assert.ok(result.stdoutText.startsWith("bench: outputs match\n"));
    assert.ok(result.stdoutText.includes(`\nBenchmark 2: ${pinned}\n`));
    assert.deepEqual(server.requests, ["/hello.wasm"]);
  });
});

Deno.test("qip bench refuses a remote module whose bytes differ from its pin", async () => {
  await withServer(async (server, env) => {
    const wrong = `${server.url("/hello.wasm")}#sha256=${"0".repeat(64)}`;
    const result = await runQip(["bench", "-i", "-", wrong], { stdin: "World", env });
    assert.equal(result.code, 1);
    assert.equal(result.stdoutText, "");
    assert.match(result.stderr, /^Module digest mismatch/);
  });
});

Deno.test("qip form runs an https:// form module with piped answers", async () => {
  await withServer(async (server, env) => {
    const result = await runQip(["form", server.url("/form.wasm")], {
      stdin: "Ada\nada@example.com\n",
      env,
    });
    assert.equal(result.stderr, "");
    assert.equal(result.code, 0);
    assert.ok(result.stdoutText.startsWith("First name: Email address: From: no-reply@"));
  });
});

type States = Record<"read" | "write" | "net" | "env", string>;

/** Runs `qip <args>` in a probe; records permissions when `marker` is logged and at the end. */
async function permissionStates(args: string[], marker: string, env: Record<string, string>) {
  const result = await runProbe(
    `
    import { main } from "${REPO_ROOT}/src/cli/main.ts";
    const names = ["read", "write", "net", "env"];
    const states = () => Object.fromEntries(
      names.map((name) => [name, Deno.permissions.querySync({ name }).state]),
    );
    let atMarker, stderr = "";
    const io = {
      writeStdout: async () => {},
      writeStderr: async (text) => {
        if (text.startsWith(${JSON.stringify(marker)})) atMarker = states();
        stderr += text;
      },
    };
    const code = await main(${JSON.stringify(args)}, io);
    console.log(JSON.stringify({ code, atMarker, afterRun: states(), stderr }));
  `,
    { env },
  );
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as {
    code: number;
    atMarker: States;
    afterRun: States;
    stderr: string;
  };
}

const ALL_REVOKED: States = { read: "prompt", write: "prompt", net: "prompt", env: "prompt" };
const LOADING_REMOTE: States = { read: "granted", write: "granted", net: "granted", env: "prompt" };

Deno.test("qip bench keeps net while loading a remote module and drops it before modules run", async () => {
  await withServer(async (server, env) => {
    const args = ["bench", "-v", "-r", "1", "-i", `${REPO_ROOT}/examples/hello.wat`];
    const states = await permissionStates(
      [...args, server.url("/hello.wasm")],
      "bench input sha256:",
      env,
    );
    assert.equal(states.code, 0, states.stderr);
    assert.deepEqual(states.atMarker, LOADING_REMOTE);
    assert.deepEqual(states.afterRun, ALL_REVOKED);
  });
});

Deno.test("qip form keeps net while loading a remote module and drops it before the form runs", async () => {
  await withServer(async (server, env) => {
    // The probe's stdin is /dev/null: the form stops at its first prompt.
    const states = await permissionStates(
      ["form", "-v", server.url("/form.wasm")],
      "module sha256:",
      env,
    );
    assert.equal(states.code, 1);
    assert.match(states.stderr, /form input aborted\n$/);
    assert.deepEqual(states.atMarker, LOADING_REMOTE);
    assert.deepEqual(states.afterRun, ALL_REVOKED);
  });
});
