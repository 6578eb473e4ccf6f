/**
 * What each command needs of the host's permissions, and until when: the one place that says
 * it. The host drops each permission at the moment named here (see `HostPermissions`).
 *
 * Writing a file atomically renames it into place, and a rename needs `read` as well as
 * `write`: a command that writes a file keeps both until its output is written.
 *
 * @module
 */

import type { PermissionNeeds } from "../host/mod.ts";

/** A command that loads modules, then only runs them: nothing is read, written or fetched. */
const LOAD_THEN_RUN: PermissionNeeds = {
  env: "loading",
  net: "modules",
  read: "modules",
  write: "modules",
};

/** Each command's needs; `get` depends on whether it writes the module (`-o`). */
export const COMMAND_PERMISSIONS = {
  run: LOAD_THEN_RUN,
  form: LOAD_THEN_RUN,
  bench: LOAD_THEN_RUN,
  /** Reads the input image after the modules, writes the output image. */
  image: { env: "loading", net: "modules", read: "output", write: "output" },
  /** Reads every input and writes every output of the batch. */
  batch: { env: "loading", net: "modules", read: "end", write: "end" },
  get: (writesFile: boolean): PermissionNeeds =>
    writesFile
      ? { env: "loading", net: "modules", read: "output", write: "output" }
      : LOAD_THEN_RUN,
  /** Serves files (read) on a socket it binds (net); never writes. */
  dev: { env: "end", net: "listening", read: "end", write: "start" },
  /** Reads the content and writes the site and the cache; never fetches. */
  build: { env: "start", net: "start", read: "end", write: "end" },
} as const satisfies Record<string, PermissionNeeds | ((writesFile: boolean) => PermissionNeeds)>;
