/**
 * Memory of finished instances (docs/reliability.md, "Workers"): a module that touches all of
 * its 256 MiB memory, alone and as a chain of four, through the launcher (peak RSS from
 * `/usr/bin/time`), then `qip dev` serving a page through a chain of four for 40 sequential
 * requests (RSS after each, and 5 s after the last). `qip dev` has no time-limit flag, and four
 * stages touching 256 MiB each take longer than its 100 ms on this machine (a result after the
 * deadline is an error), so its stages touch `--dev-mib` (16) MiB each.
 *
 * ```
 * deno run --config deno.tooling.json --allow-read --allow-write --allow-run --allow-net=127.0.0.1 --allow-env \
 *   scripts/bench/worker_memory.ts [--runs 3] [--requests 40] [--dev-mib 16]
 * ```
 *
 * @module
 */

import { parseArgs } from "node:util";
import { runModule } from "../hostile/_hostile_module.ts";
import { median, REPO_ROOT } from "./_measure.ts";

const MIB = 1024 * 1024;
const IDLE_MS = 5000;

/** Echoes its input and first fills the rest of its `mib` MiB memory, touching every page. */
function touchModule(mib: number): Uint8Array {
  return runModule({
    memory: `${mib * 16} ${mib * 16}`,
    contract: `(global (export "input_ptr") i32 (i32.const 0))
      (global (export "input_utf8_cap") i32 (i32.const 65536))
      (global (export "output_ptr") i32 (i32.const 0))
      (global (export "output_utf8_cap") i32 (i32.const 65536))`,
    run: `(memory.fill (i32.const 65536) (i32.const 1) (i32.const ${mib * MIB - 65536}))
      (local.get $n)`,
  });
}

/** Peak RSS in MiB of one `qip run` of `modules` (GNU time's %M, in KiB). */
async function peakRssMiB(modules: readonly string[]): Promise<number> {
  const child = new Deno.Command("/usr/bin/time", {
    args: ["-f", "%M", `${REPO_ROOT}/scripts/qip`, "run", "--timeout-ms", "60000", ...modules],
    env: { QIP_DENO: Deno.execPath() },
    stdin: "piped",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode("hello"));
  await writer.close();
  const { code, stderr } = await child.output();
  const lines = new TextDecoder().decode(stderr).trim().split("\n");
  if (code !== 0) throw new Error(`qip run failed: ${lines.join(" | ")}`);
  return Number(lines.at(-1)) / 1024;
}

function rssMiB(pid: number): number {
  const { stdout } = new Deno.Command("cat", { args: [`/proc/${pid}/status`], stdout: "piped" })
    .outputSync();
  const status = new TextDecoder().decode(stdout);
  return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? NaN) / 1024;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

async function devServer(dir: string, requests: number): Promise<string[]> {
  const port = freePort();
  const server = new Deno.Command(`${REPO_ROOT}/scripts/qip`, {
    args: [
      "dev",
      `${dir}/content`,
      "--recipes",
      `${dir}/recipes`,
      "-p",
      `${port}`,
      // Every request runs the chain.
      "--max-memo",
      "0",
    ],
    env: { QIP_DENO: Deno.execPath() },
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  const url = `http://127.0.0.1:${port}/page.txt`;
  try {
    for (let attempt = 0;; attempt++) {
      try {
        await (await fetch(url)).body?.cancel();
        break;
      } catch (error) {
        if (attempt > 200) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    const idle = rssMiB(server.pid);
    const samples: number[] = [];
    const statuses = new Map<number, number>();
    for (let index = 0; index < requests; index++) {
      const response = await fetch(url);
      await response.body?.cancel();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      samples.push(rssMiB(server.pid));
    }
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const after = rssMiB(server.pid);
    return [
      `| after start and one request | ${idle.toFixed(0)} MiB |`,
      `| highest after any of ${requests} requests | ${Math.max(...samples).toFixed(0)} MiB |`,
      `| after the last request | ${samples.at(-1)!.toFixed(0)} MiB |`,
      `| ${IDLE_MS / 1000} s later | ${after.toFixed(0)} MiB |`,
      "",
      `HTTP statuses: ${[...statuses].map(([status, count]) => `${count} × ${status}`).join(", ")}`,
    ];
  } finally {
    server.kill("SIGTERM");
    await server.status;
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      runs: { type: "string", default: "3" },
      requests: { type: "string", default: "40" },
      "dev-mib": { type: "string", default: "16" },
    },
  });
  const dir = await Deno.makeTempDir({ prefix: "qip-worker-memory-" });
  try {
    const touch = `${dir}/touch-256mib.wasm`;
    await Deno.writeFile(touch, touchModule(256));
    const devMib = Number(values["dev-mib"]);
    const one: number[] = [];
    const four: number[] = [];
    for (let run = 0; run < Number(values.runs); run++) {
      one.push(await peakRssMiB([touch]));
      four.push(await peakRssMiB([touch, touch, touch, touch]));
    }
    console.log(`### Peak RSS of \`qip run\` (median of ${values.runs})\n`);
    console.log("| chain | peak RSS |\n| --- | --- |");
    console.log(`| one stage touching 256 MiB | ${median(one).toFixed(0)} MiB |`);
    console.log(`| four such stages | ${median(four).toFixed(0)} MiB |`);
    console.log(`\nRatio: ${(median(four) / median(one)).toFixed(2)}× (goal ≤ 1.5×)\n`);

    await Deno.mkdir(`${dir}/recipes/text/plain`, { recursive: true });
    await Deno.mkdir(`${dir}/content`, { recursive: true });
    for (const step of [10, 20, 30, 40]) {
      await Deno.writeFile(`${dir}/recipes/text/plain/${step}-touch.wasm`, touchModule(devMib));
    }
    await Deno.writeTextFile(`${dir}/content/page.txt`, "hello\n");
    console.log(
      `### \`qip dev\`, four stages touching ${devMib} MiB each, ${values.requests} requests\n`,
    );
    console.log("| when | RSS |\n| --- | --- |");
    for (const line of await devServer(dir, Number(values.requests))) console.log(line);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
