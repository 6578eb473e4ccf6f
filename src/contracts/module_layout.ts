/**
 * What the host knows about a module's exports and imports without instantiating it: the
 * signatures the JavaScript API cannot reflect (parameter counts, global types), and the names
 * of the exports the sandbox added.
 *
 * @module
 */

/** A WebAssembly value type; every reference type is `ref`. */
export type ValueType = "i32" | "i64" | "f32" | "f64" | "v128" | "ref";

/** A function's parameter and result types. */
export interface FunctionSignature {
  /** Parameter types, in order. */
  readonly params: readonly ValueType[];
  /** Result types, in order. */
  readonly results: readonly ValueType[];
}

/** One declared import. */
export interface ModuleImport {
  /** The import's module name. */
  readonly module: string;
  /** The import's field name. */
  readonly name: string;
  /** What is imported. */
  readonly kind: "function" | "table" | "memory" | "global" | "tag";
}

/** The export and import facts of one (instrumented) module. */
export interface ModuleLayout {
  /** Every exported function's signature, by export name. */
  readonly functionExports: ReadonlyMap<string, FunctionSignature>;
  /** Every exported global's value type, by export name. */
  readonly globalExports: ReadonlyMap<string, ValueType>;
  /** Declared imports, in order (qip provides none, so any import fails instantiation). */
  readonly imports: readonly ModuleImport[];
  /** Export name of the shared memory whose first i32 interrupts the module when non-zero. */
  readonly cancelMemoryExport: string;
  /** Export name of the i64 fuel global, when fuel is metered. */
  readonly fuelGlobalExport: string | undefined;
  /** Export name the module's start function was moved to, when it had one. */
  readonly startExport: string | undefined;
  /** Export name of the i32 call-depth global, in deterministic mode. */
  readonly depthGlobalExport?: string | undefined;
  /** The call depth limit the depth global counts against, in deterministic mode. */
  readonly maxCallDepth?: number | undefined;
}
