/**
 * `qip form`: run an interactive form module in the terminal (spec: cli.md §7, abi.md §6).
 * Answers come from stdin one line at a time, so a form can be scripted with a pipe.
 *
 * @module
 */

import { COMMAND_FLAGS, DEFAULT_TIMEOUT_MS } from "./_command_flags.ts";
import { QipError } from "../errors.ts";
import { type CommandIo, HostPermissions, loadStages, type RemoteOptions } from "../host/mod.ts";
import { COMMAND_PERMISSIONS } from "./_command_permissions.ts";
import { DEFAULT_LIMITS, WorkerPool } from "../sandbox/mod.ts";
import { booleanFlag, parseFlags } from "./_flags.ts";
import { type FormTerminal, runFormLoop } from "./_form_loop.ts";
import { openFormSession } from "./_form_session.ts";
import { parseLimitFlags } from "./_limit_flags.ts";
import { listenForInterrupt } from "./_interrupt_signal.ts";
import { parseRemoteFlags } from "./_remote_flags.ts";
import { LineReader } from "./_stdin_lines.ts";
import { USAGE } from "./_usage.ts";
import { type VerboseLog, verboseLog } from "./_verbose_log.ts";

const encoder = new TextEncoder();

/** Exit code after Ctrl-C, as shells report a process stopped by SIGINT (128 + 2). */
const INTERRUPTED_EXIT_CODE = 130;

/** `qip form [-v|--verbose] [--timeout-ms N] [remote flags] <module>`. */
export async function formCommand(args: string[], io: CommandIo): Promise<number> {
  const flags = parseFormFlags(args);
  using pool = new WorkerPool({ size: 1 });
  await using log = verboseLog(flags.verbose, io);
  using interrupt = listenForInterrupt();
  const lines = new LineReader(Deno.stdin);
  let atLineStart = true;
  const terminal: FormTerminal = {
    write: async (text) => {
      await io.writeStdout(encoder.encode(text));
      atLineStart = text.endsWith("\n");
    },
    readLine: async () => {
      const line = await lines.readLine();
      atLineStart = true; // the answer's Enter ended the prompt's line
      return line;
    },
  };
  const form = runForm(flags, { pool, log, terminal, signal: interrupt.signal });
  form.catch(() => {}); // after Ctrl-C its failure is moot; before, the race reports it
  const finished = await Promise.race([form.then(() => true), interrupt.interrupted]);
  if (finished) return 0;
  if (!atLineStart) await io.writeStdout(encoder.encode("\n"));
  await io.writeStderr("form interrupted\n");
  return INTERRUPTED_EXIT_CODE;
}

/** Loads the module, drops the host's permissions, and runs the form on a session. */
async function runForm(
  flags: FormFlags,
  context: { pool: WorkerPool; log: VerboseLog; terminal: FormTerminal; signal: AbortSignal },
): Promise<void> {
  const { pool, log } = context;
  const permissions = new HostPermissions(COMMAND_PERMISSIONS.form);
  const loading = await permissions.prepareLoading([flags.module], flags.remote, log.line);
  const [stage] = await loadStages([flags.module], {
    limits: DEFAULT_LIMITS,
    sources: loading.sources,
    lock: loading.lock,
  });
  if (stage === undefined) throw new Error("loadStages returned no stage");
  log.line(`module sha256: ${stage.digest}`);
  await permissions.modulesLoaded(loading, pool);
  await log.flush();
  using session = await openFormSession(pool, stage, {
    timeLimitMs: flags.timeLimitMs,
    signal: context.signal,
  });
  await runFormLoop(session, context.terminal);
}

/** The parsed `qip form` command line. */
export interface FormFlags {
  readonly module: string;
  readonly remote: RemoteOptions;
  readonly verbose: boolean;
  /** `--timeout-ms` (beyond the spec): the limit for each call into the module. */
  readonly timeLimitMs: number;
}

/**
 * Parses `qip form` arguments: exactly one module, and `--timeout-ms` (default 100).
 *
 * @throws {QipError} kind `usage`.
 */
export function parseFormFlags(args: readonly string[]): FormFlags {
  const flags = parseFlags(args, COMMAND_FLAGS.form.flags, USAGE.form);
  const [module, ...extra] = flags.positionals;
  if (module === undefined || extra.length > 0) throw new QipError("usage", USAGE.form);
  return {
    module,
    remote: parseRemoteFlags(flags, USAGE.form),
    verbose: booleanFlag(flags, "verbose"),
    timeLimitMs:
      parseLimitFlags(flags, USAGE.form, { timeLimitMs: DEFAULT_TIMEOUT_MS.form }).timeLimitMs,
  };
}
