/**
 * The real process's standard streams, as the CLI's {@linkcode CommandIo}.
 *
 * @module
 */

/** Where a command writes; tests may capture it, the CLI writes to the process. */
export interface CommandIo {
  /** Writes bytes to standard output, all of them, in order. */
  writeStdout(bytes: Uint8Array): Promise<void>;
  /** Writes text to standard error. */
  writeStderr(text: string): Promise<void>;
}

const encoder = new TextEncoder();

/** The process's stdout and stderr. */
export function processIo(): CommandIo {
  return {
    writeStdout: (bytes) => writeAll(Deno.stdout, bytes),
    writeStderr: (text) => writeAll(Deno.stderr, encoder.encode(text)),
  };
}

async function writeAll(target: typeof Deno.stdout, bytes: Uint8Array): Promise<void> {
  for (let offset = 0; offset < bytes.byteLength;) {
    offset += await target.write(bytes.subarray(offset));
  }
}
