/**
 * What a module argument names: a local path or a URL, and an optional `#sha256=` pin
 * (spec: cli.md §1.5; pins are qip's addition, see docs/remote-modules.md).
 *
 * @module
 */

import { QipError } from "../errors.ts";

/** How a module argument is fetched: exactly `https://`, `http://`, or a local path. */
export type ModuleScheme = "file" | "https" | "http";

/** A parsed module argument. */
export interface ModuleRef {
  /** The argument exactly as given, pin included: verbose lines and errors name it. */
  readonly argument: string;
  /** The path or URL without the pin: what is read or fetched, the key of lock entries. */
  readonly location: string;
  /** `https` and `http` only for arguments starting with exactly that (case-sensitive). */
  readonly scheme: ModuleScheme;
  /** The pinned SHA-256 (lowercase hex) when the argument ends in `#sha256=<64 hex>`. */
  readonly pinnedDigest: string | undefined;
}

const PIN_MARKER = "#sha256=";
const PIN = /#sha256=([0-9a-fA-F]{64})$/;

/**
 * Parses a module argument. Anything that does not start with exactly `https://` or `http://`
 * is a local path, as in the reference (`HTTPS://x`, `file://x` and `-` are paths).
 *
 * @example Split a pinned URL
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseModuleRef } from "./module_ref.ts";
 * const ref = parseModuleRef(`https://example.com/m.wasm#sha256=${"ab".repeat(32)}`);
 * assert.equal(ref.location, "https://example.com/m.wasm");
 * assert.equal(ref.scheme, "https");
 * assert.equal(ref.pinnedDigest, "ab".repeat(32));
 * ```
 * @throws {QipError} kind `usage` when the argument has a `#sha256=` that is not 64 hex digits.
 */
export function parseModuleRef(argument: string): ModuleRef {
  const scheme = moduleScheme(argument);
  const pin = PIN.exec(argument);
  if (pin === null) {
    if (argument.includes(PIN_MARKER)) {
      throw new QipError(
        "usage",
        `Cannot read the pin of "${argument}": expected #sha256= and 64 hex digits at the end`,
      );
    }
    return { argument, location: argument, scheme, pinnedDigest: undefined };
  }
  return {
    argument,
    location: argument.slice(0, pin.index),
    scheme,
    pinnedDigest: pin[1]!.toLowerCase(),
  };
}

/**
 * Whether loading `argument` may use the network (it starts with `https://` or `http://`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isRemoteArgument } from "./module_ref.ts";
 * assert.equal(isRemoteArgument("https://example.com/m.wasm"), true);
 * assert.equal(isRemoteArgument("HTTPS://example.com/m.wasm"), false);
 * ```
 */
export function isRemoteArgument(argument: string): boolean {
  return moduleScheme(argument) !== "file";
}

/**
 * The pinned form of a location, to paste into scripts: `<location>#sha256=<hex>`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pinnedArgument } from "./module_ref.ts";
 * assert.equal(pinnedArgument("https://h/m.wasm", "00".repeat(32)), `https://h/m.wasm#sha256=${"00".repeat(32)}`);
 * ```
 */
export function pinnedArgument(location: string, digest: string): string {
  return `${location}${PIN_MARKER}${digest}`;
}

function moduleScheme(argument: string): ModuleScheme {
  if (argument.startsWith("https://")) return "https";
  if (argument.startsWith("http://")) return "http";
  return "file";
}
