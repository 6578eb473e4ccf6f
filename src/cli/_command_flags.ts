/**
 * Every command's flags with their value, default and one line of help: the one table the parser,
 * `qip help <command>`, `qip <command> --help` and the shell completions all read, so help cannot
 * miss a flag the parser accepts. Adding a flag is one entry here.
 *
 * @module
 */

import { DEFAULT_FETCH_LIMITS, DEFAULT_RESULT_CACHE_BYTES } from "../host/mod.ts";
import { DEFAULT_MAX_PIXELS } from "../image/mod.ts";
import { DEFAULT_LIMITS } from "../sandbox/mod.ts";
import { formatByteSize } from "../format/mod.ts";
import type { FlagDefinitions } from "./_flags.ts";

/**
 * Default time limits of the commands that run modules, in milliseconds (`form`: each call into
 * the module, like `run`'s whole chain).
 */
export const DEFAULT_TIMEOUT_MS = Object.freeze({ run: 100, bench: 250, image: 4000, form: 100 });
/** `qip bench -r` default. */
export const DEFAULT_BENCH_RUNS = 1000n;
/** `qip dev -p` default. */
export const DEFAULT_DEV_PORT = 4000;
/** `qip dev --max-memo` default: the output memo's byte budget. */
export const DEFAULT_MEMO_BYTES = 64 * 1024 * 1024;

const VERBOSE: FlagDefinitions = {
  verbose: { type: "boolean", short: "v", help: "print diagnostic lines on stderr" },
};

/** The flags of remote module loading, shared by every command that takes module URLs. */
export const REMOTE_FLAGS: FlagDefinitions = Object.freeze({
  lock: {
    type: "string",
    value: "<file>",
    help: "record each URL's SHA-256 in <file>; refuse a URL whose bytes changed",
  },
  offline: { type: "boolean", help: "never use the network: remote modules come from the cache" },
  "allow-http-localhost": {
    type: "boolean",
    help: "allow http:// to 127.0.0.1, [::1] and localhost (local testing)",
  },
  "connect-timeout-ms": {
    type: "string",
    value: "<ms>",
    default: String(DEFAULT_FETCH_LIMITS.connectTimeoutMs),
    help: "limit on waiting for each response's headers",
  },
  "fetch-timeout-ms": {
    type: "string",
    value: "<ms>",
    default: String(DEFAULT_FETCH_LIMITS.fetchTimeoutMs),
    help: "limit on the whole download of one module",
  },
});

/** `--deterministic` and its opposite: run, image, bench and dev (docs/determinism.md). */
export const DETERMINISM_FLAGS: FlagDefinitions = Object.freeze({
  deterministic: {
    type: "boolean",
    help: "same bytes out on every machine: canonical NaNs, no relaxed SIMD, counted call depth",
  },
  "no-deterministic": {
    type: "boolean",
    help: "the default: the engine's own NaN bits and stack depth (faster on float modules)",
  },
});

/** Batch mode's own flags (beyond the spec): `qip run` and `qip image` over many inputs. */
export const BATCH_FLAGS: FlagDefinitions = Object.freeze({
  output: {
    type: "string",
    short: "o",
    value: "<dir>",
    help: "batch: write each output under <dir> at its input's relative path",
  },
  ext: { type: "string", value: "<.ext>", help: "batch: replace each output's extension" },
  jobs: {
    type: "string",
    value: "<n>",
    default: "one per core",
    help: "batch: inputs in flight at once",
  },
  shard: {
    type: "string",
    value: "<K/N>",
    help: "batch: handle only share K of N (stable by path), for CI matrices",
  },
  "no-cache": { type: "boolean", help: "batch: recompute every result (no result cache)" },
  "cache-max": {
    type: "string",
    value: "<size>",
    default: formatByteSize(DEFAULT_RESULT_CACHE_BYTES).replace(" ", ""),
    help: "batch: size bound of the result cache",
  },
});

function limitFlags(timeoutMs: number, scope: string): FlagDefinitions {
  return {
    "timeout-ms": {
      type: "string",
      value: "<ms>",
      default: String(timeoutMs),
      help: `time limit ${scope}`,
    },
    "max-memory": {
      type: "string",
      value: "<size>",
      default: formatByteSize(DEFAULT_LIMITS.memoryLimitPages * 65_536).replace(" ", ""),
      help: "memory policy per module, e.g. 64MiB, 1GiB",
    },
    ...DETERMINISM_FLAGS,
  };
}

/** One command: its one-line summary and its flags. */
export interface CommandFlags {
  readonly summary: string;
  readonly flags: FlagDefinitions;
  /** The flags batch mode adds (many inputs, beyond the spec), for `run` and `image`. */
  readonly batchFlags?: FlagDefinitions;
  /** Commands that run against real files of this repository, for help. */
  readonly examples: readonly string[];
}

/** The commands that take flags, by name. */
export const COMMAND_FLAGS = Object.freeze(
  {
    run: {
      summary: "Run a chain of wasm modules on input",
      flags: {
        ...VERBOSE,
        input: {
          type: "string",
          short: "i",
          value: "<file>",
          default: "stdin unless it is a terminal",
          help: "read the input from <file>; - reads all of stdin",
        },
        ...limitFlags(DEFAULT_TIMEOUT_MS.run, "for the whole chain, from the first wasm call"),
        fuel: {
          type: "string",
          value: "<n>",
          default: "unmetered",
          help: "deterministic budget of loop iterations and calls for the whole chain",
        },
        ...REMOTE_FLAGS,
      },
      batchFlags: BATCH_FLAGS,
      examples: [
        "echo World | qip run examples/hello.wasm",
        "printf 'qip + wasm' | qip run examples/zlib-compress-dynamic-huffman.wasm examples/base64-encode.wasm",
        "qip run -i README.md --timeout-ms 500 examples/crc.wasm",
      ],
    },
    bench: {
      summary: "Compare one or more wasm modules for output parity and performance",
      flags: {
        input: {
          type: "string",
          short: "i",
          value: "<file>",
          help: "the input (required); - reads all of stdin",
        },
        runs: {
          type: "string",
          short: "r",
          value: "<n>",
          default: String(DEFAULT_BENCH_RUNS),
          help: "measured rounds; each runs every module once",
        },
        benchtime: {
          type: "string",
          value: "<duration>",
          help: "instead of -r: measure each module for this long (500ms, 2s, 1m30s)",
        },
        ...limitFlags(DEFAULT_TIMEOUT_MS.bench, "of each run of a module"),
        json: { type: "boolean", help: "print the results as JSON instead of the report" },
        ...VERBOSE,
        ...REMOTE_FLAGS,
      },
      examples: ["echo World | qip bench -i - -r 100 examples/hello.wasm examples/hello-c.wasm"],
    },
    image: {
      summary: "Run wasm filters on an input image",
      flags: {
        ...VERBOSE,
        input: {
          type: "string",
          short: "i",
          value: "<file>",
          help: "the input image, PNG, JPEG or BMP (required); - reads all of stdin",
        },
        output: {
          type: "string",
          short: "o",
          value: "<file>",
          help: "the output image (required): BMP when it ends in .bmp, else PNG",
        },
        ...limitFlags(DEFAULT_TIMEOUT_MS.image, "for the whole image, not per tile"),
        workers: {
          type: "string",
          value: "<n>",
          default: "one per core",
          help:
            "tile and codec workers, each with its own instance of every module; a module that keeps state between tiles sees the original's single instance and tile order only with --workers 1",
        },
        "max-pixels": {
          type: "string",
          value: "<n>",
          default: String(DEFAULT_MAX_PIXELS),
          help: "refuse inputs whose header claims more pixels, before decoding",
        },
        ...REMOTE_FLAGS,
      },
      batchFlags: BATCH_FLAGS,
      examples: [
        "qip image -i docs/images/cliffs.jpg -o out.png examples/rgba/saturation.wasm '?saturation=0.35'",
      ],
    },
    dev: {
      summary: "Start a dev server for a content directory with optional recipes",
      flags: {
        recipes: {
          type: "string",
          value: "<dir>",
          help: "recipe chains by MIME type: <type>/<subtype>/NN-name.wasm",
        },
        forms: { type: "string", value: "<dir>", help: "form modules served at /forms/<name>" },
        mode: {
          type: "string",
          value: "<dev|prod>",
          default: "dev",
          help: "dev reloads on change",
        },
        ...DETERMINISM_FLAGS,
        port: {
          type: "string",
          short: "p",
          value: "<port>",
          default: String(DEFAULT_DEV_PORT),
          help: "listen on 127.0.0.1:<port>",
        },
        ...VERBOSE,
        "max-memo": {
          type: "string",
          value: "<size>",
          default: formatByteSize(DEFAULT_MEMO_BYTES).replace(" ", ""),
          help: "byte budget of the output memo, 0 to disable",
        },
        "serve-secrets": {
          type: "boolean",
          help: "also serve .env, .env.*, .git/ and *.pem, *.key, *.crt files (refused by default)",
        },
      },
      examples: [
        "qip dev docs --recipes examples/recipes",
      ],
    },
    form: {
      summary: "Run an interactive wasm form module in the terminal",
      flags: {
        ...VERBOSE,
        "timeout-ms": {
          type: "string",
          value: "<ms>",
          default: String(DEFAULT_TIMEOUT_MS.form),
          help: "time limit of each call into the module (waiting for answers is not counted)",
        },
        ...REMOTE_FLAGS,
      },
      examples: ["qip form examples/form-email-message.wasm"],
    },
    get: {
      summary: "Download a module, print its SHA-256 and pinned URL, warm the cache",
      flags: {
        ...VERBOSE,
        output: {
          type: "string",
          short: "o",
          value: "<file>",
          help: "also write the module to <file>",
        },
        ...REMOTE_FLAGS,
      },
      examples: ["qip get examples/hello.wasm"],
    },
    build: {
      summary: "Write every route qip dev would serve to a folder (a static site)",
      flags: {
        recipes: {
          type: "string",
          value: "<dir>",
          help: "recipe chains by MIME type, as for qip dev",
        },
        forms: { type: "string", value: "<dir>", help: "form modules, as for qip dev" },
        ...DETERMINISM_FLAGS,
        ...VERBOSE,
        output: {
          type: "string",
          short: "o",
          value: "<dir>",
          help: "the output folder (required)",
        },
        jobs: BATCH_FLAGS.jobs!,
        "no-cache": BATCH_FLAGS["no-cache"]!,
        "cache-max": BATCH_FLAGS["cache-max"]!,
      },
      examples: ["qip build docs --recipes examples/recipes -o site"],
    },
  } satisfies Record<string, CommandFlags>,
);

/** A command that has a flag table. */
export type FlaggedCommand = keyof typeof COMMAND_FLAGS;
