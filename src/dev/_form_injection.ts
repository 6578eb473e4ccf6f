/**
 * `<qip-form>` injection (dev-server.md §7): an HTML body that uses form modules gets one
 * inline module script, with only the modules it names, before its last `</body>`.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import type { FormModule, FormModules } from "./_form_modules.ts";
import { FORM_RUNTIME_SCRIPT } from "./_form_runtime.ts";
import { findFormNames } from "./_form_tags.ts";

/** An HTML body after injection, and the modules it embeds (their digests go in the ETag). */
export interface InjectedPage {
  readonly body: Uint8Array;
  /** The modules used, sorted by name; empty when the page has no `<qip-form>` tag. */
  readonly used: readonly FormModule[];
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();
const TAG_START = /<qip-form/i;

/**
 * Injects the form script into `body` when it has `<qip-form>` tags; otherwise returns it as
 * it is. Bytes outside the insertion point are never re-encoded.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { injectForms } from "./_form_injection.ts";
 * const page = new TextEncoder().encode("<p>no forms</p>");
 * assert.equal(injectForms(page, new Map()).body, page);
 * ```
 * @throws {QipError} the tag errors, `qip-form tags detected, but no form modules are loaded
 *   (pass --forms <forms_dir>)`, `qip-form name "<name>" has no matching module in --forms`.
 */
export function injectForms(body: Uint8Array, forms: FormModules): InjectedPage {
  const html = decoder.decode(body);
  if (!TAG_START.test(html)) return { body, used: [] };
  const names = findFormNames(html);
  if (names.length === 0) return { body, used: [] };
  if (forms.size === 0) {
    throw new QipError(
      "contract",
      "qip-form tags detected, but no form modules are loaded (pass --forms <forms_dir>)",
    );
  }
  const used = names.map((name) => {
    const form = forms.get(name);
    if (form === undefined) {
      throw new QipError("contract", `qip-form name "${name}" has no matching module in --forms`);
    }
    return form;
  });
  const script = encoder.encode(buildFormScript(used));
  const at = lastBodyClose(body);
  const injected = new Uint8Array(body.byteLength + script.byteLength);
  injected.set(body.subarray(0, at));
  injected.set(script, at);
  injected.set(body.subarray(at), at + script.byteLength);
  return { body: injected, used };
}

/**
 * The inline script: the `qipFormModules` map, one line per module, then the runtime.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildFormScript } from "./_form_injection.ts";
 * const script = buildFormScript([{ name: "a<b", fullPath: "", digest: new Uint8Array(), base64: "AA==" }]);
 * assert.ok(script.startsWith('<script type="module">\nconst qipFormModules = new Map([\n  ["a\\u003cb", "AA=="],\n]);\n'));
 * ```
 */
export function buildFormScript(modules: readonly FormModule[]): string {
  const entries = modules.map((form) => `  [${goJson(form.name)}, ${goJson(form.base64)}],\n`);
  return `<script type="module">\nconst qipFormModules = new Map([\n${
    entries.join("")
  }]);${FORM_RUNTIME_SCRIPT}\n</script>`;
}

/** A JSON string as Go writes it: `<`, `>`, `&`, U+2028 and U+2029 escaped. */
function goJson(text: string): string {
  return JSON.stringify(text).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Byte offset of the last `</body>` (ASCII case-insensitive), or the end of the body. */
function lastBodyClose(body: Uint8Array): number {
  const pattern = encoder.encode("</body>");
  for (let at = body.byteLength - pattern.byteLength; at >= 0; at--) {
    let matches = true;
    for (let index = 0; index < pattern.byteLength && matches; index++) {
      const byte = body[at + index]!;
      matches = (byte >= 0x41 && byte <= 0x5a ? byte | 0x20 : byte) === pattern[index];
    }
    if (matches) return at;
  }
  return body.byteLength;
}
