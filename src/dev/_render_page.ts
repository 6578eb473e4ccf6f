/**
 * Turns a file's output (recipe chain output, or the file bytes) into what the response
 * carries (dev-server.md §5 steps 7–10): the body, its Content-Type, `<qip-form>` injection
 * for HTML, and the ETag.
 *
 * @module
 */

import type { StageOutput } from "../contracts/mod.ts";
import { formatRunOutput } from "../pipeline/mod.ts";
import { buildDevEtag } from "./_dev_etag.ts";
import { injectForms } from "./_form_injection.ts";
import type { FormModules } from "./_form_modules.ts";
import type { RecipeChain } from "./_recipe_chains.ts";
import { devResponseContentType } from "./_response_content_type.ts";

/** A response's body and headers. */
export interface RenderedPage {
  readonly body: Uint8Array;
  readonly contentType: string;
  readonly etag: string;
}

/** What a page is made of. */
export interface PageParts {
  /** The chain's output, or the file's bytes as a raw output. */
  readonly output: StageOutput;
  readonly sourceMime: string;
  /** Raw SHA-256 of the file. */
  readonly sourceDigest: Uint8Array;
  /** The chain that produced `output`, if any. */
  readonly chain: RecipeChain | undefined;
  readonly forms: FormModules;
}

/**
 * Renders a page. The result is a pure function of `parts`, so it may be cached with the
 * output it was made from.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderPage } from "./_render_page.ts";
 * const bytes = new TextEncoder().encode("{}");
 * const page = renderPage({
 *   output: { kind: "bytes", encoding: "raw", bytes },
 *   sourceMime: "application/json",
 *   sourceDigest: new Uint8Array(32),
 *   chain: undefined,
 *   forms: new Map(),
 * });
 * assert.equal(page.contentType, "application/json");
 * assert.equal(page.etag, `"${"00".repeat(32)}"`);
 * ```
 * @throws {QipError} the `<qip-form>` injection errors.
 */
export function renderPage(parts: PageParts): RenderedPage {
  const { output, sourceMime, sourceDigest, chain, forms } = parts;
  let body = responseBody(output);
  const contentType = devResponseContentType({
    sourceMime,
    chainApplied: chain !== undefined,
    encoding: output.encoding,
    body,
  });
  let formDigests: Uint8Array[] = [];
  if (contentType.startsWith("text/html")) {
    const page = injectForms(body, forms);
    body = page.body;
    formDigests = page.used.map((form) => form.digest);
  }
  const etag = buildDevEtag(sourceDigest, chain?.digests ?? [], formDigests);
  return { body, contentType, etag };
}

/** The body of an output: bytes as they are (no newline added), i32 items as `%08x` lines. */
function responseBody(output: StageOutput): Uint8Array {
  if (output.kind === "scalar") return new Uint8Array(0);
  return output.encoding === "i32" ? formatRunOutput(output) : output.bytes;
}
