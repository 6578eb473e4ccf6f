/**
 * `qip get`: downloads a module through the same loader, bounds, pins, lock file and cache as
 * `qip run`, prints its SHA-256 and the pinned form of its URL to paste into scripts, and with
 * `-o` writes the module to a file. Warms the cache for `--offline` runs. qip's addition; see
 * docs/remote-modules.md.
 *
 * @module
 */

import { COMMAND_FLAGS } from "./_command_flags.ts";
import { errorText, QipError } from "../errors.ts";
import {
  type CommandIo,
  HostPermissions,
  loadModule,
  pinnedArgument,
  type RemoteOptions,
  writeFileAtomic,
} from "../host/mod.ts";
import { COMMAND_PERMISSIONS } from "./_command_permissions.ts";
import { DEFAULT_LIMITS } from "../sandbox/mod.ts";
import { booleanFlag, parseFlags, stringFlag } from "./_flags.ts";
import { parseRemoteFlags } from "./_remote_flags.ts";
import { USAGE } from "./_usage.ts";
import { verboseLog } from "./_verbose_log.ts";

const encoder = new TextEncoder();

/**
 * `qip get [-v] [-o <file>] [--lock <file>] [--offline] [--allow-http-localhost]
 * [--connect-timeout-ms N] [--fetch-timeout-ms N] <module URL or file>`; stdout:
 * `sha256: <hex>` and `<url>#sha256=<hex>`.
 */
export async function getCommand(args: string[], io: CommandIo): Promise<number> {
  const flags = parseGetFlags(args);
  await using log = verboseLog(flags.verbose, io);
  const permissions = new HostPermissions(COMMAND_PERMISSIONS.get(flags.output !== undefined));
  const loading = await permissions.prepareLoading([flags.module], flags.remote, log.line);
  const { ref, bytes, digest } = await loadModule(
    flags.module,
    DEFAULT_LIMITS.maxModuleBytes,
    loading,
  );
  log.line(`module ${flags.module} sha256: ${digest}`);
  await permissions.modulesLoaded(loading);
  if (flags.output !== undefined) await writeModule(flags.output, bytes);
  await permissions.reached("output");
  await log.flush();
  await io.writeStdout(
    encoder.encode(`sha256: ${digest}\n${pinnedArgument(ref.location, digest)}\n`),
  );
  return 0;
}

/** The parsed `qip get` command line. */
export interface GetFlags {
  readonly module: string;
  readonly output: string | undefined;
  readonly remote: RemoteOptions;
  readonly verbose: boolean;
}

/**
 * Parses `qip get` arguments: exactly one module.
 *
 * @throws {QipError} kind `usage`.
 */
export function parseGetFlags(args: readonly string[]): GetFlags {
  const flags = parseFlags(args, COMMAND_FLAGS.get.flags, USAGE.get);
  const [module, ...extra] = flags.positionals;
  if (module === undefined || extra.length > 0) throw new QipError("usage", USAGE.get);
  const output = stringFlag(flags, "output");
  return {
    module,
    output: output === "" ? undefined : output,
    remote: parseRemoteFlags(flags, USAGE.get),
    verbose: booleanFlag(flags, "verbose"),
  };
}

async function writeModule(path: string, bytes: Uint8Array): Promise<void> {
  try {
    await writeFileAtomic(path, bytes);
  } catch (error) {
    const reason = errorText(error);
    throw new QipError("io", "Error writing output file", {
      detail: `${path}: ${reason}`,
      cause: error,
    });
  }
}
