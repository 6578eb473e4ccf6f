/**
 * Reads what the instrumenter needs to know from the module's sections: function signatures,
 * imports, how many memories and globals there are, the exports and the start function.
 *
 * @module
 */

import { ByteReader } from "./_byte_reader.ts";
import {
  cannotInstrument,
  exceptionHeapRefused,
  gcHeapRefused,
  tagPayloadOverLimit,
} from "./_errors.ts";
import { ENGINE_LIMITS, readCount } from "./_section_counts.ts";
import { describeSection, type Section, SectionId } from "./_sections.ts";
import { skipConstExpr } from "./_skip_instruction.ts";
import { isExnRef, skipValType, valTypeAt } from "./_value_types.ts";
import type { FunctionSignature, ModuleImport, ValType } from "./instrument_module.ts";

/** An export entry of the input module. */
export interface ExportEntry {
  readonly name: string;
  /** 0 function, 1 table, 2 memory, 3 global, 4 tag. */
  readonly kind: number;
  readonly index: number;
}

/** What the input module declares, as far as the instrumenter cares. */
export interface ModuleInfo {
  /**
   * By type index: the signature (struct and array types are refused, so all are functions),
   * decoded on first use: a module may declare 60,000 types of a thousand parameters.
   */
  readonly signature: (typeIndex: number) => FunctionSignature | undefined;
  /**
   * By type index: the encoded result vector (count, then value types) of a function type, as
   * written; the deterministic rewrite copies it into a block type.
   */
  readonly resultBytes: (typeIndex: number) => Uint8Array | undefined;
  /** How many types the module declares (the type index space). */
  readonly typeCount: number;
  /** By function index (imports first): the function's type index. */
  readonly functionTypes: number[];
  /** By global index (imports first): the global's value type. */
  readonly globalTypes: ValType[];
  /** How many memories are imported (they come first in the memory index space). */
  importedMemoryCount: number;
  readonly imports: ModuleImport[];
  readonly exports: ExportEntry[];
  /** The start function's index, when the module has a start section. */
  startFunction: number | undefined;
}

const IMPORT_KINDS = ["function", "table", "memory", "global", "tag"] as const;

/**
 * The most bytes one exception may carry: four i32, two i64 or one v128 (C++ and Rust
 * exceptions carry one pointer). Every stack frame can hold a caught exception (a legacy
 * `catch` block, an `exnref` local), so this bounds the engine heap held through the stack:
 * see docs/security-model.md.
 */
export const TAG_PAYLOAD_LIMIT_BYTES = 16;

/** How many bytes a value of each type adds to an exception's payload. */
const PAYLOAD_BYTES: Readonly<Record<ValType, number>> = {
  i32: 4,
  f32: 4,
  i64: 8,
  f64: 8,
  ref: 8,
  v128: 16,
};

/** What reading needs beyond {@linkcode ModuleInfo}: which types and tags came before. */
interface ReadState {
  readonly bytes: Uint8Array;
  readonly info: ModuleInfo;
  /** By type index: where the function type's parameter vector starts. */
  readonly typeOffsets: number[];
  /** Type indices already checked as tag types. */
  readonly tagTypesChecked: Set<number>;
  /** How many tags (imported, then defined) have been read. */
  tagCount: number;
  /** How many globals (imported, then defined) have been read. */
  globalCount: number;
  /** How many tables have been imported. */
  tableCount: number;
}

/**
 * Reads the type, import, function, tag, global, export and start sections, and refuses what
 * could hold caught exceptions without bound: `exnref` globals and imported tables, tags that
 * carry an `exnref`, and tags above {@linkcode TAG_PAYLOAD_LIMIT_BYTES}.
 *
 * @example A module with one exported function `() -> i32`
 * ```ts
 * import assert from "node:assert/strict";
 * import { splitSections } from "./_sections.ts";
 * import { readModuleInfo } from "./_module_info.ts";
 * const bytes = new Uint8Array([
 *   0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
 *   1, 5, 1, 0x60, 0, 1, 0x7f, // type 0: () -> i32
 *   3, 2, 1, 0, // function 0 has type 0
 *   7, 5, 1, 1, 0x66, 0, 0, // export "f" = function 0
 *   10, 6, 1, 4, 0, 0x41, 7, 0x0b, // body: i32.const 7
 * ]);
 * const info = readModuleInfo(bytes, splitSections(bytes));
 * assert.deepEqual(info.signature(info.functionTypes[0]!), { params: [], results: ["i32"] });
 * assert.deepEqual(info.exports, [{ name: "f", kind: 0, index: 0 }]);
 * ```
 * @throws {QipError} kind "compile" when a section is malformed; kind "memory_policy" for a
 * struct or array type, an `exnref` global or imported table, or a tag that carries an
 * `exnref` or more than {@linkcode TAG_PAYLOAD_LIMIT_BYTES}.
 */
export function readModuleInfo(bytes: Uint8Array, sections: readonly Section[]): ModuleInfo {
  const typeOffsets: number[] = [];
  const decoded = new Map<number, FunctionSignature>();
  const signature = (typeIndex: number) => {
    const offset = typeOffsets[typeIndex];
    if (offset === undefined) return undefined;
    let found = decoded.get(typeIndex);
    if (found === undefined) {
      // The type section was read once already: what follows the offset is well formed.
      const reader = new ByteReader(bytes, offset, bytes.length, describeSection(SectionId.Type));
      found = { params: readValTypes(reader), results: readValTypes(reader) };
      decoded.set(typeIndex, found);
    }
    return found;
  };
  const resultBytes = (typeIndex: number) => {
    const offset = typeOffsets[typeIndex];
    if (offset === undefined) return undefined;
    const reader = new ByteReader(bytes, offset, bytes.length, describeSection(SectionId.Type));
    readValTypes(reader);
    const start = reader.pos;
    readValTypes(reader);
    return bytes.subarray(start, reader.pos);
  };
  const info: ModuleInfo = {
    signature,
    resultBytes,
    get typeCount() {
      return typeOffsets.length;
    },
    functionTypes: [],
    globalTypes: [],
    importedMemoryCount: 0,
    imports: [],
    exports: [],
    startFunction: undefined,
  };
  const state: ReadState = {
    bytes,
    info,
    typeOffsets,
    tagTypesChecked: new Set(),
    tagCount: 0,
    globalCount: 0,
    tableCount: 0,
  };
  for (const section of sections) {
    if (section.id === SectionId.Custom) continue;
    const reader = new ByteReader(
      bytes,
      section.payloadStart,
      section.end,
      describeSection(section.id),
    );
    switch (section.id) {
      case SectionId.Type:
        readTypes(reader, state);
        break;
      case SectionId.Import:
        readImports(reader, state);
        break;
      case SectionId.Function:
        readVector(reader, "functions", () => info.functionTypes.push(reader.u32()));
        break;
      case SectionId.Tag:
        readVector(reader, "tags", () => readTag(reader, state));
        break;
      case SectionId.Global:
        readGlobals(reader, state);
        break;
      case SectionId.Export:
        readVector(reader, "exports", () => {
          const name = reader.name();
          const kindAt = reader.pos;
          const kind = reader.u8();
          if (kind >= IMPORT_KINDS.length) throw reader.unexpected("export kind", kind, kindAt);
          info.exports.push({ name, kind, index: reader.u32() });
        });
        break;
      case SectionId.Start:
        info.startFunction = reader.u32();
        reader.expectEnd();
        break;
      default:
        continue; // read elsewhere (memory, code) or copied as they are
    }
  }
  return info;
}

/** Reads a section's vector of at most `limit` entries, and checks that nothing follows. */
function readVector(
  reader: ByteReader,
  what: keyof typeof ENGINE_LIMITS,
  readEntry: () => void,
): void {
  const count = readCount(reader, what);
  for (let index = 0; index < count; index++) readEntry();
  reader.expectEnd();
}

/**
 * Types: `rec` groups (0x4E) of subtypes (`sub` 0x50, `sub final` 0x4F, or bare), each a
 * function (0x60), struct (0x5F) or array (0x5E) type. Every subtype takes one type index.
 * Struct and array types are refused: their objects would live outside the memory policy.
 */
function readTypes(reader: ByteReader, state: ReadState): void {
  readVector(reader, "types", () => {
    if (reader.peek() === 0x4e) {
      reader.pos++;
      const memberCount = readCount(reader, "types");
      for (let index = 0; index < memberCount; index++) readSubType(reader, state);
    } else {
      readSubType(reader, state);
    }
  });
}

function readSubType(reader: ByteReader, state: ReadState): void {
  const { typeOffsets } = state;
  if (typeOffsets.length >= ENGINE_LIMITS.types) {
    throw cannotInstrument(
      `more than ${ENGINE_LIMITS.types} types, the engine allows ${ENGINE_LIMITS.types}`,
    );
  }
  const form = reader.peek();
  if (form === 0x50 || form === 0x4f) {
    reader.pos++;
    const superCount = reader.u32();
    for (let index = 0; index < superCount; index++) reader.u32();
  }
  const compositeAt = reader.pos;
  const composite = reader.u8();
  switch (composite) {
    case 0x60: {
      typeOffsets.push(reader.pos);
      skipValTypes(reader, "parameters");
      skipValTypes(reader, "results");
      return;
    }
    case 0x5f:
      throw gcHeapRefused(typeOffsets.length, "struct");
    case 0x5e:
      throw gcHeapRefused(typeOffsets.length, "array");
    default:
      throw reader.unexpected("type form", composite, compositeAt);
  }
}

function skipValTypes(reader: ByteReader, what: "parameters" | "results"): void {
  const count = readCount(reader, what);
  for (let index = 0; index < count; index++) {
    reader.pos = skipValType(reader.bytes, reader.pos, reader.end);
  }
}

/**
 * A tag whose exceptions carry an `exnref` lets each exception hold the one caught before it,
 * a chain as long as the module likes; a large payload multiplies the exceptions the stack
 * can hold. Both are refused. Each type is checked once, however many tags use it.
 */
function checkTagType(tagIndex: number, typeIndex: number, state: ReadState): void {
  const offset = state.typeOffsets[typeIndex];
  if (offset === undefined) {
    throw cannotInstrument(`tag ${tagIndex} has type ${typeIndex}, which does not exist`);
  }
  if (state.tagTypesChecked.has(typeIndex)) return;
  const { bytes } = state;
  const reader = new ByteReader(bytes, offset, bytes.length, describeSection(SectionId.Type));
  const count = reader.u32();
  let payloadBytes = 0;
  for (let index = 0; index < count; index++) {
    if (isExnRef(bytes, reader.pos)) {
      throw exceptionHeapRefused(`tag ${tagIndex} carries an exnref`);
    }
    payloadBytes += PAYLOAD_BYTES[readValType(reader)];
  }
  if (payloadBytes > TAG_PAYLOAD_LIMIT_BYTES) {
    throw tagPayloadOverLimit(tagIndex, count, payloadBytes, TAG_PAYLOAD_LIMIT_BYTES);
  }
  state.tagTypesChecked.add(typeIndex);
}

/** A tag: an attribute (0, exception) and a function type index. */
function readTag(reader: ByteReader, state: ReadState): void {
  const attributeAt = reader.pos;
  const attribute = reader.u8();
  if (attribute !== 0) throw reader.unexpected("tag attribute", attribute, attributeAt);
  checkTagType(state.tagCount++, reader.u32(), state);
}

function checkGlobalType(reader: ByteReader, state: ReadState): void {
  const globalIndex = state.globalCount++;
  if (isExnRef(reader.bytes, reader.pos)) {
    throw exceptionHeapRefused(`global ${globalIndex} has type exnref`);
  }
}

function readValTypes(reader: ByteReader): ValType[] {
  const count = reader.u32();
  const types: ValType[] = [];
  for (let index = 0; index < count; index++) types.push(readValType(reader));
  return types;
}

function readValType(reader: ByteReader): ValType {
  const type = valTypeAt(reader.bytes, reader.pos, reader.end);
  reader.pos = skipValType(reader.bytes, reader.pos, reader.end);
  return type;
}

function readMutability(reader: ByteReader): void {
  const at = reader.pos;
  const mutability = reader.u8();
  if (mutability > 1) throw reader.unexpected("mutability", mutability, at);
}

function readImports(reader: ByteReader, state: ReadState): void {
  const { info } = state;
  readVector(reader, "imports", () => {
    const module = reader.name();
    const name = reader.name();
    const kindAt = reader.pos;
    const kindByte = reader.u8();
    const kind = IMPORT_KINDS[kindByte];
    switch (kind) {
      case "function":
        info.functionTypes.push(reader.u32());
        break;
      case "table":
        if (isExnRef(reader.bytes, reader.pos)) {
          throw exceptionHeapRefused(`table ${state.tableCount} holds exnref`);
        }
        state.tableCount++;
        reader.pos = skipValType(reader.bytes, reader.pos, reader.end);
        skipLimits(reader);
        break;
      case "memory":
        skipLimits(reader);
        info.importedMemoryCount++;
        break;
      case "global":
        checkGlobalType(reader, state);
        info.globalTypes.push(readValType(reader));
        readMutability(reader);
        break;
      case "tag":
        readTag(reader, state);
        break;
      case undefined:
        throw reader.unexpected("import kind", kindByte, kindAt);
    }
    info.imports.push({ module, name, kind: kind });
  });
}

/** Limits of an imported table or memory: flags (bit 0 has max, 1 shared, 2 64-bit), min, max. */
function skipLimits(reader: ByteReader): void {
  const flagsAt = reader.pos;
  const flags = reader.u8();
  if (flags > 7) throw reader.unexpected("limits flags", flags, flagsAt);
  reader.u64();
  if ((flags & 1) !== 0) reader.u64();
}

function readGlobals(reader: ByteReader, state: ReadState): void {
  readVector(reader, "globals", () => {
    checkGlobalType(reader, state);
    state.info.globalTypes.push(readValType(reader));
    readMutability(reader);
    reader.pos = skipConstExpr(reader.bytes, reader.pos, reader.end);
  });
}

/**
 * Throws unless the start function (if any) takes and returns nothing: exporting it instead
 * must not turn an invalid module into a valid one.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkStartFunction, type ModuleInfo } from "./_module_info.ts";
 * const info: ModuleInfo = {
 *   signature: (typeIndex) => typeIndex === 0 ? { params: ["i32"], results: [] } : undefined,
 *   typeCount: 1,
 *   resultBytes: () => undefined,
 *   functionTypes: [0],
 *   globalTypes: [],
 *   importedMemoryCount: 0,
 *   imports: [],
 *   exports: [],
 *   startFunction: 0,
 * };
 * assert.throws(() => checkStartFunction(info), { message: /start function 0/ });
 * ```
 * @throws {QipError} kind "compile" when the start function is missing or has a parameter or
 * a result.
 */
export function checkStartFunction(info: ModuleInfo): void {
  const start = info.startFunction;
  if (start === undefined) return;
  const typeIndex = info.functionTypes[start];
  const signature = typeIndex === undefined ? undefined : info.signature(typeIndex);
  if (signature === undefined) {
    throw cannotInstrument(`start function ${start} does not exist`);
  }
  if (signature.params.length > 0 || signature.results.length > 0) {
    throw cannotInstrument(
      `start function ${start} has type (${signature.params.join(", ")}) -> ` +
        `(${signature.results.join(", ")}), but a start function takes and returns nothing`,
    );
  }
}
