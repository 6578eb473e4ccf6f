/**
 * Remote modules over HTTPS, within bounds the reference did not have (spec: cli.md §1.5 item
 * 1): a time limit for the response headers and one for the whole download, a few redirects
 * and only to `https://`, the module size cap while streaming (the rest is never read), and
 * a non-2xx status is an error instead of a module. Plain `http://` is refused unless it
 * names this machine and the caller allows it (`--allow-http-localhost`, for local testing).
 *
 * @module
 */

import { formatGoDurationMs } from "../format/go_duration.ts";
import { BoundedBytes } from "./_bounded_bytes.ts";
import { fetchFailed, moduleTooLarge, responseFailed } from "./_module_errors.ts";
import type { ModuleSource } from "./module_source.ts";

/** Bounds on one module download. */
export interface FetchLimits {
  /**
   * From sending a request to its response headers: connecting, the TLS handshake and the
   * server's answer, for each redirect hop. @default {10_000}
   */
  readonly connectTimeoutMs: number;
  /** The whole download of one module, redirects and body included. @default {60_000} */
  readonly fetchTimeoutMs: number;
  /** Redirects followed before giving up, each to an `https://` URL. @default {5} */
  readonly maxRedirects: number;
}

/** The defaults of {@linkcode FetchLimits}. */
export const DEFAULT_FETCH_LIMITS: FetchLimits = Object.freeze({
  connectTimeoutMs: 10_000,
  fetchTimeoutMs: 60_000,
  maxRedirects: 5,
});

/** Options for {@linkcode httpsSource}. */
export interface HttpsSourceOptions {
  /** @default {DEFAULT_FETCH_LIMITS} */
  readonly fetchLimits?: FetchLimits;
  /** Allow `http://127.0.0.1`, `http://[::1]` and `http://localhost`. @default {false} */
  readonly allowHttpLocalhost?: boolean;
  /** The HTTP client (extra CA certificates, a proxy); Deno's default client otherwise. */
  readonly client?: Deno.HttpClient;
}

/**
 * A source for `https://` arguments (and `http://` ones, which it refuses unless allowed).
 *
 * @example Fetch a module (needs the network)
 * ```ts ignore
 * // Not run as a doc test: it needs the network.
 * const source = httpsSource({ fetchLimits: { ...DEFAULT_FETCH_LIMITS, fetchTimeoutMs: 5_000 } });
 * const bytes = await source.load(parseModuleRef("https://example.com/m.wasm"), {
 *   maxModuleBytes: 64 * 1024 * 1024,
 *   expectedDigest: undefined,
 * });
 * ```
 */
export function httpsSource(options: HttpsSourceOptions = {}): ModuleSource {
  const { fetchLimits = DEFAULT_FETCH_LIMITS, allowHttpLocalhost = false, client } = options;
  return {
    canLoad: (ref) => ref.scheme !== "file",
    load: (ref, { maxModuleBytes }) =>
      fetchModule(ref.location, { fetchLimits, allowHttpLocalhost, client, maxModuleBytes }),
  };
}

interface FetchSettings {
  readonly fetchLimits: FetchLimits;
  readonly allowHttpLocalhost: boolean;
  readonly client: Deno.HttpClient | undefined;
  readonly maxModuleBytes: number;
}

/** Why the download was aborted: one of its two timers fired. */
class TimerExpired {
  constructor(readonly timer: "connect" | "fetch") {}
}

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(["127.0.0.1", "[::1]", "localhost"]);
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

async function fetchModule(location: string, settings: FetchSettings): Promise<Uint8Array> {
  const { fetchTimeoutMs } = settings.fetchLimits;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new TimerExpired("fetch")), fetchTimeoutMs);
  try {
    const response = await followRedirects(location, settings, controller);
    return await readBody(location, response, settings);
  } finally {
    clearTimeout(timer);
  }
}

/** Requests `location`, following at most `maxRedirects` redirects, each to `https://`. */
async function followRedirects(
  location: string,
  settings: FetchSettings,
  controller: AbortController,
): Promise<Response> {
  let url = firstUrl(location, settings.allowHttpLocalhost);
  for (let redirects = 0;; redirects++) {
    const response = await request(location, url, settings, controller);
    if (REDIRECT_STATUSES.has(response.status)) {
      await response.body?.cancel();
      url = redirectTarget(location, url, response, redirects, settings.fetchLimits.maxRedirects);
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      const status = [`HTTP ${response.status}`, response.statusText];
      if (url.href !== location) status.push(`from ${url.href}`);
      throw fetchFailed(location, status.filter((part) => part !== "").join(" "));
    }
    return response;
  }
}

/** One request, aborted when its response headers take longer than `connectTimeoutMs`. */
async function request(
  location: string,
  url: URL,
  settings: FetchSettings,
  controller: AbortController,
): Promise<Response> {
  const { connectTimeoutMs } = settings.fetchLimits;
  const timer = setTimeout(() => controller.abort(new TimerExpired("connect")), connectTimeoutMs);
  try {
    return await fetch(url, {
      redirect: "manual",
      signal: controller.signal,
      ...(settings.client === undefined ? {} : { client: settings.client }),
    });
  } catch (error) {
    throw fetchFailed(location, failureReason(error, settings.fetchLimits), error);
  } finally {
    clearTimeout(timer);
  }
}

/** Streams the body, stopping as soon as it passes `maxModuleBytes`. */
async function readBody(
  location: string,
  response: Response,
  settings: FetchSettings,
): Promise<Uint8Array> {
  const { maxModuleBytes } = settings;
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared > maxModuleBytes) {
    await response.body?.cancel();
    throw moduleTooLarge(location, declared, maxModuleBytes);
  }
  const collected = new BoundedBytes(maxModuleBytes);
  if (response.body === null) return collected.bytes();
  const reader = response.body.getReader();
  const next = () => readChunk(location, reader, settings);
  for (let chunk = await next(); !chunk.done; chunk = await next()) {
    if (!collected.push(chunk.value)) {
      await reader.cancel();
      throw moduleTooLarge(location, undefined, maxModuleBytes);
    }
  }
  return collected.bytes();
}

async function readChunk(
  location: string,
  reader: ReadableStreamDefaultReader<Uint8Array>,
  settings: FetchSettings,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  try {
    return await reader.read();
  } catch (error) {
    throw responseFailed(location, failureReason(error, settings.fetchLimits), error);
  }
}

function firstUrl(location: string, allowHttpLocalhost: boolean): URL {
  let url: URL;
  try {
    url = new URL(location);
  } catch (error) {
    throw fetchFailed(location, "not a valid URL", error);
  }
  if (url.protocol === "https:") return url;
  if (!allowHttpLocalhost) {
    throw fetchFailed(
      location,
      "plain http:// is refused, use https:// (http://127.0.0.1 and http://localhost are " +
        "allowed with --allow-http-localhost)",
    );
  }
  if (!LOOPBACK_HOSTS.has(url.hostname)) {
    throw fetchFailed(
      location,
      "plain http:// is refused for other hosts than 127.0.0.1, [::1] and localhost, use https://",
    );
  }
  return url;
}

function redirectTarget(
  location: string,
  from: URL,
  response: Response,
  redirects: number,
  maxRedirects: number,
): URL {
  const target = response.headers.get("location");
  if (target === null) {
    throw fetchFailed(location, `HTTP ${response.status} redirect without a Location header`);
  }
  if (redirects >= maxRedirects) {
    throw fetchFailed(location, `more than ${maxRedirects} redirects (the last to ${target})`);
  }
  let url: URL;
  try {
    url = new URL(target, from);
  } catch (error) {
    throw fetchFailed(location, `redirect to an invalid URL: ${target}`, error);
  }
  if (url.protocol !== "https:") {
    throw fetchFailed(location, `refused a redirect to ${url.href}: only https:// is followed`);
  }
  return url;
}

/** The words for a failed request or read: a timer that fired, or the transport's reason. */
function failureReason(error: unknown, limits: FetchLimits): string {
  if (error instanceof TimerExpired) {
    return error.timer === "connect"
      ? `no response within ${formatGoDurationMs(limits.connectTimeoutMs)} (--connect-timeout-ms)`
      : `not complete within ${formatGoDurationMs(limits.fetchTimeoutMs)} (--fetch-timeout-ms)`;
  }
  let innermost = error;
  while (innermost instanceof Error && innermost.cause instanceof Error) {
    innermost = innermost.cause;
  }
  const message = innermost instanceof Error ? innermost.message : String(innermost);
  // Deno: "error sending request for url (https://…): client error (Connect): …"
  return message.replace(/^error sending request for url \([^)]*\): /, "");
}
