/**
 * `qip dev` under load: a markdown page through a two-recipe chain (markdown-basic, then
 * html-page-wrap) next to a static HTML file of similar size, 32 concurrent connections for
 * 10 s each, with the output memo on (the default) and off (`--max-memo 0`). The server runs
 * as users run it (its own process, default `dev` mode, request log on); the load comes from
 * Debian's `wrk` when installed, else from `_http_load.ts`. Goals: ≥ 5k req/s memoized, ≥ 1k
 * req/s with the memo off, p99 < 20 ms.
 *
 * @module
 */

import { markdownTable, qipDenoArgs, REPO_ROOT } from "./_measure.ts";

const SECONDS = 10;
const WARMUP_SECONDS = 2;
const CONNECTIONS = 32;
const RECIPES = ["10-markdown-basic", "20-html-page-wrap"];
const TARGETS = [["static HTML file", "/static.html"], ["markdown, 2 recipes", "/page"]] as const;

/** What one load run measured. */
interface LoadResult {
  readonly requestsPerS: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly failures: number;
}

/** A markdown page of about 4 KiB: headings, paragraphs, a list, links, code. */
async function markdownPage(): Promise<string> {
  const text = await Deno.readTextFile(`${REPO_ROOT}/fixtures/texts/gettysburg.txt`)
    .catch(() => "Four score and seven years ago our fathers brought forth on this continent.");
  const paragraph = text.replace(/\s+/g, " ").trim().slice(0, 600);
  const sections = [1, 2, 3].map((n) =>
    `## Section ${n}\n\n${paragraph}\n\n- item *one* of ${n}\n- item **two**, see https://example.com/${n}\n- \`code ${n}\`\n`
  );
  return `# A page under load\n\nIntro with a [link](https://example.com/).\n\n${
    sections.join("\n")
  }`;
}

async function wrkInstalled(): Promise<boolean> {
  try {
    await new Deno.Command("wrk", { args: ["--version"], stdout: "null", stderr: "null" })
      .output();
    return true;
  } catch {
    return false;
  }
}

/** `wrk --latency` output → the measured numbers. */
function parseWrk(text: string): LoadResult {
  const toMs = (value: string, unit: string) =>
    Number(value) * ({ us: 0.001, ms: 1, s: 1000 }[unit] ?? NaN);
  const latency = (label: string) => {
    const match = new RegExp(`^\\s*${label}%\\s+([0-9.]+)(us|ms|s)\\s*$`, "m").exec(text);
    return match === null ? NaN : toMs(match[1]!, match[2]!);
  };
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(text)?.[1] ?? "0";
  const errors = /Socket errors: .*?(\d+) timeout/.exec(text)?.[1] ?? "0";
  return {
    requestsPerS: Number(/Requests\/sec:\s+([0-9.]+)/.exec(text)?.[1] ?? NaN),
    p50Ms: latency("50"),
    p90Ms: latency("90"),
    p99Ms: latency("99"),
    failures: Number(non2xx) + Number(errors),
  };
}

async function load(url: string, seconds: number, useWrk: boolean): Promise<LoadResult> {
  const command = useWrk
    ? new Deno.Command("wrk", {
      args: ["-t2", `-c${CONNECTIONS}`, `-d${seconds}s`, "--latency", url],
      stdout: "piped",
      stderr: "inherit",
    })
    : new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--quiet",
        "--allow-net=127.0.0.1",
        `${REPO_ROOT}/scripts/bench/_http_load.ts`,
        url,
        String(seconds),
        String(CONNECTIONS),
      ],
      stdout: "piped",
      stderr: "inherit",
    });
  const { code, stdout } = await command.output();
  const text = new TextDecoder().decode(stdout);
  if (code !== 0) throw new Error(`load generator exited ${code}: ${text}`);
  return useWrk ? parseWrk(text) : JSON.parse(text) as LoadResult;
}

/** Starts `qip dev` on a free port (tries random ones); resolves once it listens. */
async function startServer(dir: string, extraArgs: string[]) {
  for (let attempt = 0; attempt < 10; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 40_000);
    const child = new Deno.Command(Deno.execPath(), {
      args: await qipDenoArgs([
        "dev",
        `${dir}/site`,
        "--recipes",
        `${dir}/recipes`,
        "-p",
        String(port),
        ...extraArgs,
      ]),
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const lines = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
    let seen = "";
    while (!seen.includes("dev: listening on") && !seen.includes("dev server error")) {
      const { value, done } = await lines.read();
      if (done) break;
      seen += value;
    }
    if (seen.includes("dev: listening on")) {
      // Drain the request log so the server never blocks on a full pipe.
      const draining = (async () => {
        while (!(await lines.read()).done);
      })();
      return {
        port,
        async stop() {
          child.kill("SIGTERM");
          await child.status;
          await draining;
        },
      };
    }
    await child.status;
    if (!seen.includes("address already in use")) throw new Error(`qip dev failed:\n${seen}`);
  }
  throw new Error("no free port found for qip dev");
}

/** The page through the same chain with `qip run` (which adds the trailing newline). */
async function renderWithQipRun(dir: string): Promise<Uint8Array> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: await qipDenoArgs([
      "run",
      "-i",
      `${dir}/site/page.md`,
      ...RECIPES.map((name) => `${dir}/recipes/text/markdown/${name}.wasm`),
    ]),
    stdin: "null",
  }).output();
  if (code !== 0) throw new Error(`qip run failed: ${new TextDecoder().decode(stderr)}`);
  return stdout;
}

const dir = await Deno.makeTempDir();
try {
  const page = await markdownPage();
  await Deno.mkdir(`${dir}/site`);
  await Deno.mkdir(`${dir}/recipes/text/markdown`, { recursive: true });
  await Deno.writeTextFile(`${dir}/site/page.md`, page);
  for (const name of RECIPES) {
    await Deno.copyFile(
      `${REPO_ROOT}/examples/recipes/text/markdown/${name}.wasm`,
      `${dir}/recipes/text/markdown/${name}.wasm`,
    );
  }
  // The static file is the rendered page, so both responses have the same body.
  await Deno.writeFile(`${dir}/site/static.html`, await renderWithQipRun(dir));
  const useWrk = await wrkInstalled();
  const rows: string[][] = [];
  const results: Record<string, LoadResult> = {};
  for (const [memoLabel, extraArgs] of [["on", []], ["off", ["--max-memo", "0"]]] as const) {
    const server = await startServer(dir, [...extraArgs]);
    try {
      const base = `http://127.0.0.1:${server.port}`;
      for (const [what, path] of TARGETS) {
        await load(`${base}${path}`, WARMUP_SECONDS, useWrk);
        const result = await load(`${base}${path}`, SECONDS, useWrk);
        results[`${what} memo ${memoLabel}`] = result;
        rows.push([
          what,
          memoLabel,
          Math.round(result.requestsPerS).toLocaleString("en-US"),
          `${result.p50Ms.toFixed(2)} ms`,
          `${result.p90Ms.toFixed(2)} ms`,
          `${result.p99Ms.toFixed(2)} ms`,
          String(result.failures),
        ]);
      }
    } finally {
      await server.stop();
    }
  }
  console.log(
    `### \`qip dev\` under load (${CONNECTIONS} connections, ${SECONDS} s each, ${
      useWrk ? "wrk" : "Deno load generator"
    }, ${navigator.hardwareConcurrency} cores)\n`,
  );
  console.log(markdownTable(["response", "memo", "req/s", "p50", "p90", "p99", "non-200"], rows));
  const memoized = results["markdown, 2 recipes memo on"]!;
  const unmemoized = results["markdown, 2 recipes memo off"]!;
  console.log(
    `\nGoals: ≥ 5,000 req/s memoized (measured ${Math.round(memoized.requestsPerS)}), ` +
      `≥ 1,000 req/s with the memo off (measured ${Math.round(unmemoized.requestsPerS)}), ` +
      `p99 < 20 ms (measured ${memoized.p99Ms.toFixed(1)} ms memoized, ${
        unmemoized.p99Ms.toFixed(1)
      } ms off).\n`,
  );
} finally {
  await Deno.remove(dir, { recursive: true });
}
