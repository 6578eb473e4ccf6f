/**
 * A test-only host for the RGBA tile contract (spec: abi.md §4, uniforms §3, cli.md §5.4): runs
 * a chain of tile modules over an image exactly as the reference does, so filter modules can be
 * tested before (and independently of) `qip image` and the tile stages of `qip run`.
 *
 * What it implements, in the reference's order: instantiate with no imports; apply the uniforms
 * (keys sorted, each value parsed by the setter's parameter type); validate the tile exports
 * (`input_ptr`/`input_bytes_cap` as global or function, read as unsigned); per image and stage
 * call `uniform_set_width_and_height(f32, f32)` and `calculate_halo_px()`, then check the tile
 * buffer against the cap; run pipeline A (per-tile, zero padding) when no stage has a halo and
 * pipeline B (full image, edge clamping, tile coordinates including the halo) otherwise; convert
 * bytes and floats with the exact float32 formulas of §4.5.
 *
 * It assumes a little-endian machine (the tile buffer is copied as raw float32 bytes).
 *
 * @example Invert a 2×1 image
 * ```ts ignore
 * const invert = await loadTileModule("examples/rgba/invert.wasm");
 * const out = applyTileChain([invert], { width: 2, height: 1, pixels: new Uint8Array([0, 0, 0, 255, 255, 0, 0, 255]) });
 * // out.pixels: 255,255,255,255, 0,255,255,255
 * ```
 *
 * @module
 */

import { REPO_ROOT } from "./run_qip.ts";

/** Side of the core tile, in pixels. */
export const TILE_SIZE = 64;

/** `fround(1/255)`: the one factor of the byte → float conversion. */
export const BYTE_TO_FLOAT: number = Math.fround(1 / 255);

/** An 8-bit RGBA image, rows top to bottom, 4 bytes per pixel. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
}

/** A float RGBA image as it travels between tile stages, 4 float32 per pixel. */
export interface FloatRgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/** Uniform values by key (`?key=value`); numbers are written out and parsed like query text. */
export type UniformValues = Readonly<Record<string, string | number>>;

/**
 * One stage of a chain: a module from {@linkcode loadTileModule} or {@linkcode compileTileModule},
 * optionally with its query uniforms.
 */
export type TileStage = WebAssembly.Module | {
  readonly module: WebAssembly.Module;
  readonly uniforms?: UniformValues;
};

/** What the host learned about one stage while preparing it for an image. */
export interface PreparedTileStage {
  readonly inputPtr: number;
  readonly inputBytesCap: number;
  /** The halo after clamping negative values to 0. */
  readonly haloPx: number;
  /** `64 + 2·haloPx`. */
  readonly tileSpan: number;
}

/** A host-side contract failure, with the reference's message. */
export class TileAbiError extends Error {
  override name = "TileAbiError";
}

/** Byte → float: one float32 multiplication by `fround(1/255)` (abi.md §4.5). */
export function byteToFloat(byte: number): number {
  return Math.fround(byte * BYTE_TO_FLOAT);
}

/** Float → byte: ≤0 → 0, ≥1 → 255, NaN → 0, else `trunc(fround(fround(v·255) + 0.5))`. */
export function floatToByte(value: number): number {
  if (!(value > 0)) return 0;
  if (value >= 1) return 255;
  return Math.trunc(Math.fround(Math.fround(value * 255) + 0.5));
}

/** Converts a whole RGBA byte image to floats. */
export function imageToFloats(image: RgbaImage): FloatRgbaImage {
  const data = Float32Array.from(image.pixels, byteToFloat);
  return { width: image.width, height: image.height, data };
}

/** Converts a whole float image to RGBA bytes. */
export function floatsToImage(image: FloatRgbaImage): RgbaImage {
  const pixels = Uint8Array.from(image.data, floatToByte);
  return { width: image.width, height: image.height, pixels };
}

const compiledModules = new Map<string, Promise<WebAssembly.Module>>();

/** The binary of every module compiled here: the driver reads export types from it. */
const moduleBinaries = new WeakMap<WebAssembly.Module, Uint8Array>();

/** Compiles module bytes for use as a {@linkcode TileStage}. */
export async function compileTileModule(bytes: Uint8Array): Promise<WebAssembly.Module> {
  const binary = bytes.slice();
  const module = await WebAssembly.compile(binary);
  moduleBinaries.set(module, binary);
  return module;
}

/** Compiles a module file (a path relative to the checkout, or absolute), once per path. */
export function loadTileModule(path: string): Promise<WebAssembly.Module> {
  const absolute = path.startsWith("/") ? path : `${REPO_ROOT}/${path}`;
  let module = compiledModules.get(absolute);
  if (module === undefined) {
    module = Deno.readFile(absolute).then(compileTileModule);
    compiledModules.set(absolute, module);
  }
  return module;
}

/**
 * Runs `stages` over an 8-bit image and returns the 8-bit result, like `qip image` (without the
 * PNG premultiplication) or a tile block of `qip run`.
 *
 * @throws {TileAbiError} with the reference's message when a module breaks the contract.
 */
export function applyTileChain(stages: readonly TileStage[], image: RgbaImage): RgbaImage {
  return floatsToImage(applyTileChainToFloats(stages, imageToFloats(image)));
}

/**
 * Runs `stages` over a float image and returns the float result before the final byte
 * conversion: what the last stage wrote for the in-image pixels, bit for bit.
 *
 * @throws {TileAbiError} with the reference's message when a module breaks the contract.
 */
export function applyTileChainToFloats(
  stages: readonly TileStage[],
  image: FloatRgbaImage,
): FloatRgbaImage {
  const instances = stages.map(instantiateTileStage);
  const prepared = instances.map((instance) => prepareForImage(instance, image));
  const run = prepared.some((stage) => stage.haloPx > 0) ? runHaloPipeline : runTilePipeline;
  return run(instances, prepared, image);
}

/**
 * Instantiates a stage and does what the host does before the first tile: uniforms, export
 * validation, width and height, halo and the cap check. For tests of the preparation itself.
 *
 * @throws {TileAbiError} with the reference's message when a module breaks the contract.
 */
export function prepareTileStage(
  stage: TileStage,
  size: { width: number; height: number },
): PreparedTileStage {
  return prepareForImage(instantiateTileStage(stage), size);
}

// --- One stage ----------------------------------------------------------------------------------

interface TileInstance {
  readonly exports: WebAssembly.Exports;
  readonly signatures: ExportSignatures;
  readonly inputPtr: number;
  readonly inputBytesCap: number;
}

function instantiateTileStage(stage: TileStage): TileInstance {
  const { module, uniforms = {} } = stage instanceof WebAssembly.Module ? { module: stage } : stage;
  const signatures = readExportSignatures(module);
  let instance: WebAssembly.Instance;
  try {
    instance = new WebAssembly.Instance(module, {});
    const start = instance.exports._start;
    if (typeof start === "function") start();
  } catch (cause) {
    throw new TileAbiError("Wasm module could not be instantiated", { cause });
  }
  const { exports } = instance;
  for (const key of Object.keys(uniforms).sort()) {
    applyUniform(exports, signatures, key, String(uniforms[key]));
  }
  if (typeof exports.tile_rgba_f32_64x64 !== "function") {
    throw new TileAbiError("Wasm module must export tile_rgba_f32_64x64");
  }
  const inputPtr = readExportedValue(exports, signatures, "input_ptr");
  const inputBytesCap = readExportedValue(exports, signatures, "input_bytes_cap");
  return { exports, signatures, inputPtr, inputBytesCap };
}

function prepareForImage(
  instance: TileInstance,
  size: { width: number; height: number },
): PreparedTileStage {
  const { uniform_set_width_and_height: setSize, calculate_halo_px: calculateHalo } =
    instance.exports;
  if (typeof setSize === "function") {
    const [width, height] = [Math.fround(size.width), Math.fround(size.height)];
    callReporting("uniform_set_width_and_height", () => setSize(width, height));
  }
  let haloPx = 0;
  if (typeof calculateHalo === "function") {
    const result = callReporting("calculate_halo_px", () => calculateHalo());
    const first = Array.isArray(result) ? result[0] : result;
    if (typeof first === "number") haloPx = Math.max(0, first | 0);
  }
  const tileSpan = TILE_SIZE + 2 * haloPx;
  if (tileSpan * tileSpan * 16 > instance.inputBytesCap) {
    throw new TileAbiError("Tile buffer exceeds module input_bytes_cap");
  }
  return { inputPtr: instance.inputPtr, inputBytesCap: instance.inputBytesCap, haloPx, tileSpan };
}

/** Writes `tile` at input_ptr, calls the tile function with (x, y), reads the tile back. */
function runTile(instance: TileInstance, tile: Float32Array, x: number, y: number): void {
  const { exports, inputPtr } = instance;
  const memory = exports.memory as WebAssembly.Memory;
  const bytes = new Uint8Array(tile.buffer, tile.byteOffset, tile.byteLength);
  if (inputPtr + bytes.length > memory.buffer.byteLength) {
    throw new TileAbiError("Could not write tile to wasm memory");
  }
  new Uint8Array(memory.buffer, inputPtr, bytes.length).set(bytes);
  const tileFunction = exports.tile_rgba_f32_64x64 as (x: number, y: number) => unknown;
  if (tileFunction.length !== 2) {
    throw new TileAbiError(
      `Error running tile_rgba_f32_64x64: expected ${tileFunction.length} params, but passed 2`,
    );
  }
  callReporting("tile_rgba_f32_64x64", () => tileFunction(Math.fround(x), Math.fround(y)));
  if (inputPtr + bytes.length > memory.buffer.byteLength) {
    throw new TileAbiError("Could not read tile from wasm memory");
  }
  bytes.set(new Uint8Array(memory.buffer, inputPtr, bytes.length));
}

function callReporting(name: string, call: () => unknown): unknown {
  try {
    return call();
  } catch (cause) {
    throw new TileAbiError(`Error running ${name}: ${(cause as Error).message}`, { cause });
  }
}

// --- Pipelines (abi.md §4.4) --------------------------------------------------------------------

/** A: every 64×64 tile goes through all stages as floats; cells outside the image are 0. */
function runTilePipeline(
  instances: readonly TileInstance[],
  _prepared: readonly PreparedTileStage[],
  image: FloatRgbaImage,
): FloatRgbaImage {
  const { width, height } = image;
  const out = new Float32Array(width * height * 4);
  const tile = new Float32Array(TILE_SIZE * TILE_SIZE * 4);
  for (let y = 0; y < height; y += TILE_SIZE) {
    for (let x = 0; x < width; x += TILE_SIZE) {
      const tileW = Math.min(TILE_SIZE, width - x);
      const tileH = Math.min(TILE_SIZE, height - y);
      tile.fill(0);
      for (let row = 0; row < tileH; row++) {
        const from = ((y + row) * width + x) * 4;
        tile.set(image.data.subarray(from, from + tileW * 4), row * TILE_SIZE * 4);
      }
      for (const instance of instances) runTile(instance, tile, x, y);
      for (let row = 0; row < tileH; row++) {
        const from = row * TILE_SIZE * 4;
        out.set(tile.subarray(from, from + tileW * 4), ((y + row) * width + x) * 4);
      }
    }
  }
  return { width, height, data: out };
}

/** B: stage by stage over the whole image, tiles of span 64+2h with edge-clamped neighbours. */
function runHaloPipeline(
  instances: readonly TileInstance[],
  prepared: readonly PreparedTileStage[],
  image: FloatRgbaImage,
): FloatRgbaImage {
  const { width, height } = image;
  let source = image.data.slice();
  for (const [index, instance] of instances.entries()) {
    const { haloPx: h, tileSpan: span } = prepared[index]!;
    const destination = new Float32Array(source.length);
    const tile = new Float32Array(span * span * 4);
    for (let y = 0; y < height; y += TILE_SIZE) {
      for (let x = 0; x < width; x += TILE_SIZE) {
        for (let row = 0; row < span; row++) {
          const sourceY = clamp(y + row - h, 0, height - 1);
          for (let col = 0; col < span; col++) {
            const from = (sourceY * width + clamp(x + col - h, 0, width - 1)) * 4;
            tile.set(source.subarray(from, from + 4), (row * span + col) * 4);
          }
        }
        runTile(instance, tile, x - h, y - h);
        const tileW = Math.min(TILE_SIZE, width - x);
        const tileH = Math.min(TILE_SIZE, height - y);
        for (let row = 0; row < tileH; row++) {
          const from = ((row + h) * span + h) * 4;
          destination.set(tile.subarray(from, from + tileW * 4), ((y + row) * width + x) * 4);
        }
      }
    }
    source = destination;
  }
  return { width, height, data: source };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

// --- Exported values and uniforms (abi.md §1, §3; cli.md §5.4) ----------------------------------

/** Global first, then a zero-argument function; the raw 32 bits read as unsigned. */
function readExportedValue(
  exports: WebAssembly.Exports,
  signatures: ExportSignatures,
  name: string,
): number {
  const value = exports[name];
  if (value instanceof WebAssembly.Global) {
    return rawBits(value.value, signatures.globals.get(name) ?? "i32");
  }
  if (typeof value !== "function") {
    throw new TileAbiError(`Wasm module must export ${name} as global or function`);
  }
  let result: unknown;
  try {
    result = value();
  } catch (cause) {
    throw new TileAbiError(`${name}() call failed: ${(cause as Error).message}`, { cause });
  }
  const results = signatures.functions.get(name)?.results ?? ["i32"];
  if (results.length !== 1) {
    throw new TileAbiError(`${name}() returned ${results.length} values, want 1`);
  }
  return rawBits(result, results[0]!);
}

/** The low 32 bits of a wasm value's representation, unsigned. */
function rawBits(value: unknown, type: string): number {
  if (type === "f32") return new Uint32Array(new Float32Array([Number(value)]).buffer)[0]!;
  if (type === "f64") return new Uint32Array(new Float64Array([Number(value)]).buffer)[0]!;
  if (typeof value === "bigint") return Number(BigInt.asUintN(32, value));
  return Number(value) >>> 0;
}

function applyUniform(
  exports: WebAssembly.Exports,
  signatures: ExportSignatures,
  key: string,
  text: string,
): void {
  const name = `uniform_set_${key}`;
  const setter = exports[name];
  const signature = signatures.functions.get(name);
  if (typeof setter !== "function" || signature === undefined) {
    throw new TileAbiError(`Wasm module does not export ${name} for query key "${key}"`);
  }
  if (signature.params.length !== 1) {
    throw new TileAbiError(`${name} must accept exactly one argument`);
  }
  const value = parseUniformValue(text, signature.params[0]!, name);
  callReporting(`${name}(${text})`, () => setter(value));
}

const DECIMAL_FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/;
const SPECIAL_FLOAT = /^([+-]?(inf|infinity)|nan)$/i;
const INTEGER = /^[+-]?\d+$/;

/**
 * Parses a query value by the setter's parameter type, like Go's strconv (no whitespace,
 * no `_`). Decimal floats go through float64 before float32, which can differ from Go's direct
 * rounding only for strings within half an ulp of a float32 tie.
 */
function parseUniformValue(text: string, type: string, name: string): number | bigint {
  const invalid = () => new TileAbiError(`invalid value "${text}" for ${name} (expected ${type})`);
  if (type === "i32" || type === "i64") {
    if (!INTEGER.test(text)) throw invalid();
    const value = BigInt(text);
    const limit = type === "i32" ? 2n ** 31n : 2n ** 63n;
    if (value < -limit || value >= limit) throw invalid();
    return type === "i32" ? Number(value) : value;
  }
  if (type !== "f32" && type !== "f64") {
    throw new TileAbiError(`${name} has unsupported parameter type`);
  }
  let value: number;
  const hex = HEX_FLOAT.exec(text);
  if (SPECIAL_FLOAT.test(text)) {
    value = /nan/i.test(text) ? NaN : text.startsWith("-") ? -Infinity : Infinity;
  } else if (DECIMAL_FLOAT.test(text)) {
    value = Number(text);
  } else if (hex !== null && `${hex[2]}${hex[3]}` !== "") {
    const [, sign, whole = "", fraction = "", exponent = "0"] = hex;
    const mantissa = parseInt(`${whole}${fraction}` || "0", 16);
    value = (sign === "-" ? -1 : 1) * mantissa * 2 ** (Number(exponent) - 4 * fraction.length);
  } else {
    throw invalid();
  }
  const rounded = type === "f32" ? Math.fround(value) : value;
  if (Number.isFinite(value) && !Number.isFinite(rounded)) throw invalid();
  return rounded;
}

// --- Export signatures from the module binary ---------------------------------------------------

interface FunctionSignature {
  readonly params: readonly string[];
  readonly results: readonly string[];
}

/** Parameter and result types of exported functions, value types of exported globals. */
interface ExportSignatures {
  readonly functions: ReadonlyMap<string, FunctionSignature>;
  readonly globals: ReadonlyMap<string, string>;
}

const VALUE_TYPES: Readonly<Record<number, string>> = {
  0x7f: "i32",
  0x7e: "i64",
  0x7d: "f32",
  0x7c: "f64",
  0x7b: "v128",
  0x70: "funcref",
  0x6f: "externref",
};

/**
 * Reads the type, import, function, global and export sections: JavaScript cannot ask a wasm
 * function for its parameter types, and the host parses uniform values by them.
 */
function readExportSignatures(module: WebAssembly.Module): ExportSignatures {
  const types: FunctionSignature[] = [];
  const functionTypes: number[] = [];
  const globalTypes: string[] = [];
  const exported: { name: string; kind: number; index: number }[] = [];
  const binary = moduleBinaries.get(module);
  if (binary === undefined) {
    throw new TypeError("Cannot read export types: compile the module with compileTileModule()");
  }
  let at = 8;
  const u32 = () => {
    let result = 0;
    for (let shift = 0;; shift += 7) {
      const byte = binary[at++]!;
      result += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return result;
    }
  };
  const valueType = () => VALUE_TYPES[binary[at++]!] ?? "unknown";
  const vector = <T>(read: () => T): T[] => Array.from({ length: u32() }, read);
  const skipLimits = () => {
    const flags = u32();
    u32();
    if (flags & 1) u32();
  };
  const skipConstExpr = () => {
    while (binary[at] !== 0x0b) {
      const opcode = binary[at++]!;
      if (opcode === 0x43) at += 4;
      else if (opcode === 0x44) at += 8;
      else if (opcode === 0xfd) at += u32() === 12 ? 16 : 0;
      else if ([0x41, 0x42, 0x23, 0xd2, 0xd0].includes(opcode)) u32();
    }
    at++;
  };
  while (at < binary.length) {
    const id = binary[at++]!;
    const size = u32();
    const end = at + size;
    if (id === 1) {
      vector(() => {
        at++; // 0x60
        return { params: vector(valueType), results: vector(valueType) };
      }).forEach((type) => types.push(type));
    } else if (id === 2) {
      vector(() => {
        at += u32();
        at += u32();
        const kind = binary[at++]!;
        if (kind === 0) functionTypes.push(u32());
        else if (kind === 1) (at++, skipLimits());
        else if (kind === 2) skipLimits();
        else if (kind === 3) (globalTypes.push(valueType()), at++);
      });
    } else if (id === 3) {
      vector(u32).forEach((index) => functionTypes.push(index));
    } else if (id === 6) {
      vector(() => {
        globalTypes.push(valueType());
        at++;
        skipConstExpr();
      });
    } else if (id === 7) {
      vector(() => {
        const length = u32();
        const name = new TextDecoder().decode(binary.subarray(at, at + length));
        at += length;
        const kind = binary[at++]!;
        exported.push({ name, kind, index: u32() });
      });
    }
    at = end;
  }
  const functions = new Map<string, FunctionSignature>();
  const globals = new Map<string, string>();
  for (const { name, kind, index } of exported) {
    const type = types[functionTypes[index] ?? -1];
    if (kind === 0 && type !== undefined) functions.set(name, type);
    if (kind === 3) globals.set(name, globalTypes[index] ?? "unknown");
  }
  return { functions, globals };
}
