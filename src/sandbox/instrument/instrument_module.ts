/**
 * Makes an untrusted WebAssembly module preemptible by rewriting its binary before it is
 * compiled: `Worker.terminate()` cannot stop a worker spinning in a pure-wasm loop, so every
 * function entry, every `loop` header, every bulk operation and every
 * `STRAIGHT_LINE_CHECK_INTERVAL` instructions of straight-line code get a check of a cancel
 * flag (and, optionally, a fuel counter) that traps with `unreachable` once the host sets it.
 *
 * The rewrite only appends to index spaces (one shared memory, one global, some exports, and
 * for chunked bulk operations a few types and helper functions), so every
 * function, global, memory and type index of the module keeps its meaning; an index past the
 * module's own, which would name what was appended, is refused.
 *
 * @module
 */

import { QipError } from "../../errors.ts";
import { planAddedExports } from "./_added_exports.ts";
import { assembleModule } from "./_assemble_module.ts";
import { BulkHelpers, chunkable } from "./_bulk_helpers.ts";
import { ByteWriter } from "./_byte_writer.ts";
import { buildCheckCode } from "./_check_code.ts";
import { checkAppendRoom, checkCodeBounds, checkInstrumentedBodySizes } from "./_code_limits.ts";
import type { IndexSpaces } from "./_code_operands.ts";
import { scanCode } from "./_code_section.ts";
import { DEFAULT_MAX_CALL_DEPTH } from "./_deterministic.ts";
import { cannotInstrument } from "./_errors.ts";
import { applyMemoryPolicy, memoryPayload } from "./_memory_policy.ts";
import { readU32 } from "./_leb128.ts";
import { checkStartFunction, type ModuleInfo, readModuleInfo } from "./_module_info.ts";
import { checkSectionIndices } from "./_section_indices.ts";
import { SectionId, splitSections } from "./_sections.ts";
import { applyTablePolicy, DEFAULT_TABLE_LIMIT_ELEMENTS } from "./_table_policy.ts";
import { appendEntries } from "./_vector_payload.ts";
import type { FunctionSignature, ModuleImport, ValueType as ValType } from "../../contracts/mod.ts";

/** How to instrument a module. */
export interface InstrumentOptions {
  /** Memory policy: the most 64 KiB pages any memory the module defines may have. */
  readonly memoryLimitPages: number;
  /** Also count fuel at every check point (adds an exported mutable i64 global). */
  readonly fuel: boolean;
  /**
   * Table policy: the most elements all the tables the module defines may hold together.
   * @default {DEFAULT_TABLE_LIMIT_ELEMENTS}
   */
  readonly tableLimitElements?: number;
  /**
   * Deterministic mode (docs/determinism.md): canonicalise NaNs, refuse relaxed SIMD, and count
   * the call depth, trapping past `maxCallDepth`. Off, the rewrite is byte for byte as without it.
   */
  readonly deterministic?: boolean;
  /**
   * The call depth past which a call traps, in deterministic mode.
   * @default {DEFAULT_MAX_CALL_DEPTH}
   */
  readonly maxCallDepth?: number;
}

export { DEFAULT_MAX_CALL_DEPTH } from "./_deterministic.ts";

/** qip's bounds on code, checked before anything else; see `_code_limits.ts`. */
export { codeBoundsRefusal, MAX_CODE_BYTES, MAX_FUNCTIONS } from "./_code_limits.ts";

/** The module facts qip's contracts read; defined once, in the contracts layer. */
export type { FunctionSignature, ModuleImport, ValueType as ValType } from "../../contracts/mod.ts";

/** The rewritten module and what the host needs to drive it. */
export interface InstrumentedModule {
  /** The rewritten module (its own `ArrayBuffer`, so it can go to `WebAssembly.Module`). */
  readonly bytes: Uint8Array<ArrayBuffer>;
  /** Export name of the added shared memory; the cancel flag is the i32 at byte 0. */
  readonly cancelMemoryExport: string;
  /** Export name of the added mutable i64 fuel global (when `options.fuel`). */
  readonly fuelGlobalExport: string | undefined;
  /** Export name the former start function now has (when the module had a start section). */
  readonly startExport: string | undefined;
  /**
   * Export name of the added mutable i32 call-depth global (deterministic mode): above
   * `maxCallDepth` after a trap when the depth limit caused it; the host resets it to 0.
   */
  readonly depthGlobalExport: string | undefined;
  /** The call depth limit the rewrite counts against (deterministic mode). */
  readonly maxCallDepth: number | undefined;
  /** The module's declared imports, in order. */
  readonly imports: readonly ModuleImport[];
  /** Every function the module exports, with its signature (the added exports excluded). */
  readonly functionExports: ReadonlyMap<string, FunctionSignature>;
  /** Every global the module exports, with its value type (the added exports excluded). */
  readonly globalExports: ReadonlyMap<string, ValType>;
}

/** The fuel global: mutable i64, initialised by `i64.const 0`. */
const FUEL_GLOBAL = [0x7e, 0x01, 0x42, 0x00, 0x0b];
/** The call-depth global: mutable i32, initialised by `i32.const 0`. */
const DEPTH_GLOBAL = [0x7f, 0x01, 0x41, 0x00, 0x0b];
const EXPORT_FUNCTION = 0;
const EXPORT_GLOBAL = 3;

/**
 * Rewrites `bytes` so that the module can be cancelled (and, with `fuel`, metered):
 *
 * - adds a shared one-page memory, exported as `cancelMemoryExport`; at every function entry,
 *   `loop` header and bulk operation, and every `STRAIGHT_LINE_CHECK_INTERVAL` instructions of
 *   straight-line code, the module loads the i32 at its byte 0 and traps (`unreachable`) when
 *   it is not 0, so the host stops a running module with `Atomics.store(flag, 0, 1)`;
 * - replaces `memory.fill/copy/init` and `table.fill/copy/init` on the 32-bit memories and
 *   tables the module defines by calls to added helpers that do the same in chunks
 *   (`CHUNK_BYTES`, `CHUNK_ELEMENTS`), with a check between chunks;
 * - with `fuel`, adds a mutable i64 global exported as `fuelGlobalExport`, decremented at the
 *   same check points; the module traps once it goes below 0 (it then reads -1);
 * - removes the start section and exports the start function as `startExport`, so the host
 *   can arm cancellation before calling it;
 * - gives the memories the module defines maxima that add up to at most `memoryLimitPages`,
 *   and its tables maxima that add up to at most `tableLimitElements`;
 * - drops custom sections that refer to code offsets (`metadata.code.*`, `.debug_*`).
 *
 * @example Cancel a module that would loop forever
 * ```ts
 * import assert from "node:assert/strict";
 * import { instrumentModule } from "./instrument_module.ts";
 * // (module (func (export "spin") (loop (br 0))))
 * const spin = new Uint8Array([
 *   0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0,
 *   7, 8, 1, 4, 0x73, 0x70, 0x69, 0x6e, 0, 0, 10, 9, 1, 7, 0, 0x03, 0x40, 0x0c, 0, 0x0b, 0x0b,
 * ]);
 * const rewritten = instrumentModule(spin, { memoryLimitPages: 16, fuel: false });
 * const { exports } = new WebAssembly.Instance(new WebAssembly.Module(rewritten.bytes));
 * const flag = new Int32Array((exports[rewritten.cancelMemoryExport] as WebAssembly.Memory).buffer);
 * Atomics.store(flag, 0, 1); // normally from another thread, while `spin` runs
 * assert.throws(() => (exports.spin as () => void)(), WebAssembly.RuntimeError);
 * ```
 * @throws {QipError} kind "memory_policy" when the defined memories' minimums add up to more
 * than `memoryLimitPages`, or the defined tables' to more than `tableLimitElements`; kind
 * "compile" when the module cannot be decoded (the detail names the byte offset), names an
 * index past its own index spaces, has more code than qip compiles, or has a function the
 * checks would push over V8's body limit; kind "usage" when `memoryLimitPages` is not a
 * non-negative integer.
 */
export function instrumentModule(
  bytes: Uint8Array,
  options: InstrumentOptions,
): InstrumentedModule {
  const {
    memoryLimitPages,
    fuel,
    tableLimitElements = DEFAULT_TABLE_LIMIT_ELEMENTS,
    deterministic = false,
    maxCallDepth = DEFAULT_MAX_CALL_DEPTH,
  } = options;
  if (
    deterministic &&
    (!Number.isSafeInteger(maxCallDepth) || maxCallDepth < 1 || maxCallDepth > 0x7fffffff)
  ) {
    throw new QipError(
      "usage",
      `Cannot instrument with maxCallDepth ${maxCallDepth}: value must be an integer from 1 to 2147483647`,
    );
  }
  if (!Number.isSafeInteger(memoryLimitPages) || memoryLimitPages < 0) {
    throw new QipError(
      "usage",
      `Cannot instrument with memoryLimitPages ${memoryLimitPages}: value must be an integer of at least 0`,
    );
  }
  const sections = splitSections(bytes);
  const findSection = (id: number) => sections.find((section) => section.id === id);
  checkCodeBounds(bytes, findSection(SectionId.Code));
  const info = readModuleInfo(bytes, sections);
  checkStartFunction(info);
  const memories = applyMemoryPolicy(
    bytes,
    findSection(SectionId.Memory),
    info.importedMemoryCount,
    memoryLimitPages,
  );
  const cancelMemory = info.importedMemoryCount + memories.count;
  const fuelGlobal = fuel ? info.globalTypes.length : undefined;
  const depthGlobal = deterministic ? info.globalTypes.length + (fuel ? 1 : 0) : undefined;
  const importedTableCount = info.imports.filter((entry) => entry.kind === "table").length;
  // The table policy refuses a table count past V8's before anything else reads the tables.
  const tables = applyTablePolicy(
    bytes,
    findSection(SectionId.Table),
    importedTableCount,
    tableLimitElements,
  );
  // The module's own index spaces, before anything is appended to them: no index the module
  // uses may reach past them to the cancel memory or the fuel global.
  const spaces: IndexSpaces = {
    memories: cancelMemory,
    globals: info.globalTypes.length,
    functions: info.functionTypes.length,
    tables: importedTableCount + vectorCount(bytes, findSection(SectionId.Table)),
    types: info.typeCount,
  };
  checkSectionIndices(bytes, sections, spaces, info);
  const helpers = new BulkHelpers(
    chunkable(bytes, findSection(SectionId.Table), findSection(SectionId.Memory), {
      memories: info.importedMemoryCount,
      tables: importedTableCount,
    }),
    spaces.functions,
  );
  const importedFunctionCount = info.imports.filter((entry) => entry.kind === "function").length;
  const wrappers = depthGlobal === undefined
    ? undefined
    : new WrapperBlockTypes(info, importedFunctionCount, spaces.types);
  const layout = scanCode(
    bytes,
    findSection(SectionId.Code),
    spaces,
    helpers,
    wrappers && {
      module: { depthGlobal: depthGlobal!, maxCallDepth },
      importedFunctionCount,
      paramCount: (body) => wrappers.signature(body).params.length,
      paramBytes: (body) =>
        wrappers.signature(body).params.reduce((sum, type) => sum + (type === "v128" ? 16 : 8), 0),
      wrapperBlockType: (body) => wrappers.blockType(body),
    },
  );
  const check = buildCheckCode(cancelMemory, fuelGlobal);
  checkInstrumentedBodySizes(layout, check.length, importedFunctionCount);
  const added = planAddedExports(info.exports.map((entry) => entry.name), {
    cancelMemory,
    fuelGlobal,
    depthGlobal,
    startFunction: info.startFunction,
  });
  const payloads = new Map<number, Uint8Array>();
  payloads.set(SectionId.Memory, memoryPayload(memories));
  if (tables !== undefined) payloads.set(SectionId.Table, tables);
  const addedGlobals = [...(fuel ? FUEL_GLOBAL : []), ...(deterministic ? DEPTH_GLOBAL : [])];
  if (addedGlobals.length > 0) {
    payloads.set(
      SectionId.Global,
      appendEntries(bytes, findSection(SectionId.Global), addedGlobals.length / 5, addedGlobals),
    );
  }
  payloads.set(
    SectionId.Export,
    appendEntries(bytes, findSection(SectionId.Export), added.count, added.entries),
  );
  const helperBodies = helpers.bodies(check);
  checkAppendRoom("memories", spaces.memories, 1);
  // The wrapper blocks' types come after the module's own, then the helpers' types.
  const wrapperTypeCount = wrappers?.addedTypes.length ?? 0;
  const types = [...(wrappers?.addedTypes ?? []), ...helpers.types()];
  checkAppendRoom("globals", spaces.globals, addedGlobals.length / 5);
  checkAppendRoom("functions", spaces.functions, helperBodies.length);
  checkAppendRoom("types", spaces.types, types.length);
  checkAppendRoom("exports", info.exports.length, added.count);
  if (types.length > 0) {
    payloads.set(
      SectionId.Type,
      appendEntries(bytes, findSection(SectionId.Type), types.length, types.flat()),
    );
  }
  if (helperBodies.length > 0) {
    // Each helper function has one of the helpers' types.
    const typeIndices = new ByteWriter(5 * helperBodies.length);
    for (const type of helpers.helperTypes()) {
      typeIndices.u32(info.typeCount + wrapperTypeCount + type);
    }
    payloads.set(
      SectionId.Function,
      appendEntries(
        bytes,
        findSection(SectionId.Function),
        helperBodies.length,
        typeIndices.toBytes(),
      ),
    );
  }
  return {
    bytes: assembleModule(bytes, sections, { payloads, layout, check, helperBodies }),
    cancelMemoryExport: added.cancelMemoryExport,
    fuelGlobalExport: added.fuelGlobalExport,
    startExport: added.startExport,
    depthGlobalExport: added.depthGlobalExport,
    maxCallDepth: deterministic ? maxCallDepth : undefined,
    imports: info.imports,
    functionExports: functionExports(info),
    globalExports: globalExports(info),
  };
}

/**
 * The block types of the deterministic mode's wrapper blocks: a function's results, as the
 * empty type, one numeric value type, the function's own type when it takes no parameters, or
 * else an added `[] -> results` type (one per distinct result list).
 */
class WrapperBlockTypes {
  /** Added function types, encoded (`0x60`, no parameters, the results). */
  readonly addedTypes: number[][] = [];
  readonly #addedByResults = new Map<string, number>();

  constructor(
    private readonly info: ModuleInfo,
    private readonly importedFunctionCount: number,
    private readonly firstAddedType: number,
  ) {}

  signature(body: number): FunctionSignature {
    return this.info.signature(this.#typeIndex(body))!;
  }

  blockType(body: number): Uint8Array {
    const typeIndex = this.#typeIndex(body);
    const { params, results } = this.info.signature(typeIndex)!;
    if (results.length === 0) return new Uint8Array([EMPTY_BLOCK_TYPE]);
    const encoded = this.info.resultBytes(typeIndex)!;
    // One result of a numeric type: a one-byte value type (after the vector count byte).
    if (results.length === 1 && results[0] !== "ref") return encoded.subarray(1);
    if (params.length === 0) return signedTypeIndex(typeIndex);
    const key = encoded.join(",");
    let index = this.#addedByResults.get(key);
    if (index === undefined) {
      index = this.firstAddedType + this.addedTypes.length;
      this.addedTypes.push([FUNCTION_TYPE, 0, ...encoded]);
      this.#addedByResults.set(key, index);
    }
    return signedTypeIndex(index);
  }

  #typeIndex(body: number): number {
    return this.info.functionTypes[this.importedFunctionCount + body]!;
  }
}

const EMPTY_BLOCK_TYPE = 0x40;
const FUNCTION_TYPE = 0x60;

/** A type index as a block type: a signed LEB128 (s33) of a non-negative value. */
function signedTypeIndex(index: number): Uint8Array {
  const out: number[] = [];
  for (;;) {
    const low = index & 0x7f;
    index = Math.floor(index / 128);
    if (index === 0 && (low & 0x40) === 0) return new Uint8Array([...out, low]);
    out.push(low | 0x80);
  }
}

/** The entry count at the start of a vector section, or 0 when there is no such section. */
function vectorCount(
  bytes: Uint8Array,
  section: { payloadStart: number; end: number } | undefined,
) {
  return section === undefined ? 0 : readU32(bytes, section.payloadStart, section.end);
}

function functionExports(info: ModuleInfo): Map<string, FunctionSignature> {
  const signatures = new Map<string, FunctionSignature>();
  for (const { name, kind, index } of info.exports) {
    if (kind !== EXPORT_FUNCTION) continue;
    const typeIndex = info.functionTypes[index];
    const signature = typeIndex === undefined ? undefined : info.signature(typeIndex);
    if (signature === undefined) {
      throw cannotInstrument(
        `export "${name}" names function ${index}, which has no function type`,
      );
    }
    signatures.set(name, signature);
  }
  return signatures;
}

function globalExports(info: ModuleInfo): Map<string, ValType> {
  const types = new Map<string, ValType>();
  for (const { name, kind, index } of info.exports) {
    if (kind !== EXPORT_GLOBAL) continue;
    const type = info.globalTypes[index];
    if (type === undefined) {
      throw cannotInstrument(`export "${name}" names global ${index}, which does not exist`);
    }
    types.set(name, type);
  }
  return types;
}
