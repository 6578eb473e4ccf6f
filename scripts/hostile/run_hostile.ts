/**
 * Runs one hostile-corpus entry in this process, through the same code `qip run` and `qip get`
 * use after parsing their flags (the loader, the rewriter, the compiler, the worker pool, the
 * pipeline), and reports what the CLI would print and exit with. The real launcher is only
 * needed for what lies outside that path (flag parsing into a process, permission revocation,
 * exit codes), which `tests/reliability/` checks on a subset.
 *
 * @module
 */

import { runBmpTileBlock } from "../../src/image/mod.ts";
import process from "node:process";
import { openFormSession } from "../../src/cli/_form_session.ts";
import { parseRunFlags } from "../../src/cli/_run_command.ts";
import type { FormPrompt } from "../../src/contracts/mod.ts";
import { QipError } from "../../src/errors.ts";
import { loadModule, loadStages, type ModuleSource } from "../../src/host/mod.ts";
import { formatRunOutput, runPipeline } from "../../src/pipeline/mod.ts";
import { type CompiledStage, DEFAULT_LIMITS, type WorkerPool } from "../../src/sandbox/mod.ts";
import type { ManifestEntry } from "../generate_hostile_modules.ts";
import { hostileStdin } from "./_hostile_stdin.ts";

/** What qip did with one entry. */
export interface HostileOutcome {
  /** The stderr line (without newline), or the internal error for exit code 2. */
  readonly stderr: string;
  readonly exitCode: number;
  /** Bytes that reached stdout (`Ran:` lines and output). */
  readonly stdout: Uint8Array;
  /** For `run`: wall time from the start of the chain (when the time limit starts) to the error. */
  readonly chainMs: number | undefined;
}

/** Options for {@linkcode runHostile}. */
export interface RunHostileOptions {
  /** The worker pool to run on (it is never closed here). */
  readonly pool: WorkerPool;
  /** The checkout the manifest's relative paths are in. */
  readonly root: string;
}

/** Runs `entry` in-process and reports the CLI's stderr line and exit code. */
export async function runHostile(
  entry: ManifestEntry,
  options: RunHostileOptions,
): Promise<HostileOutcome> {
  const stdout: Uint8Array[] = [];
  let chainStarted: number | undefined;
  const sources = [repoFileSource(options.root)];
  try {
    switch (entry.command) {
      case "run": {
        const flags = parseRunFlags(entry.args.slice(1));
        const stages = await loadStages(flags.modules, { limits: flags.limits, sources });
        const input = hostileStdin(entry);
        chainStarted = performance.now();
        const { output } = await runPipeline({
          stages,
          input,
          limits: flags.limits,
          pool: options.pool,
          imageBlock: runBmpTileBlock,
          onScalar: (ran) => void stdout.push(new TextEncoder().encode(`Ran: ${ran}\n`)),
        });
        stdout.push(formatRunOutput(output));
        break;
      }
      case "get":
        await loadModule(entry.args.at(-1) ?? "", DEFAULT_LIMITS.maxModuleBytes, { sources });
        stdout.push(new TextEncoder().encode("sha256: …\n"));
        break;
      case "form": {
        const [stage] = await loadStages([entry.args[1] ?? ""], {
          limits: DEFAULT_LIMITS,
          sources,
        });
        stdout.push(...await driveForm(stage!, entry.answers ?? [], options.pool));
        break;
      }
    }
    return { stderr: "", exitCode: 0, stdout: concat(stdout), chainMs: undefined };
  } catch (error) {
    const chainMs = chainStarted === undefined ? undefined : performance.now() - chainStarted;
    if (error instanceof QipError) {
      return { stderr: error.message, exitCode: 1, stdout: concat(stdout), chainMs };
    }
    const reason = error instanceof Error ? error.message : String(error);
    return {
      stderr: `qip internal error: ${reason}`,
      exitCode: 2,
      stdout: concat(stdout),
      chainMs,
    };
  }
}

/**
 * The `qip form` loop of spec abi.md §6.2 over a form session: prompt, answer, until the key is
 * empty; then the output. Resolves to what would be printed.
 */
async function driveForm(
  stage: CompiledStage,
  answers: readonly string[],
  pool: WorkerPool,
): Promise<Uint8Array[]> {
  using session = await openFormSession(pool, stage, { timeLimitMs: DEFAULT_LIMITS.timeLimitMs });
  const printed: Uint8Array[] = [];
  let lastSize = 0;
  let hasRun = false;
  for (const answer of answers.values()) {
    const prompt = await session.call({ op: "prompt" }) as FormPrompt;
    if (prompt.key.trim() === "") break;
    lastSize = await session.call({
      op: "answer",
      value: new TextEncoder().encode(answer),
    }) as number;
    hasRun = true;
  }
  const prompt = await session.call({ op: "prompt" }) as FormPrompt;
  if (prompt.key.trim() !== "") throw new QipError("io", "form input aborted");
  if (!hasRun) lastSize = await session.call({ op: "runEmpty" }) as number;
  const output = await session.call({ op: "output", size: lastSize }) as string;
  printed.push(new TextEncoder().encode(output));
  return printed;
}

/** Local paths, resolved against the checkout instead of the working directory. */
function repoFileSource(root: string): ModuleSource {
  return {
    canLoad: (ref) => ref.scheme === "file",
    load: (ref) =>
      Deno.readFile(ref.location.startsWith("/") ? ref.location : `${root}/${ref.location}`),
  };
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * Process CPU time (user + system, all threads) spent during the next `windowMs`, in ms. A
 * worker still spinning would add about `windowMs`.
 */
export function cpuMsDuring(windowMs: number): Promise<number> {
  const before = process.cpuUsage();
  return new Promise((resolve) =>
    setTimeout(() => {
      const used = process.cpuUsage(before);
      resolve((used.user + used.system) / 1000);
    }, windowMs)
  );
}
