/**
 * A soak test of `qip dev` (docs/reliability.md, "qip dev soak"): starts the real launcher on
 * 127.0.0.1 over a temporary content directory whose markdown pages go through the markdown
 * recipe chain, plus one file whose recipe never ends (`infinite-loop.wasm`) and one whose
 * recipe traps (`guide/shout.wasm` on a NUL byte). Then `--connections` keep-alive clients send
 * requests for `--seconds`, a tenth of them (seeded) to the two bad files. Reports the good
 * requests' success rate and latency, the bad requests' statuses, the process's RSS over time
 * and its CPU time in the seconds after the load stops (a runaway still spinning would burn a
 * core).
 *
 * ```
 * deno run --config deno.tooling.json --allow-read --allow-write --allow-run --allow-net=127.0.0.1 scripts/soak_dev.ts \
 *   [--seconds 60] [--connections 16] [--bad-share 0.1] [--max-memo 0] [--seed 1]
 * ```
 *
 * `--max-memo 0` (the default here) turns the output memo off, so every good request runs its
 * chain on the worker pool; pass `--max-memo 64MiB` to soak the server as it ships.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { Random } from "./fuzz/_random.ts";

const ROOT = new URL("../", import.meta.url).pathname.replace(/\/$/, "");
/** Clock ticks per second of /proc/<pid>/stat on Linux. */
const CLOCK_TICKS_PER_S = 100;
/** How long the CPU is measured after the load, in ms. */
const IDLE_WINDOW_MS = 5000;

/** The pages and what they should get. */
const GOOD_PATHS = ["/small.md", "/medium.md", "/large.md"];
const BAD_PATHS = ["/runaway.json", "/trap.xml"];

/** Runs the soak; resolves to 0 when every good request succeeded and the process idled. */
export async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      seconds: { type: "string", default: "60" },
      connections: { type: "string", default: "16" },
      "bad-share": { type: "string", default: "0.1" },
      "max-memo": { type: "string", default: "0" },
      seed: { type: "string", default: "1" },
    },
  });
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const badShare = Number(values["bad-share"]);
  const dir = await Deno.makeTempDir();
  try {
    await writeSite(dir);
    const port = freePort();
    const server = new Deno.Command(`${ROOT}/scripts/qip`, {
      args: [
        "dev",
        `${dir}/content`,
        "--recipes",
        `${dir}/recipes`,
        "--mode",
        "prod",
        "-p",
        `${port}`,
        "--max-memo",
        values["max-memo"],
      ],
      env: { QIP_DENO: Deno.execPath() },
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const stderr = collect(server.stderr);
    const base = `http://127.0.0.1:${port}`;
    try {
      await waitUntilListening(`${base}${GOOD_PATHS[0]}`);
      // Warm up: every page and both bad files once, so the "before" RSS includes compiled chains.
      for (const path of [...GOOD_PATHS, ...BAD_PATHS]) {
        await (await fetch(`${base}${path}`)).text();
      }
      const before = processFigures(server.pid);
      console.log(
        `qip dev (pid ${server.pid}) on ${base}: RSS ${mib(before.rssBytes)} after warm-up`,
      );
      const load = await runLoad(base, {
        seconds,
        connections,
        badShare,
        seed: Number(values.seed),
        onSample: (elapsedS) => {
          const now = processFigures(server.pid);
          console.log(
            `  ${elapsedS.toFixed(0).padStart(3)} s: RSS ${mib(now.rssBytes)}, CPU ${
              ((now.cpuTicks - before.cpuTicks) / CLOCK_TICKS_PER_S).toFixed(1)
            } s so far`,
          );
        },
      });
      const afterLoad = processFigures(server.pid);
      await new Promise((resolve) => setTimeout(resolve, IDLE_WINDOW_MS));
      const idle = processFigures(server.pid);
      const idleCpuMs = ((idle.cpuTicks - afterLoad.cpuTicks) * 1000) / CLOCK_TICKS_PER_S;
      const stillServes = (await fetch(`${base}${GOOD_PATHS[0]}`)).status;
      report(load, { before, afterLoad, idle, idleCpuMs, stillServes, seconds, connections });
      const ok = load.good.failures === 0 && idleCpuMs < 250 && stillServes === 200;
      return ok ? 0 : 1;
    } finally {
      server.kill("SIGTERM");
      const status = await server.status;
      const log = await stderr;
      console.log(`qip dev exited with code ${status.code} after SIGTERM`);
      const unexpected = log.split("\n").filter((line) =>
        line !== "" && !/^(\S+ \S+ )?dev: /.test(line)
      );
      if (unexpected.length > 0) {
        console.log(`unexpected stderr lines:\n${unexpected.slice(0, 5).join("\n")}`);
      }
      // The server's own timing of good requests that failed (module_durations_ms and so on).
      const failedGood = log.split("\n").filter((line) =>
        / GET \/\w+\.md /.test(line) && !line.includes("status=200")
      );
      if (failedGood.length > 0) {
        console.log(`server log of failed good requests:\n${failedGood.slice(0, 10).join("\n")}`);
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Per class of request: latencies, statuses, failures. */
interface ClassFigures {
  readonly latenciesMs: number[];
  readonly statuses: Map<number, number>;
  /** Good: anything but 200. Bad: anything but 500. */
  failures: number;
  /** The first line of each distinct error page, with its count. */
  readonly messages: Map<string, number>;
}

interface LoadResult {
  readonly good: ClassFigures;
  readonly bad: ClassFigures;
  readonly elapsedS: number;
}

async function runLoad(
  base: string,
  options: {
    seconds: number;
    connections: number;
    badShare: number;
    seed: number;
    onSample: (elapsedS: number) => void;
  },
): Promise<LoadResult> {
  const figures = (): ClassFigures => ({
    latenciesMs: [],
    statuses: new Map(),
    failures: 0,
    messages: new Map(),
  });
  const [good, bad] = [figures(), figures()];
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const sampler = setInterval(
    () => options.onSample((performance.now() - started) / 1000),
    10_000,
  );
  const loop = async (index: number) => {
    const rng = new Random(options.seed * 1000 + index);
    const client = Deno.createHttpClient({ poolMaxIdlePerHost: 1 });
    try {
      while (performance.now() < deadline) {
        const isBad = rng.chance(options.badShare);
        const path = isBad ? rng.pick(BAD_PATHS) : rng.pick(GOOD_PATHS);
        const into = isBad ? bad : good;
        const sent = performance.now();
        let status = 0;
        let body = "";
        try {
          const response = await fetch(`${base}${path}`, { client });
          status = response.status;
          body = await response.text();
        } catch (error) {
          body = `fetch failed: ${error instanceof Error ? error.message : String(error)}`;
        }
        into.latenciesMs.push(performance.now() - sent);
        into.statuses.set(status, (into.statuses.get(status) ?? 0) + 1);
        if (status !== (isBad ? 500 : 200)) into.failures++;
        if (status !== 200) {
          // The 500 page: `<pre>{timestamp}\n{message}</pre>`.
          const message = /<pre>[^\n]*\n([^<]*)<\/pre>/.exec(body)?.[1] ?? body.slice(0, 120);
          const key = `${path} ${status}: ${message}`;
          into.messages.set(key, (into.messages.get(key) ?? 0) + 1);
        }
      }
    } finally {
      client.close();
    }
  };
  try {
    await Promise.all(Array.from({ length: options.connections }, (_, index) => loop(index)));
  } finally {
    clearInterval(sampler);
  }
  return { good, bad, elapsedS: (performance.now() - started) / 1000 };
}

function report(
  load: LoadResult,
  figures: {
    before: ProcessFigures;
    afterLoad: ProcessFigures;
    idle: ProcessFigures;
    idleCpuMs: number;
    stillServes: number;
    seconds: number;
    connections: number;
  },
): void {
  const { good, bad, elapsedS } = load;
  const total = good.latenciesMs.length + bad.latenciesMs.length;
  const succeeded = good.latenciesMs.length - good.failures;
  const cpuDuringS = (figures.afterLoad.cpuTicks - figures.before.cpuTicks) / CLOCK_TICKS_PER_S;
  console.log([
    `load: ${figures.connections} connections for ${figures.seconds} s: ${total} requests ` +
    `(${(total / elapsedS).toFixed(0)}/s), ${bad.latenciesMs.length} of them bad`,
    `good requests: ${succeeded}/${good.latenciesMs.length} succeeded ` +
    `(${((100 * succeeded) / Math.max(1, good.latenciesMs.length)).toFixed(3)}%), ` +
    `p50 ${percentile(good.latenciesMs, 0.5).toFixed(1)} ms, ` +
    `p99 ${percentile(good.latenciesMs, 0.99).toFixed(1)} ms, ` +
    `max ${percentile(good.latenciesMs, 1).toFixed(1)} ms; statuses ${statusText(good.statuses)}`,
    `bad requests: statuses ${statusText(bad.statuses)}, ` +
    `p50 ${percentile(bad.latenciesMs, 0.5).toFixed(1)} ms, ` +
    `p99 ${percentile(bad.latenciesMs, 0.99).toFixed(1)} ms`,
    ...[...good.messages, ...bad.messages].map(([line, count]) => `  ${count}× ${line}`),
    `process CPU: ${cpuDuringS.toFixed(1)} s during the load, ` +
    `${figures.idleCpuMs.toFixed(0)} ms in the ${IDLE_WINDOW_MS / 1000} s after it`,
    `RSS: ${mib(figures.before.rssBytes)} before, ${mib(figures.afterLoad.rssBytes)} at the end ` +
    `of the load, ${mib(figures.idle.rssBytes)} ${IDLE_WINDOW_MS / 1000} s later`,
    `afterwards a good request gets ${figures.stillServes}`,
  ].join("\n"));
}

interface ProcessFigures {
  readonly rssBytes: number;
  /** utime + stime of the process (all threads), in clock ticks. */
  readonly cpuTicks: number;
}

/** Reads /proc/<pid>/stat and status (through `cat`: Deno asks --allow-all to read /proc). */
function processFigures(pid: number): ProcessFigures {
  const output = new Deno.Command("cat", {
    args: [`/proc/${pid}/stat`, `/proc/${pid}/status`],
    stdout: "piped",
  }).outputSync();
  const [stat = "", status = ""] = new TextDecoder().decode(output.stdout).split("\n", 1)
    .concat(new TextDecoder().decode(output.stdout).split("\n").slice(1).join("\n"));
  // Fields after the command name (which may contain spaces) start at field 3.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const cpuTicks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14, 15)
  const rssKiB = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? NaN);
  return { rssBytes: rssKiB * 1024, cpuTicks };
}

/** The content and recipe trees: three markdown pages, a runaway and a trapping recipe. */
async function writeSite(dir: string): Promise<void> {
  const recipes = `${dir}/recipes`;
  await Deno.mkdir(`${recipes}/text/markdown`, { recursive: true });
  await Deno.mkdir(`${recipes}/application/json`, { recursive: true });
  await Deno.mkdir(`${recipes}/text/xml`, { recursive: true });
  await Deno.mkdir(`${dir}/content`, { recursive: true });
  for (const name of ["10-markdown-basic", "11-autolink-https", "20-html-page-wrap"]) {
    await Deno.copyFile(
      `${ROOT}/examples/recipes/text/markdown/${name}.wasm`,
      `${recipes}/text/markdown/${name}.wasm`,
    );
  }
  await Deno.copyFile(
    `${ROOT}/examples/infinite-loop.wasm`,
    `${recipes}/application/json/10-infinite-loop.wasm`,
  );
  await Deno.copyFile(`${ROOT}/examples/guide/shout.wasm`, `${recipes}/text/xml/10-shout.wasm`);
  for (const [name, sections] of [["small", 2], ["medium", 40], ["large", 200]] as const) {
    await Deno.writeTextFile(`${dir}/content/${name}.md`, markdownPage(name, sections));
  }
  await Deno.writeTextFile(`${dir}/content/runaway.json`, '{"spins": "forever"}\n');
  await Deno.writeTextFile(`${dir}/content/trap.xml`, "a\0b"); // shout.wasm traps on NUL
}

function markdownPage(title: string, sections: number): string {
  let text = `# The ${title} page\n\n`;
  for (let index = 1; index <= sections; index++) {
    text += `## Section ${index}\n\nSome *emphasis*, some **strong** text and \`code\`, then a ` +
      `link to https://example.com/${title}/${index} and [another](https://example.org/${index}).\n\n` +
      `- first item\n- second item with https://example.net/${index}\n\n> A quotation.\n\n`;
  }
  return text;
}

async function waitUntilListening(url: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      const response = await fetch(url);
      await response.body?.cancel();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`qip dev did not answer at ${url} within 10 s`);
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<string> {
  let text = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) text += chunk;
  return text;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  sorted.sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

function statusText(statuses: ReadonlyMap<number, number>): string {
  return [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`)
    .join(", ");
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
