/**
 * `qip run`: chain modules over stdin or `-i` (spec: cli.md §3).
 *
 * @module
 */

import { runBmpTileBlock } from "../image/mod.ts";
import { COMMAND_FLAGS, DEFAULT_TIMEOUT_MS } from "./_command_flags.ts";
import { errorText, QipError } from "../errors.ts";
import { sha256Hex } from "../format/mod.ts";
import {
  type CommandIo,
  HostPermissions,
  loadStages,
  readBoundedInput,
  type RemoteOptions,
} from "../host/mod.ts";
import { stageInputBound } from "./_input_bound.ts";
import { COMMAND_PERMISSIONS } from "./_command_permissions.ts";
import { describeI32Output, runOutputChunks, runPipeline } from "../pipeline/mod.ts";
import { type StageLimits, WorkerPool } from "../sandbox/mod.ts";
import { booleanFlag, parseFlags, stringFlag } from "./_flags.ts";
import { parseLimitFlags } from "./_limit_flags.ts";
import { parseRemoteFlags } from "./_remote_flags.ts";
import { verboseLog } from "./_verbose_log.ts";
import { parseBatchRun, runBatchCommand } from "./_run_batch_command.ts";
import { USAGE } from "./_usage.ts";

const encoder = new TextEncoder();

/**
 * `qip run [-v] [-i <file>|-] [--timeout-ms N] [--max-memory SIZE] [--fuel N] [--lock <file>]
 * [--offline] [--allow-http-localhost] [--connect-timeout-ms N] [--fetch-timeout-ms N] <module>...`
 */
export async function runCommand(args: string[], io: CommandIo): Promise<number> {
  // Many inputs (`-i` repeated, a directory, a glob, or `-o`): batch mode, beyond the spec.
  const batch = await parseBatchRun(args);
  if (batch !== undefined) return await runBatchCommand(batch, io);
  const flags = parseRunFlags(args);
  // Spawn the worker now so its start-up overlaps reading input and compiling.
  using pool = new WorkerPool({ size: 1 });
  await using log = verboseLog(flags.verbose, io);
  const permissions = new HostPermissions(COMMAND_PERMISSIONS.run);
  const loading = await permissions.prepareLoading(flags.modules, flags.remote, log.line);
  // An input over the bound is not read whole: it is refused after loading, where the spec
  // reports `Input is too large`, and has no digest to log.
  const read = await readBoundedInput(flags.input, stageInputBound(flags.limits));
  if (flags.verbose && read.complete) log.line(`input sha256: ${await sha256Hex(read.bytes)}`);
  const started = performance.now();
  const stages = await loadStages(flags.modules, {
    limits: flags.limits,
    log: log.line,
    sources: loading.sources,
    lock: loading.lock,
  });
  await permissions.modulesLoaded(loading, pool);
  if (!read.complete) throw read.error;
  const { output } = await runPipeline({
    stages,
    input: read.bytes,
    handOverInput: true,
    limits: flags.limits,
    pool,
    imageBlock: runBmpTileBlock,
    log: log.line,
    onScalar: async (ran) => {
      await log.flush();
      await io.writeStdout(encoder.encode(`Ran: ${ran}\n`));
    },
  });
  if (output.kind === "bytes" && output.encoding === "i32") {
    log.text(describeI32Output(output.bytes));
  }
  await log.flush();
  await writeOutput(io, runOutputChunks(output), output.encoding);
  log.line(`command took ${Math.trunc(performance.now() - started)}ms`);
  return 0;
}

/** The parsed `qip run` command line. */
export interface RunFlags {
  readonly input: string | undefined;
  readonly modules: readonly string[];
  readonly limits: StageLimits;
  readonly remote: RemoteOptions;
  readonly verbose: boolean;
}

/**
 * Parses `qip run` arguments.
 *
 * @throws {QipError} kind `usage`.
 */
export function parseRunFlags(args: readonly string[]): RunFlags {
  const flags = parseFlags(args, COMMAND_FLAGS.run.flags, USAGE.run);
  if (flags.positionals.length === 0) throw new QipError("usage", USAGE.run);
  return {
    input: stringFlag(flags, "input"),
    modules: flags.positionals,
    limits: parseLimitFlags(flags, USAGE.run, { timeLimitMs: DEFAULT_TIMEOUT_MS.run }),
    remote: parseRemoteFlags(flags, USAGE.run),
    verbose: booleanFlag(flags, "verbose"),
  };
}

/** Writes the output a bounded chunk at a time: its formatted form never exists whole. */
async function writeOutput(
  io: CommandIo,
  chunks: Iterable<Uint8Array>,
  encoding: string,
): Promise<void> {
  try {
    for (const chunk of chunks) await io.writeStdout(chunk);
  } catch (error) {
    const what = encoding === "i32" ? "i32 output" : encoding === "raw" ? "raw output" : "output";
    const reason = errorText(error);
    throw new QipError("io", `Error writing ${what}: ${reason}`, { cause: error });
  }
}
