/**
 * `qip build`'s engine: asks the dev server's own request handler for every route, in process
 * and without a socket, so each body and ETag is the one `qip dev` serves by construction. The
 * files are written atomically, untouched when their bytes are the same, and listed in
 * `<out>/.qip/manifest.json`; files an earlier build wrote for routes that are gone are removed,
 * so the same inputs always give the same tree.
 *
 * @module
 */

import { compareBytewise } from "../dev/tree_walk.ts";
import { describeOsError, writeFileAtomic } from "../host/mod.ts";
import { QipError } from "../errors.ts";
import { routeFile } from "./route_files.ts";

/** The path of the manifest inside the output directory. */
export const MANIFEST_PATH = ".qip/manifest.json";

/** One route as the manifest lists it. */
export interface ManifestRoute {
  /** The file that holds its body, relative to the output directory. */
  readonly file: string;
  readonly contentType: string;
  readonly etag: string;
}

/** `<out>/.qip/manifest.json`. */
export interface BuildManifest {
  readonly version: 1;
  /** Route keys in byte-wise order. */
  readonly routes: Readonly<Record<string, ManifestRoute>>;
}

/** What {@linkcode buildStaticSite} needs. */
export interface StaticBuildSpec {
  /** Every route key to build, with its content file's relative path. */
  readonly routes: ReadonlyMap<string, { readonly rel: string }>;
  /** The dev handler, answering requests for `origin`. */
  readonly handler: (request: Request) => Promise<Response>;
  /** `http://127.0.0.1:<port>`: the handler's host guard must accept it. */
  readonly origin: string;
  readonly outDir: string;
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** Why a route failed, from the handler's log (else the status is reported). */
  readonly failureOf: (key: string) => string | undefined;
  readonly onFailure: (line: string) => Promise<void>;
}

/** What a build did. */
export interface StaticBuildSummary {
  readonly routes: number;
  readonly written: number;
  readonly unchanged: number;
  readonly removed: number;
  readonly failed: number;
}

/**
 * Builds every route; a failing route is reported and the others are still written.
 *
 * @throws {QipError} kind `io` when two routes would need different bytes in one file, or a file
 *   cannot be written.
 */
export async function buildStaticSite(spec: StaticBuildSpec): Promise<StaticBuildSummary> {
  const keys = [...spec.routes.keys()].sort(compareBytewise);
  // Every key of one content file resolves to the same route and the same answer: ask once.
  const byFile = new Map<string, string[]>();
  for (const key of keys) {
    const rel = spec.routes.get(key)!.rel;
    byFile.set(rel, [...(byFile.get(rel) ?? []), key]);
  }
  const groups = [...byFile.values()];
  const answers = new Map<string, { body: Uint8Array; contentType: string; etag: string }>();
  let failed = 0;
  let next = 0;
  const lane = async () => {
    while (next < groups.length) {
      const group = groups[next++]!;
      const key = group[0]!;
      const response = await spec.handler(
        new Request(`${spec.origin}${encodeRoute(key)}`, {
          headers: { host: new URL(spec.origin).host },
        }),
      );
      const body = new Uint8Array(await response.arrayBuffer());
      if (response.status !== 200) {
        failed += group.length;
        const why = spec.failureOf(key) ?? `status ${response.status}`;
        for (const each of group) await spec.onFailure(`${each}: ${why}`);
        continue;
      }
      const answer = {
        body,
        contentType: response.headers.get("content-type") ?? "",
        etag: response.headers.get("etag") ?? "",
      };
      for (const each of group) answers.set(each, answer);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, spec.concurrency) }, lane));

  const files = new Map<string, Uint8Array>();
  const routes: Record<string, ManifestRoute> = {};
  for (const key of keys) {
    const answer = answers.get(key);
    if (answer === undefined) continue;
    const file = routeFile(key, spec.routes.get(key)!.rel);
    const previous = files.get(file);
    if (previous !== undefined && !equalBytes(previous, answer.body)) {
      throw new QipError("io", `Routes would write different bytes to one file: ${file} (${key})`);
    }
    files.set(file, answer.body);
    routes[key] = { file, contentType: answer.contentType, etag: answer.etag };
  }
  let written = 0;
  let unchanged = 0;
  for (const [file, body] of [...files].sort(([a], [b]) => compareBytewise(a, b))) {
    if (await writeIfChanged(`${spec.outDir}/${file}`, body)) written++;
    else unchanged++;
  }
  const manifest: BuildManifest = { version: 1, routes };
  const removed = await removeStale(spec.outDir, files);
  const manifestBytes = new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
  await writeIfChanged(`${spec.outDir}/${MANIFEST_PATH}`, manifestBytes);
  return { routes: keys.length, written, unchanged, removed, failed };
}

/** Route keys are decoded paths: encode each segment for the request URL. */
function encodeRoute(key: string): string {
  return key.split("/").map((segment) => encodeURIComponent(segment)).join("/");
}

/** Removes files the previous manifest listed that this build does not write. */
async function removeStale(outDir: string, files: ReadonlyMap<string, Uint8Array>) {
  let previous: BuildManifest;
  try {
    previous = JSON.parse(await Deno.readTextFile(`${outDir}/${MANIFEST_PATH}`));
  } catch {
    return 0;
  }
  let removed = 0;
  for (const { file } of Object.values(previous.routes ?? {})) {
    if (typeof file !== "string" || files.has(file) || file.split("/").includes("..")) continue;
    try {
      await Deno.remove(`${outDir}/${file}`);
      removed++;
      await removeEmptyParents(outDir, file);
    } catch {
      // Already gone.
    }
  }
  return removed;
}

/** Removes the directories of `file` that are now empty, deepest first (a non-empty one stops). */
async function removeEmptyParents(outDir: string, file: string): Promise<void> {
  const parts = file.split("/").slice(0, -1);
  while (parts.length > 0) {
    try {
      await Deno.remove(`${outDir}/${parts.join("/")}`);
    } catch {
      return;
    }
    parts.pop();
  }
}

/** Writes `bytes` atomically unless `path` already holds them; resolves to whether it wrote. */
async function writeIfChanged(path: string, bytes: Uint8Array): Promise<boolean> {
  try {
    const existing = await Deno.readFile(path);
    if (equalBytes(existing, bytes)) return false;
  } catch {
    // Missing: write it.
  }
  try {
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    await writeFileAtomic(path, bytes);
  } catch (error) {
    throw new QipError(
      "io",
      `Error writing output file: ${describeOsError("open", path, error)}`,
      { cause: error },
    );
  }
  return true;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let index = 0; index < a.byteLength; index++) if (a[index] !== b[index]) return false;
  return true;
}
