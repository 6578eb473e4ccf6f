/**
 * Generates a random valid WebAssembly program from a seed, as WAT: helper functions with
 * random signatures (multi-value results included), a table for `call_indirect`, globals, a
 * memory with a data segment, and an exported `run(i32) -> i64` that uses nested blocks,
 * bounded loops, `br_if`, `br_table`, calls, loads and stores, i32/i64/f32/f64 and SIMD
 * arithmetic. Every program terminates: loops count to a small bound and functions only call
 * functions defined before them. Some trap on purpose (division by zero, out-of-bounds
 * accesses, bad indirect calls, float truncation, `unreachable`). Private to `scripts/fuzz/`.
 *
 * @module
 */

import { Random } from "./_random.ts";

type NumType = "i32" | "i64" | "f32" | "f64";
type ValType = NumType | "v128";

const NUM_TYPES: readonly NumType[] = ["i32", "i64", "f32", "f64"];
const VAL_TYPES: readonly ValType[] = [...NUM_TYPES, "v128"];

/** One generated program. */
export interface Program {
  readonly seed: number;
  /** The module, as WebAssembly text. */
  readonly wat: string;
  /** The argument `run` is called with. */
  readonly input: number;
}

/** A function another function may call. */
interface Callee {
  readonly index: number;
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

interface ProgramContext {
  readonly globals: ReadonlyArray<{ readonly name: string; readonly type: NumType }>;
  /** Functions defined so far (the only ones a function may call), in the table at their index. */
  readonly callees: readonly Callee[];
  /** How many functions the table holds; an index from here on traps. */
  readonly tableSize: number;
  /** Whether to wrap every NaN-making float instruction in a call to a canonicalising helper. */
  readonly canonicalNaNs: boolean;
}

/** Options of {@linkcode generateProgram}. */
export interface ProgramOptions {
  /**
   * The reference for the rewriter's deterministic mode: the same program (same seed, same
   * random choices), with the result of every float instruction that may make a NaN passed
   * through a helper that turns any NaN into the canonical one.
   */
  readonly canonicalNaNs?: boolean;
}

/** The canonicalising helpers, by result shape: `x == x ? x : NaN`, lane by lane for SIMD. */
const CANON_HELPERS = `(func $canon_f32 (param f32) (result f32)
    (select (local.get 0) (f32.const nan) (f32.eq (local.get 0) (local.get 0))))
  (func $canon_f64 (param f64) (result f64)
    (select (local.get 0) (f64.const nan) (f64.eq (local.get 0) (local.get 0))))
  (func $canon_f32x4 (param v128) (result v128)
    (v128.bitselect (local.get 0) (v128.const f32x4 nan nan nan nan)
      (f32x4.eq (local.get 0) (local.get 0))))
  (func $canon_f64x2 (param v128) (result v128)
    (v128.bitselect (local.get 0) (v128.const f64x2 nan nan)
      (f64x2.eq (local.get 0) (local.get 0))))`;

/** The SIMD instructions the generator uses that may make a NaN, and their lane shape. */
const SIMD_NAN_MAKERS: ReadonlyMap<string, string> = new Map([
  ["f32x4.add", "f32x4"],
  ["f32x4.mul", "f32x4"],
  ["f64x2.sub", "f64x2"],
  ["f64x2.max", "f64x2"],
  ["f32x4.sqrt", "f32x4"],
]);

/**
 * Generates the program for `seed`.
 *
 * @example The same seed gives the same program
 * ```ts
 * import assert from "node:assert/strict";
 * import { generateProgram } from "./_program_generator.ts";
 * assert.equal(generateProgram(7).wat, generateProgram(7).wat);
 * ```
 */
export function generateProgram(seed: number, options: ProgramOptions = {}): Program {
  const canonicalNaNs = options.canonicalNaNs ?? false;
  const rng = new Random(seed);
  const globals = NUM_TYPES.map((type, index) => ({ name: `$g${index}`, type }));
  const callees: Callee[] = [];
  const functions: string[] = [];
  const helperCount = rng.below(4);
  for (let index = 0; index < helperCount; index++) {
    const params = Array.from({ length: rng.below(3) }, () => rng.pick(VAL_TYPES));
    const results = Array.from({ length: rng.chance(0.25) ? 2 : 1 }, () => rng.pick(VAL_TYPES));
    const writer = new BodyWriter(
      rng,
      { globals, callees: [...callees], tableSize: helperCount, canonicalNaNs },
      params,
      {
        budget: 50,
        loopDepth: 1,
      },
    );
    functions.push(writer.func(`$f${index}`, `(type $t${index})`, results, ""));
    callees.push({ index, params, results });
  }
  const run = new BodyWriter(rng, { globals, callees, tableSize: helperCount, canonicalNaNs }, [
    "i32",
  ], {
    budget: 160,
    loopDepth: 2,
  });
  functions.push(run.func("$run", "", ["i64"], `(export "run")`));
  // Last, so that every other function keeps its index.
  if (canonicalNaNs) functions.push(CANON_HELPERS);
  const types = callees.map(({ index, params, results }) =>
    `(type $t${index} (func${signature(params, results)}))`
  );
  const data = Array.from(
    { length: 64 },
    () => `\\${rng.below(256).toString(16).padStart(2, "0")}`,
  );
  const wat = `(module
  ${types.join("\n  ")}
  (memory (export "memory") 1 2)
  (data (i32.const ${rng.below(65472)}) "${data.join("")}")
  ${
    globals.map(({ name, type }) =>
      `(global ${name} (export "${name.slice(1)}") (mut ${type}) ${constant(rng, type)})`
    ).join("\n  ")
  }
  (table ${callees.length} funcref)
  ${
    callees.length > 0
      ? `(elem (i32.const 0) ${callees.map(({ index }) => `$f${index}`).join(" ")})`
      : ""
  }
  ${functions.join("\n  ")})`;
  return { seed, wat, input: rng.i32() };
}

function signature(params: readonly ValType[], results: readonly ValType[]): string {
  return `${params.length > 0 ? ` (param ${params.join(" ")})` : ""}${
    results.length > 0 ? ` (result ${results.join(" ")})` : ""
  }`;
}

function constant(rng: Random, type: ValType): string {
  switch (type) {
    case "i32":
      return `(i32.const ${rng.i32()})`;
    case "i64":
      return `(i64.const ${rng.i64()})`;
    case "f32":
    case "f64":
      return `(${type}.const ${rng.float()})`;
    case "v128":
      return `(v128.const i32x4 ${[0, 1, 2, 3].map(() => rng.i32()).join(" ")})`;
  }
}

/** Writes one function body: statements, then one expression per result. */
class BodyWriter {
  readonly #rng: Random;
  readonly #context: ProgramContext;
  readonly #locals: Array<{ name: string; type: ValType }> = [];
  readonly #params: readonly ValType[];
  readonly #maxLoopDepth: number;
  /** Labels of enclosing statement blocks, which `br_if` and `br_table` may target. */
  readonly #blocks: string[] = [];
  #budget: number;
  #labels = 0;
  #counters = 0;
  #loopDepth = 0;

  constructor(
    rng: Random,
    context: ProgramContext,
    params: readonly ValType[],
    limits: { budget: number; loopDepth: number },
  ) {
    this.#rng = rng;
    this.#context = context;
    this.#params = params;
    this.#budget = limits.budget;
    this.#maxLoopDepth = limits.loopDepth;
    params.forEach((type, index) => this.#locals.push({ name: `$p${index}`, type }));
    for (const type of VAL_TYPES) this.#locals.push({ name: `$l${this.#locals.length}`, type });
  }

  func(name: string, typeUse: string, results: readonly ValType[], exportUse: string): string {
    const statements = [this.#statements(4), this.#statements(4)].join("\n    ");
    const values = results.map((type) => this.expr(type, 3)).join(" ");
    const params = this.#params.map((type, index) => `(param $p${index} ${type})`).join(" ");
    const locals = this.#locals.slice(this.#params.length)
      .map(({ name, type }) => `(local ${name} ${type})`)
      .concat(Array.from({ length: this.#counters }, (_, index) => `(local $c${index} i32)`));
    const resultDecl = results.length > 0 ? `(result ${results.join(" ")})` : "";
    return `(func ${name} ${exportUse} ${typeUse} ${params} ${resultDecl} ${locals.join(" ")}
    ${statements}
    ${values})`;
  }

  #statements(depth: number): string {
    return Array.from({ length: 1 + this.#rng.below(4) }, () => this.#statement(depth)).join(
      "\n    ",
    );
  }

  #statement(depth: number): string {
    const rng = this.#rng;
    if (depth <= 0 || this.#budget <= 0) {
      return `(local.set ${this.#local("i32")} ${this.#leaf("i32")})`;
    }
    this.#budget--;
    const type = rng.pick(VAL_TYPES);
    // Loops and calls are where the rewriter inserts its checks: make them common.
    switch (rng.pick([0, 1, 2, 3, 4, 5, 6, 6, 6, 7, 8, 9, 10, 10, 11, 12, 13])) {
      case 0:
      case 1:
        return `(local.set ${this.#local(type)} ${this.expr(type, depth)})`;
      case 2: {
        const global = rng.pick(this.#context.globals);
        return `(global.set ${global.name} ${this.expr(global.type, depth)})`;
      }
      case 3:
        return this.#store(depth);
      case 4:
        return `(if ${this.expr("i32", depth - 1)} (then ${this.#statements(depth - 1)}) (else ${
          this.#statements(depth - 1)
        }))`;
      case 5: {
        const label = `$b${this.#labels++}`;
        const inside = this.#inBlock(
          label,
          () =>
            `${this.#statements(depth - 1)} (br_if ${label} ${this.expr("i32", depth - 1)}) ${
              this.#statements(depth - 1)
            }`,
        );
        return `(block ${label} ${inside})`;
      }
      case 6:
        return this.#loop(depth);
      case 7:
        return this.#brTable(depth);
      case 8: {
        const [first, second] = [rng.pick(VAL_TYPES), rng.pick(VAL_TYPES)];
        return `(block (result ${first} ${second}) ${this.expr(first, depth - 1)} ${
          this.expr(second, depth - 1)
        }) (local.set ${this.#local(second)}) (local.set ${this.#local(first)})`;
      }
      case 9: {
        const result = rng.pick(VAL_TYPES);
        return `${this.expr(type, depth - 1)} (block (param ${type}) (result ${result}) ${
          this.#statements(depth - 1)
        } (local.set ${this.#local(type)}) ${this.expr(result, depth - 1)}) (local.set ${
          this.#local(result)
        })`;
      }
      case 10: {
        const callee = this.#context.callees.length > 0
          ? rng.pick(this.#context.callees)
          : undefined;
        if (callee === undefined) return `(drop ${this.expr(type, depth)})`;
        const sets = [...callee.results].reverse().map((result) =>
          `(local.set ${this.#local(result)})`
        );
        return `(call $f${callee.index} ${this.#args(callee, depth)}) ${sets.join(" ")}`;
      }
      case 11:
        if (this.#blocks.length > 0) {
          return `(br_if ${rng.pick(this.#blocks)} ${this.expr("i32", depth - 1)})`;
        }
        return `(drop ${this.expr(type, depth)})`;
      case 12:
        return rng.chance(0.5)
          ? `(memory.fill (i32.and ${this.expr("i32", depth - 1)} (i32.const 0x7ff0)) ${
            this.expr("i32", depth - 1)
          } (i32.and ${this.expr("i32", depth - 1)} (i32.const 0xff)))`
          : `(memory.copy (i32.and ${this.expr("i32", depth - 1)} (i32.const 0x7ff0)) (i32.and ${
            this.expr("i32", depth - 1)
          } (i32.const 0x7ff0)) (i32.and ${this.expr("i32", depth - 1)} (i32.const 0xff)))`;
      default:
        return rng.chance(0.05)
          ? `(if ${this.expr("i32", depth - 1)} (then (unreachable)))`
          : rng.chance(0.1)
          ? `(drop (memory.grow (i32.const 1)))`
          : `(drop ${this.expr(type, depth)})`;
    }
  }

  #inBlock(label: string, write: () => string): string {
    this.#blocks.push(label);
    try {
      return write();
    } finally {
      this.#blocks.pop();
    }
  }

  /** A loop that runs at most 5 times, counted in a local nothing else writes. */
  #loop(depth: number): string {
    if (this.#loopDepth >= this.#maxLoopDepth) return this.#store(depth);
    const counter = `$c${this.#counters++}`;
    const label = `$loop${this.#labels++}`;
    this.#loopDepth++;
    const inside = this.#statements(depth - 1);
    this.#loopDepth--;
    return `(local.set ${counter} (i32.const 0)) (loop ${label} ${inside} (br_if ${label} (i32.lt_u (local.tee ${counter} (i32.add (local.get ${counter}) (i32.const 1))) (i32.const ${
      1 + this.#rng.below(5)
    }))))`;
  }

  #brTable(depth: number): string {
    const [outer, inner] = [`$b${this.#labels++}`, `$b${this.#labels++}`];
    const targets = Array.from(
      { length: 1 + this.#rng.below(4) },
      () => this.#rng.pick([outer, inner]),
    );
    const between = this.#inBlock(outer, () => this.#statements(depth - 1));
    return `(block ${outer} (block ${inner} (br_table ${targets.join(" ")} ${inner} ${
      this.expr("i32", depth - 1)
    })) ${between})`;
  }

  #store(depth: number): string {
    const rng = this.#rng;
    const type = rng.pick(VAL_TYPES);
    const width = type === "i32"
      ? rng.pick(["", "8", "16"])
      : type === "i64"
      ? rng.pick(["", "8", "16", "32"])
      : "";
    return `(${type}.store${width} ${this.#address(depth)} ${this.expr(type, depth - 1)})`;
  }

  /** Mostly an in-bounds address; sometimes any i32, which may trap. */
  #address(depth: number): string {
    const value = this.expr("i32", depth - 1);
    return this.#rng.chance(0.02) ? value : `(i32.and ${value} (i32.const 0xfff0))`;
  }

  #args(callee: Callee, depth: number): string {
    return callee.params.map((type) => this.expr(type, depth - 1)).join(" ");
  }

  #local(type: ValType): string {
    return this.#rng.pick(this.#locals.filter((local) => local.type === type)).name;
  }

  #leaf(type: ValType): string {
    const rng = this.#rng;
    const choice = rng.below(3);
    if (choice === 0) return constant(rng, type);
    if (choice === 1 || type === "v128") return `(local.get ${this.#local(type)})`;
    const global = this.#context.globals.find((candidate) => candidate.type === type)!;
    return `(global.get ${global.name})`;
  }

  /** An expression of `type`, at most `depth` (and never more than 3) deep. */
  expr(type: ValType, depth: number): string {
    const rng = this.#rng;
    depth = Math.min(depth, 3);
    if (depth <= 0 || this.#budget <= 0 || rng.chance(0.35)) return this.#leaf(type);
    this.#budget--;
    const sub = (t: ValType) => this.expr(t, depth - 1);
    switch (rng.below(8)) {
      case 0:
        return `(if (result ${type}) ${sub("i32")} (then ${sub(type)}) (else ${sub(type)}))`;
      case 1: {
        const label = `$b${this.#labels++}`;
        return `(block ${label} (result ${type}) (drop (br_if ${label} ${sub(type)} ${
          sub("i32")
        })) ${sub(type)})`;
      }
      case 2:
        return `(select ${sub(type)} ${sub(type)} ${sub("i32")})`;
      case 3: {
        const callees = this.#context.callees.filter((c) =>
          c.results.length === 1 && c.results[0] === type
        );
        if (callees.length === 0) return `(local.tee ${this.#local(type)} ${sub(type)})`;
        const callee = rng.pick(callees);
        if (rng.chance(0.5)) return `(call $f${callee.index} ${this.#args(callee, depth)})`;
        // Sometimes past the table's end, or another earlier function (a signature mismatch,
        // unless the types agree); never a later function, which could recurse.
        const roll = rng.below(20);
        const index = roll === 0
          ? this.#context.tableSize + rng.below(2)
          : roll === 1
          ? rng.pick(this.#context.callees).index
          : callee.index;
        return `(call_indirect (type $t${callee.index}) ${
          this.#args(callee, depth)
        } (i32.const ${index}))`;
      }
      default:
        return this.#operator(type, depth);
    }
  }

  #operator(type: ValType, depth: number): string {
    const rng = this.#rng;
    const sub = (t: ValType) => this.expr(t, depth - 1);
    const lane = (count: number) => rng.below(count);
    switch (type) {
      case "i32":
        return rng.pick([
          () => `(i32.${rng.pick(INT_BINARY)} ${sub("i32")} ${sub("i32")})`,
          () =>
            `(i32.${rng.pick(["clz", "ctz", "popcnt", "eqz", "extend8_s", "extend16_s"])} ${
              sub("i32")
            })`,
          () => {
            const t = rng.pick(NUM_TYPES);
            const ops = t === "i32" || t === "i64" ? INT_COMPARE : FLOAT_COMPARE;
            return `(${t}.${rng.pick(ops)} ${sub(t)} ${sub(t)})`;
          },
          () => `(i32.wrap_i64 ${sub("i64")})`,
          () => {
            const from = rng.pick(["f32", "f64"] as const);
            const op = `${truncation(rng)}_${from}_${rng.pick(["s", "u"])}`;
            return `(i32.${op} ${sub(from)})`;
          },
          () => `(i32.reinterpret_f32 ${sub("f32")})`,
          () => `(i32.load${rng.pick(["", "8_s", "8_u", "16_s", "16_u"])} ${this.#address(depth)})`,
          () => `(i32x4.extract_lane ${lane(4)} ${sub("v128")})`,
          () => `(i8x16.extract_lane_${rng.pick(["s", "u"])} ${lane(16)} ${sub("v128")})`,
          () =>
            `(${rng.pick(["v128.any_true", "i8x16.bitmask", "i32x4.all_true"])} ${sub("v128")})`,
          () => "(memory.size)",
        ])();
      case "i64":
        return rng.pick([
          () => `(i64.${rng.pick(INT_BINARY)} ${sub("i64")} ${sub("i64")})`,
          () => `(i64.${rng.pick(["clz", "ctz", "popcnt", "extend32_s"])} ${sub("i64")})`,
          () => `(i64.extend_i32_${rng.pick(["s", "u"])} ${sub("i32")})`,
          () => `(i64.${truncation(rng)}_f64_${rng.pick(["s", "u"])} ${sub("f64")})`,
          () => `(i64.reinterpret_f64 ${sub("f64")})`,
          () => `(i64.load${rng.pick(["", "8_u", "16_s", "32_u"])} ${this.#address(depth)})`,
          () => `(i64x2.extract_lane ${lane(2)} ${sub("v128")})`,
        ])();
      case "f32":
      case "f64": {
        const other = type === "f32" ? "f64" : "f32";
        const bits = type === "f32" ? "i32" : "i64";
        return rng.pick([
          () => {
            const op = rng.pick(FLOAT_BINARY);
            return this.#canon(
              type,
              op !== "copysign",
              `(${type}.${op} ${sub(type)} ${sub(type)})`,
            );
          },
          () => {
            const op = rng.pick(FLOAT_UNARY);
            return this.#canon(type, op !== "abs" && op !== "neg", `(${type}.${op} ${sub(type)})`);
          },
          () => `(${type}.convert_i32_${rng.pick(["s", "u"])} ${sub("i32")})`,
          () => `(${type}.convert_i64_s ${sub("i64")})`,
          () =>
            this.#canon(
              type,
              true,
              `(${type}.${type === "f32" ? "demote" : "promote"}_${other} ${sub(other)})`,
            ),
          () => `(${type}.reinterpret_${bits} ${sub(bits)})`,
          () => `(${type}.load ${this.#address(depth)})`,
          () =>
            `(${type === "f32" ? "f32x4" : "f64x2"}.extract_lane ${lane(type === "f32" ? 4 : 2)} ${
              sub("v128")
            })`,
        ])();
      }
      case "v128":
        return rng.pick([
          () => {
            const op = rng.pick(SIMD_BINARY);
            return this.#canonSimd(op, `(${op} ${sub("v128")} ${sub("v128")})`);
          },
          () => {
            const op = rng.pick(SIMD_UNARY);
            return this.#canonSimd(op, `(${op} ${sub("v128")})`);
          },
          () => {
            const [shape, from] = rng.pick(SPLATS);
            return `(${shape}.splat ${sub(from)})`;
          },
          () =>
            `(${rng.pick(["i8x16.shl", "i16x8.shr_s", "i32x4.shr_u", "i64x2.shl"])} ${
              sub("v128")
            } ${sub("i32")})`,
          () =>
            `(i8x16.shuffle ${Array.from({ length: 16 }, () => rng.below(32)).join(" ")} ${
              sub("v128")
            } ${sub("v128")})`,
          () => `(v128.bitselect ${sub("v128")} ${sub("v128")} ${sub("v128")})`,
          () => `(i32x4.replace_lane ${lane(4)} ${sub("v128")} ${sub("i32")})`,
          () =>
            `(${rng.pick(["v128.load", "v128.load32_splat", "v128.load8x8_s"])} ${
              this.#address(depth)
            })`,
        ])();
    }
  }

  /** `text`, through the canonicalising helper when `makesNaN` and the program asks for it. */
  #canon(type: "f32" | "f64", makesNaN: boolean, text: string): string {
    return makesNaN && this.#context.canonicalNaNs ? `(call $canon_${type} ${text})` : text;
  }

  #canonSimd(op: string, text: string): string {
    const shape = SIMD_NAN_MAKERS.get(op);
    return shape !== undefined && this.#context.canonicalNaNs
      ? `(call $canon_${shape} ${text})`
      : text;
  }
}

/** Mostly the saturating truncation: the trapping one ends most programs that use it. */
function truncation(rng: Random): string {
  return rng.chance(0.15) ? "trunc" : "trunc_sat";
}

const INT_BINARY = [
  "add",
  "sub",
  "mul",
  "and",
  "or",
  "xor",
  "shl",
  "shr_s",
  "shr_u",
  "rotl",
  "rotr",
  "div_s",
  "div_u",
  "rem_s",
  "rem_u",
];
const INT_COMPARE = ["eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"];
const FLOAT_COMPARE = ["eq", "ne", "lt", "gt", "le", "ge"];
const FLOAT_BINARY = ["add", "sub", "mul", "div", "min", "max", "copysign"];
const FLOAT_UNARY = ["abs", "neg", "sqrt", "ceil", "floor", "trunc", "nearest"];
const SIMD_BINARY = [
  "i8x16.add",
  "i8x16.add_sat_u",
  "i16x8.sub",
  "i16x8.mul",
  "i32x4.add",
  "i32x4.mul",
  "i32x4.min_s",
  "i64x2.add",
  "f32x4.add",
  "f32x4.mul",
  "f64x2.sub",
  "f64x2.max",
  "v128.and",
  "v128.or",
  "v128.xor",
  "v128.andnot",
  "i8x16.swizzle",
  "i16x8.q15mulr_sat_s",
  "i32x4.dot_i16x8_s",
  "i8x16.eq",
  "f32x4.lt",
];
const SIMD_UNARY = [
  "v128.not",
  "i32x4.abs",
  "i8x16.popcnt",
  "f32x4.sqrt",
  "f64x2.neg",
  "i32x4.trunc_sat_f32x4_s",
  "f32x4.convert_i32x4_u",
  "i16x8.extend_low_i8x16_s",
];
const SPLATS: ReadonlyArray<readonly [string, ValType]> = [
  ["i8x16", "i32"],
  ["i16x8", "i32"],
  ["i32x4", "i32"],
  ["i64x2", "i64"],
  ["f32x4", "f32"],
  ["f64x2", "f64"],
];
