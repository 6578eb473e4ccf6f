/**
 * Workers are spawned from source text the host holds in memory (the bundles written by
 * scripts/build_worker_bundles.ts), through a `blob:` URL: creating a worker then reads no file,
 * so it works after the host revoked `read`, and from an installed or compiled copy of qip.
 *
 * @module
 */

const urls = new Map<string, string>();

/**
 * A `blob:` URL serving `source` as a JavaScript module; one per distinct text, kept for the
 * life of the process (a worker may be spawned from it at any time).
 */
export function workerScriptUrl(source: string): string {
  let url = urls.get(source);
  if (url === undefined) {
    url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    urls.set(source, url);
  }
  return url;
}
