/**
 * The run contract (spec: abi.md §2): the host writes the input at `input_ptr`, calls
 * `run(input_size)` and reads the output at `output_ptr`. Checks happen in the spec's order,
 * with its messages.
 *
 * @module
 */

import { QipError } from "../errors.ts";
import { readExportU32 } from "./_export_reader.ts";
import { callGuest, type GuestContext } from "./guest_call.ts";
import { readGuestBytes, writeGuestBytes } from "./_guest_memory.ts";
import type { OutputEncoding, StageOutput } from "./stage_output.ts";

/** Input cap exports in precedence order. */
export const INPUT_CAPS = ["input_utf8_cap", "input_bytes_cap"] as const;

/** Output cap exports in precedence order, with what each selects. */
export const OUTPUT_CAPS = [
  { name: "output_utf8_cap", encoding: "utf8", itemBytes: 1 },
  { name: "output_i32_cap", encoding: "i32", itemBytes: 4 },
  { name: "output_bytes_cap", encoding: "raw", itemBytes: 1 },
] as const satisfies ReadonlyArray<
  { name: string; encoding: OutputEncoding; itemBytes: number }
>;

type OutputCap = { readonly ptr: number; readonly cap: number } & (typeof OUTPUT_CAPS)[number];

/**
 * Runs one run-mode stage on a fresh instance and returns what it produced.
 *
 * @throws {QipError} contract, capacity and trap errors with the spec's messages.
 */
export function runRunContract(context: GuestContext, input: Uint8Array): StageOutput {
  const inputPtr = readExportU32(context, "input_ptr");
  if (inputPtr === undefined) {
    throw new QipError("contract", "Wasm module must export input_ptr as global or function");
  }
  const inputCap = readFirstExport(context, INPUT_CAPS);
  if (inputCap === undefined) {
    throw new QipError(
      "contract",
      "Wasm module must export input_utf8_cap or input_bytes_cap as global or function",
    );
  }
  const output = readOutputCap(context);
  const run = context.exports["run"];
  if (typeof run !== "function") throw new QipError("contract", "Wasm module must export run");
  const runSignature = context.layout.functionExports.get("run");
  if (runSignature !== undefined && runSignature.params.length !== 1) {
    throw new QipError("trap", `expected ${runSignature.params.length} params, but passed 1`);
  }
  if (runSignature !== undefined && runSignature.results.length !== 1) {
    throw new QipError("contract", `run() returned ${runSignature.results.length} values, want 1`);
  }
  if (input.byteLength > inputCap.value) {
    throw inputTooLarge(input.byteLength, inputCap.name, inputCap.value);
  }
  const memory = exportedMemory(context);
  if (!writeGuestBytes(memory, inputPtr, input)) {
    throw new QipError("capacity", "Could not write input", {
      detail:
        `input_ptr ${inputPtr} + ${input.byteLength} bytes exceeds memory of ${memory.buffer.byteLength} bytes`,
    });
  }
  const count = callGuest(
    context,
    () => Number((run as (size: number) => unknown)(input.byteLength)) >>> 0,
    (text, cause) => new QipError("trap", text, { cause }),
  );
  if (output === undefined || output.cap === 0) {
    return { kind: "scalar", encoding: output?.encoding ?? "raw", ran: count };
  }
  if (count > output.cap) {
    throw new QipError("capacity", "Module returned more bytes than its stated capacity", {
      detail: `run returned ${count}, ${output.name} is ${output.cap}`,
    });
  }
  const byteCount = (count * output.itemBytes) % 2 ** 32;
  const bytes = readGuestBytes(memory, output.ptr, byteCount);
  if (bytes === undefined) {
    throw new QipError("capacity", "Could not read output", {
      detail:
        `output_ptr ${output.ptr} + ${byteCount} bytes exceeds memory of ${memory.buffer.byteLength} bytes`,
    });
  }
  return { kind: "bytes", encoding: output.encoding, bytes };
}

/** `Input is too large: <n> bytes, <cap export> is <cap>`. */
export function inputTooLarge(byteLength: number, capName: string, cap: number): QipError {
  return new QipError("capacity", "Input is too large", {
    detail: `${byteLength} bytes, ${capName} is ${cap}`,
  });
}

/** Returns the memory export every contract uses (spec: abi.md §1, "Memory"). */
export function exportedMemory(context: GuestContext): WebAssembly.Memory {
  const memory = context.exports["memory"];
  if (!(memory instanceof WebAssembly.Memory)) {
    throw new QipError("contract", "Wasm module must export memory");
  }
  return memory;
}

function readFirstExport<Name extends string>(
  context: GuestContext,
  names: readonly Name[],
): { name: Name; value: number } | undefined {
  for (const name of names) {
    const value = readExportU32(context, name);
    if (value !== undefined) return { name, value };
  }
  return undefined;
}

function readOutputCap(context: GuestContext): OutputCap | undefined {
  const ptr = readExportU32(context, "output_ptr");
  if (ptr === undefined) return undefined;
  for (const candidate of OUTPUT_CAPS) {
    const cap = readExportU32(context, candidate.name);
    if (cap !== undefined) return { ...candidate, ptr, cap };
  }
  throw new QipError(
    "contract",
    "Wasm module must export output_utf8_cap or output_i32_cap or output_bytes_cap as global or function",
  );
}
