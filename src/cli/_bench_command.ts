/**
 * `qip bench`: run modules on one input, prove their outputs are identical, and measure them
 * (spec: cli.md §4). `--json` is qip's addition: the same results for machines.
 *
 * @module
 */

import { COMMAND_FLAGS, DEFAULT_BENCH_RUNS, DEFAULT_TIMEOUT_MS } from "./_command_flags.ts";
import { QipError } from "../errors.ts";
import {
  type BenchReportSpec,
  type BenchStop,
  formatBenchJson,
  formatBenchReport,
  loadBenchModules,
  runBench,
} from "../bench/mod.ts";
import type { StageOutput } from "../contracts/mod.ts";
import { parseGoDuration, sha256Hex } from "../format/mod.ts";
import { type CommandIo, HostPermissions, readInput, type RemoteOptions } from "../host/mod.ts";
import { COMMAND_PERMISSIONS } from "./_command_permissions.ts";
import { type StageLimits, WorkerPool } from "../sandbox/mod.ts";
import { booleanFlag, integerFlag, missingArguments, parseFlags, stringFlag } from "./_flags.ts";
import { parseLimitFlags } from "./_limit_flags.ts";
import { parseRemoteFlags } from "./_remote_flags.ts";
import { USAGE } from "./_usage.ts";
import { verboseLog } from "./_verbose_log.ts";
import { stageInputBound } from "./_input_bound.ts";

const encoder = new TextEncoder();

/**
 * `qip bench -i <input|-> [-r N | --benchtime=D] [--timeout-ms N] [--max-memory SIZE] [--json]
 * [-v] [remote flags] <module> [module ...]`
 */
export async function benchCommand(args: string[], io: CommandIo): Promise<number> {
  const flags = parseBenchFlags(args);
  using pool = new WorkerPool({ size: 1 });
  await using log = verboseLog(flags.verbose, io);
  const permissions = new HostPermissions(COMMAND_PERMISSIONS.bench);
  const loading = await permissions.prepareLoading(flags.modules, flags.remote, log.line);
  const input = await readInput(flags.input, stageInputBound(flags.limits));
  if (flags.verbose) log.line(`bench input sha256: ${await sha256Hex(input)}`);
  const modules = await loadBenchModules(flags.modules, {
    limits: flags.limits,
    log: log.line,
    sources: loading.sources,
    lock: loading.lock,
  });
  await permissions.modulesLoaded(loading, pool);
  const onOutput = async (output: StageOutput) => {
    if (output.kind === "scalar") {
      if (flags.json) return; // stdout is the JSON document
      await log.flush();
      await io.writeStdout(encoder.encode(`Ran: ${output.ran}\n`));
    } else if (flags.verbose && output.bytes.byteLength > 0) {
      log.line(`output sha256: ${await sha256Hex(output.bytes)}`);
    }
  };
  const result = await runBench({
    stages: modules.map((module) => module.stage),
    input,
    pool,
    timeLimitMs: flags.limits.timeLimitMs,
    stop: flags.stop,
    onOutput,
  });
  const report: BenchReportSpec = {
    result,
    modules,
    outputSha256: await sha256Hex(result.expected.bytes),
    timeLimitMs: flags.limits.timeLimitMs,
    benchtimeNs: flags.stop.kind === "benchtime" ? flags.stop.benchtimeNs : undefined,
  };
  await log.flush();
  await io.writeStdout(
    encoder.encode(flags.json ? formatBenchJson(report) : formatBenchReport(report)),
  );
  return 0;
}

/** The parsed `qip bench` command line. */
export interface BenchFlags {
  readonly input: string;
  readonly modules: readonly string[];
  readonly stop: BenchStop;
  /** `timeLimitMs` is the per-sample limit. */
  readonly limits: StageLimits;
  readonly remote: RemoteOptions;
  readonly json: boolean;
  readonly verbose: boolean;
}

/**
 * Parses `qip bench` arguments, checking them in the spec's order (cli.md §4.2): flag syntax,
 * `-i` and modules, `-r`, `--timeout-ms`, `--benchtime`.
 *
 * @throws {QipError} kind `usage`: the usage line, `Invalid benchmark runs: <n>`, `Invalid
 *   timeout-ms: <n>`, `Invalid benchtime: …`.
 */
export function parseBenchFlags(args: readonly string[]): BenchFlags {
  const usage = USAGE.bench;
  const flags = parseFlags(args, COMMAND_FLAGS.bench.flags, usage);
  // Integer syntax is a flag error, reported before anything else (Go's flag package).
  const runs = integerFlag(flags, "runs", "-r", usage) ?? DEFAULT_BENCH_RUNS;
  integerFlag(flags, "timeout-ms", "--timeout-ms", usage);
  const input = stringFlag(flags, "input");
  if (input === undefined || input === "" || flags.positionals.length === 0) {
    throw missingArguments(usage, { "-i": input });
  }
  if (runs <= 0n) throw new QipError("usage", `Invalid benchmark runs: ${runs}`);
  const limits = parseLimitFlags(flags, usage, { timeLimitMs: DEFAULT_TIMEOUT_MS.bench });
  const benchtime = stringFlag(flags, "benchtime");
  return {
    input,
    modules: flags.positionals,
    stop: benchtime === undefined || benchtime === ""
      ? { kind: "runs", runs: Number(runs) }
      : { kind: "benchtime", benchtimeNs: parseBenchtime(benchtime) },
    limits,
    remote: parseRemoteFlags(flags, usage),
    json: booleanFlag(flags, "json"),
    verbose: booleanFlag(flags, "verbose"),
  };
}

function parseBenchtime(text: string): number {
  let nanoseconds: bigint;
  try {
    nanoseconds = parseGoDuration(text);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new QipError("usage", `Invalid benchtime: ${error.message}`);
  }
  if (nanoseconds <= 0n) throw new QipError("usage", "Invalid benchtime: must be > 0");
  return Number(nanoseconds);
}
