/**
 * Remote modules: what `qip run` costs with an `https://` module fetched every time, pinned
 * (from the cache, no network), and `--offline`, against a local file; and `qip get` of a
 * 16 MiB body (streaming, hashing, cache write). The server is a local HTTPS server in its own
 * process (scripts/bench/_module_server.ts) trusted through DENO_CERT; nothing leaves the machine.
 *
 * @module
 */

import {
  markdownTable,
  ms,
  qipDenoArgs,
  ratio,
  REPO_ROOT,
  runWithStdin,
  timeInterleaved,
} from "./_measure.ts";

const RUNS = 15;
const input = new TextEncoder().encode("World\n");

const server = new Deno.Command(Deno.execPath(), {
  args: [
    "run",
    "--quiet",
    "--allow-read",
    "--allow-net",
    `${REPO_ROOT}/scripts/bench/_module_server.ts`,
  ],
  stdout: "piped",
  stderr: "inherit",
}).spawn();
const reader = server.stdout.pipeThrough(new TextDecoderStream()).getReader();
const port = Number((await reader.read()).value?.trim());
const origin = `https://127.0.0.1:${port}`;
const cacheDir = await Deno.makeTempDir();
const env = { DENO_CERT: `${REPO_ROOT}/fixtures/tls/ca.pem`, QIP_CACHE_DIR: cacheDir };

async function qip(args: string[]): Promise<void> {
  await runWithStdin(Deno.execPath(), await qipDenoArgs(args), input, env);
}

try {
  const hello = await Deno.readFile(`${REPO_ROOT}/examples/hello.wasm`);
  const digest = Array.from(
    new Uint8Array(await crypto.subtle.digest("SHA-256", hello)),
    (byte) => byte.toString(16).padStart(2, "0"),
  ).join("");
  const url = `${origin}/hello.wasm`;
  await qip(["get", url]);
  const [localMs, fetchedMs, pinnedMs, offlineMs] = await timeInterleaved([
    () => qip(["run", `${REPO_ROOT}/examples/hello.wasm`]),
    () => qip(["run", url]),
    () => qip(["run", `${url}#sha256=${digest}`]),
    () => qip(["run", "--offline", url]),
  ], RUNS);
  const [bigMs] = await timeInterleaved([() => qip(["get", `${origin}/random-16mib.bin`])], 5, 1);

  console.log(`### Remote modules: \`echo World | qip run <hello.wasm>\` (median of ${RUNS})\n`);
  console.log(markdownTable(["module argument", "time", "vs local file"], [
    ["local file", ms(localMs!), ratio(1)],
    ["`https://…/hello.wasm`, fetched every run", ms(fetchedMs!), ratio(fetchedMs! / localMs!)],
    ["`https://…/hello.wasm#sha256=…`, from the cache", ms(pinnedMs!), ratio(pinnedMs! / localMs!)],
    [
      "`--offline https://…/hello.wasm`, from the cache",
      ms(offlineMs!),
      ratio(offlineMs! / localMs!),
    ],
  ]));
  console.log(
    `\n\`qip get\` of a 16 MiB body over local HTTPS (stream, SHA-256, cache write): ${
      ms(bigMs!)
    } (median of 5).\n`,
  );
} finally {
  server.kill();
  await server.status;
  await Deno.remove(cacheDir, { recursive: true });
}
