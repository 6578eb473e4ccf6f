/**
 * Form module discovery (`--forms`, dev-server.md §7.2): every `.wasm` under the forms root,
 * named by its path without the extension. Modules run in the visitor's browser, never on the
 * server; but each is compiled (not instantiated) and its exports checked here, by the rule
 * `qip form` applies, so that a broken form module fails the load (and the reload shows it)
 * instead of the first visitor's submit.
 *
 * @module
 */

import { formExportProblem } from "../contracts/mod.ts";
import { QipError } from "../errors.ts";
import { loadModuleBytes } from "../host/mod.ts";
import { DEFAULT_LIMITS } from "../sandbox/mod.ts";
import { sha256 } from "./sha256.ts";
import { checkRelativePath, walkTree } from "./tree_walk.ts";

/** One form module, ready to embed in a page. */
export interface FormModule {
  /** `contact` for `contact.wasm`, `nested/signup` for `nested/signup.wasm`. */
  readonly name: string;
  readonly fullPath: string;
  /** Raw SHA-256 of the module file (for ETags). */
  readonly digest: Uint8Array;
  /** The module file in standard base64, as the injected script embeds it. */
  readonly base64: string;
}

/** Form names to modules. */
export type FormModules = ReadonlyMap<string, FormModule>;

/**
 * Walks the forms root and reads every form module.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { discoverFormModules } from "./form_modules.ts";
 * const root = await Deno.makeTempDir();
 * await Deno.mkdir(`${root}/nested`);
 * await Deno.copyFile("examples/form-email-message.wasm", `${root}/nested/signup.wasm`);
 * const forms = await discoverFormModules(root);
 * assert.equal(forms.get("nested/signup")?.fullPath, `${root}/nested/signup.wasm`);
 * await Deno.remove(root, { recursive: true });
 * ```
 * @throws {QipError} `form entry "…" must be a regular file`, `form path "<rel>" …`,
 *   `duplicate form module name "<name>" in "<first>" and "<second>"`, read errors, and
 *   `Wasm module could not be compiled` or the form contract's export errors, each followed by
 *   `: form module "<name>" (<path>)`.
 */
export async function discoverFormModules(root: string): Promise<FormModules> {
  const forms = new Map<string, FormModule>();
  for (const file of walkTree(root, "form").files) {
    checkRelativePath(file.rel, "form");
    const base = file.rel.slice(file.rel.lastIndexOf("/") + 1);
    const dot = base.lastIndexOf(".");
    if (dot < 0 || base.slice(dot).toLowerCase() !== ".wasm") continue;
    if (dot === 0) {
      throw new QipError("io", `form path "${file.rel}" must include a name before .wasm`);
    }
    const name = file.rel.slice(0, file.rel.length - ".wasm".length);
    const first = forms.get(name);
    if (first !== undefined) {
      throw new QipError(
        "io",
        `duplicate form module name "${name}" in "${first.fullPath}" and "${file.fullPath}"`,
      );
    }
    const bytes = await loadModuleBytes(file.fullPath, DEFAULT_LIMITS.maxModuleBytes);
    const digest = sha256(bytes);
    forms.set(name, { name, fullPath: file.fullPath, digest, base64: bytes.toBase64() });
  }
  // After the walk, so the spec's path and name errors come first.
  for (const form of forms.values()) {
    await checkFormModule(
      Uint8Array.fromBase64(form.base64),
      `form module "${form.name}" (${form.fullPath})`,
    );
  }
  return forms;
}

/** Compiles `bytes` and checks their exports against the form contract. */
async function checkFormModule(bytes: Uint8Array, where: string): Promise<void> {
  let module: WebAssembly.Module;
  try {
    module = await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new QipError("compile", "Wasm module could not be compiled", {
      detail: `${where}: ${reason}`,
    });
  }
  const kinds = new Map(WebAssembly.Module.exports(module).map(({ name, kind }) => [name, kind]));
  const problem = formExportProblem((name) => kinds.get(name));
  if (problem !== undefined) throw new QipError("contract", problem, { detail: where });
}
