/**
 * The form contract (spec: abi.md §6): one instance for a whole interactive session. The
 * prompt loop itself belongs to the host (`qip form`, the browser runtime); this file reads
 * and writes the instance, with every pointer and size bounds-checked and the spec's messages.
 * Export values are signed i32 here.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import { callGuest, type GuestContext } from "./guest_call.ts";
import type { SessionCall, SessionHandler, SessionInstances } from "./session_protocol.ts";

/** The exports the form contract requires, in the order the spec checks them (after memory). */
export const FORM_EXPORTS = [
  "input_ptr",
  "input_utf8_cap",
  "run",
  "output_ptr",
  "output_utf8_cap",
  "input_key_ptr",
  "input_key_size",
  "input_label_ptr",
  "input_label_size",
  "error_message_ptr",
  "error_message_size",
] as const;

type FormExport = (typeof FORM_EXPORTS)[number];

/**
 * The one rule for a form module's exports, shared by `qip form` (on the instance) and `qip dev`
 * (on the compiled module, when it loads it): `memory` is a memory and every name of
 * {@linkcode FORM_EXPORTS} a function. Globals are refused by name, because run and tile modules
 * may use them and an author porting one would otherwise read "must export input_ptr" while
 * exporting it. Returns the first problem in the spec's order, or `undefined`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formExportProblem } from "./form_abi.ts";
 * const kinds = new Map([["memory", "memory"], ["input_ptr", "global"]]);
 * assert.equal(
 *   formExportProblem((name) => kinds.get(name)),
 *   "Wasm module must export input_ptr as a function",
 * );
 * ```
 */
export function formExportProblem(
  kindOf: (name: string) => string | undefined,
): string | undefined {
  if (kindOf("memory") !== "memory") return "Wasm module must export memory";
  for (const name of FORM_EXPORTS) {
    const kind = kindOf(name);
    // The spec's message, then what the module lacks: usually a run module given to qip form.
    if (kind === undefined) {
      return `Wasm module must export ${name} (a form module exports the functions ${
        FORM_EXPORTS.join(", ")
      })`;
    }
    if (kind !== "function") return `Wasm module must export ${name} as a function`;
  }
  return undefined;
}

/** What the module asks next: raw strings, before the host trims them. */
export interface FormPrompt {
  /** The module's error for the last answer; empty when there is none. */
  readonly error: string;
  /** The key of the next field; empty once the form is complete. */
  readonly key: string;
  /** The label to show for it. */
  readonly label: string;
}

/** The calls a form session answers, and what each resolves to. */
export type FormCalls = {
  /** Read the current error message, key and label. */
  readonly prompt: SessionCall<{ readonly op: "prompt" }, FormPrompt>;
  /** Write `value` at `input_ptr` and call `run(len)`; resolves to run's result. */
  readonly answer: SessionCall<{ readonly op: "answer"; readonly value: Uint8Array }, number>;
  /** Call `run(0)` without writing (the form completed before any answer). */
  readonly runEmpty: SessionCall<{ readonly op: "runEmpty" }, number>;
  /** Read the final output of `size` bytes. */
  readonly output: SessionCall<{ readonly op: "output"; readonly size: number }, string>;
};

/** The requests a form session answers. */
export type FormRequest = FormCalls[keyof FormCalls]["request"];

const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Opens a form session on its one instance: checks the exports (spec §6.1 order) and returns
 * the call handler.
 *
 * @throws {QipError} `Wasm module must export memory` / `Wasm module must export <name>`.
 */
export function openFormSession(instances: SessionInstances): SessionHandler<FormCalls> {
  const context = instances.instantiate(0);
  const problem = formExportProblem((name) => {
    const value = context.exports[name];
    if (value === undefined) return undefined;
    if (typeof value === "function") return "function";
    if (value instanceof WebAssembly.Memory) return "memory";
    return value instanceof WebAssembly.Global ? "global" : "table";
  });
  if (problem !== undefined) throw new QipError("contract", problem);
  return formHandler(context);
}

function formHandler(context: GuestContext): SessionHandler<FormCalls> {
  return {
    prompt: () => ({
      result: {
        error: readString(context, "error_message_ptr", "error_message_size"),
        key: readString(context, "input_key_ptr", "input_key_size"),
        label: readString(context, "input_label_ptr", "input_label_size"),
      },
    }),
    answer: (request) => ({ result: writeAnswer(context, request.value) }),
    runEmpty: () => ({ result: callRun(context, 0) }),
    output: (request) => ({ result: readOutput(context, request.size) }),
  };
}

function writeAnswer(context: GuestContext, value: Uint8Array): number {
  const ptr = callI32(context, "input_ptr");
  const cap = callI32(context, "input_utf8_cap");
  if (ptr < 0 || cap < 0) {
    throw new QipError(
      "contract",
      `module returned invalid input memory values: ptr=${ptr} cap=${cap}`,
    );
  }
  if (value.byteLength > cap) {
    throw new QipError(
      "capacity",
      `input value exceeds module input_utf8_cap (${value.byteLength} > ${cap})`,
    );
  }
  if (value.byteLength > 0) {
    const memory = formMemory(context);
    if (ptr + value.byteLength > memory.buffer.byteLength) {
      throw new QipError("capacity", "failed to write form input to wasm memory");
    }
    new Uint8Array(memory.buffer, ptr, value.byteLength).set(value);
  }
  return callRun(context, value.byteLength);
}

function callRun(context: GuestContext, size: number): number {
  const run = context.exports["run"] as (size: number) => unknown;
  return callFormExport(
    context,
    "run",
    () => Number(run(size)) | 0,
    (text, cause) => new QipError("trap", `run() failed: ${text}`, { cause }),
  );
}

function readOutput(context: GuestContext, size: number): string {
  if (size < 0) throw new QipError("contract", `run returned negative output size: ${size}`);
  if (size === 0) return "";
  const ptr = callI32(context, "output_ptr");
  const cap = callI32(context, "output_utf8_cap");
  if (ptr < 0 || cap < 0) {
    throw new QipError(
      "contract",
      `module returned invalid output memory values: ptr=${ptr} cap=${cap}`,
    );
  }
  if (size > cap) {
    throw new QipError("capacity", `run output size exceeds output_utf8_cap (${size} > ${cap})`);
  }
  const memory = formMemory(context);
  if (ptr + size > memory.buffer.byteLength) {
    throw new QipError("capacity", "output bytes exceed wasm memory bounds");
  }
  try {
    return decoder.decode(new Uint8Array(memory.buffer, ptr, size));
  } catch {
    throw new QipError("contract", "module output is not valid UTF-8");
  }
}

/** `readString` of spec §6.2. */
function readString(context: GuestContext, ptrName: FormExport, sizeName: FormExport): string {
  const ptr = callI32(context, ptrName, "readString");
  const size = callI32(context, sizeName, "readString");
  if (ptr < 0 || size < 0) {
    throw new QipError(
      "contract",
      `module returned invalid pointer/size for ${ptrName}/${sizeName}: ptr=${ptr} size=${size}`,
    );
  }
  if (size === 0) return "";
  const memory = formMemory(context);
  if (ptr + size > memory.buffer.byteLength) {
    throw new QipError("capacity", `${ptrName}/${sizeName} exceed wasm memory bounds`);
  }
  try {
    return decoder.decode(new Uint8Array(memory.buffer, ptr, size));
  } catch {
    throw new QipError("contract", `${ptrName}/${sizeName} must be valid UTF-8`);
  }
}

/**
 * Calls a zero-argument export and returns its result as a signed i32. The spec words call
 * failures differently inside `readString` (`<name>() failed`, `returned unexpected result
 * arity`) and elsewhere (`<name>() call failed`, `returned <n> values, want 1`).
 */
function callI32(
  context: GuestContext,
  name: FormExport,
  caller: "readString" | "other" = "other",
) {
  const signature = context.layout.functionExports.get(name);
  const resultCount = signature?.results.length ?? 1;
  if (resultCount !== 1) {
    throw new QipError(
      "contract",
      caller === "readString"
        ? `${name}() returned unexpected result arity`
        : `${name}() returned ${resultCount} values, want 1`,
    );
  }
  const fn = context.exports[name] as () => unknown;
  const failure = caller === "readString" ? "failed" : "call failed";
  return callFormExport(
    context,
    name,
    () => Number(fn()) | 0,
    (text, cause) => new QipError("trap", `${name}() ${failure}: ${text}`, { cause }),
  );
}

/**
 * {@linkcode callGuest} for one form export; an interruption names the export that ran out
 * (`Error running run: Wasm module exceeded the execution time limit (100ms)`), as tile and
 * uniform calls do, since a form makes many calls per answer.
 */
function callFormExport(
  context: GuestContext,
  name: FormExport,
  call: () => number,
  onTrap: (text: string, cause: unknown) => QipError,
): number {
  try {
    return callGuest(context, call, onTrap);
  } catch (error) {
    if (error instanceof QipError && (error.kind === "time_limit" || error.kind === "fuel")) {
      throw new QipError(error.kind, `Error running ${name}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

function formMemory(context: GuestContext): WebAssembly.Memory {
  return context.exports["memory"] as WebAssembly.Memory;
}
