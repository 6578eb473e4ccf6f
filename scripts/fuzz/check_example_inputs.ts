/**
 * Random inputs into every module in `examples/`, in-process on the worker pool through
 * `runPipeline` (what `qip run` does after parsing): run-mode modules get empty input, one
 * byte, random sizes up to their input cap, exactly the cap, cap + 1, and random valid UTF-8;
 * tile modules get small random BMPs through a tile block; form modules also get random
 * answers through a form session. Traps, limits and soft failures are fine; what the CLI would
 * turn into exit code 2 (an error that is not a `QipError`), a multi-line message or a hang is
 * a problem. See docs/reliability.md, "Random inputs into every example".
 *
 * @module
 */

import { runBmpTileBlock } from "../../src/image/mod.ts";
import { parseRunFlags } from "../../src/cli/_run_command.ts";
import type { FormPrompt } from "../../src/contracts/mod.ts";
import { QipError } from "../../src/errors.ts";
import { loadStages } from "../../src/host/mod.ts";
import { encodeBmp } from "../../src/image/bmp_encode.ts";
import { runPipeline } from "../../src/pipeline/mod.ts";
import type { CompiledStage, WorkerPool } from "../../src/sandbox/mod.ts";
import { Random } from "./_random.ts";

/** Inputs larger than any example's cap: the `Input is too large` message then names the cap. */
const PROBE_BYTES = 16 * 1024 * 1024 + 1;

/** Random sizes stay under this unless they are the cap itself (generating bytes costs time). */
const RANDOM_SIZE_CEILING = 256 * 1024;

/** How long one input may take before it counts as a hang. */
const HANG_MS = 30_000;

/** What one module got and did. */
export interface ExampleReport {
  readonly module: string;
  readonly kind: "run" | "tile" | "form";
  /** The input cap the probe found (`undefined` for tile modules or caps over the probe). */
  readonly capBytes: number | undefined;
  readonly inputs: number;
  /** Inputs that ran to an output. */
  readonly succeeded: number;
  /** Each distinct error line (numbers replaced by N), with its count. */
  readonly errors: ReadonlyMap<string, number>;
  /** `<input>: <problem>` for each input the CLI would crash on. */
  readonly problems: readonly string[];
}

/** Options for {@linkcode checkExampleInputs}. */
export interface ExampleInputOptions {
  readonly pool: WorkerPool;
  readonly seed: number;
  /** Random inputs per module besides the fixed ones (empty, 1 byte, cap, cap + 1). */
  readonly randomCount: number;
}

/**
 * Runs random inputs into every `.wasm` under `root/examples`.
 *
 * @example
 * ```ts ignore
 * const reports = await checkExampleInputs(root, { pool, seed: 1, randomCount: 6 });
 * ```
 */
export async function checkExampleInputs(
  root: string,
  options: ExampleInputOptions,
): Promise<ExampleReport[]> {
  const reports: ExampleReport[] = [];
  for (const [index, path] of exampleModules(`${root}/examples`).entries()) {
    const rng = new Random(options.seed * 1000 + index);
    const module = path.slice(root.length + 1);
    const { limits } = parseRunFlags([path]);
    const [stage] = await loadStages([path], { limits });
    const errors = new Map<string, number>();
    const problems: string[] = [];
    let [inputs, succeeded] = [0, 0];
    const attempt = async (label: string, work: () => Promise<unknown>) => {
      inputs++;
      const outcome = await outcomeOf(work);
      if (outcome.problem !== undefined) problems.push(`${label}: ${outcome.problem}`);
      else if (outcome.error === undefined) succeeded++;
      else {
        const key = outcome.error.replaceAll(path, "\0").replaceAll(/\d+/g, "N")
          .replace("\0", module);
        errors.set(key, (errors.get(key) ?? 0) + 1);
      }
      return outcome;
    };
    const run = (input: Uint8Array) =>
      runPipeline({
        stages: [stage!],
        input,
        limits,
        pool: options.pool,
        imageBlock: runBmpTileBlock,
      });
    let capBytes: number | undefined;
    let kind: ExampleReport["kind"] = "run";
    if (stage!.isTileStage) {
      kind = "tile";
      for (let count = 0; count < options.randomCount + 3; count++) {
        const bmp = randomBmp(rng, count);
        await attempt(`BMP ${bmp.label}`, () => run(bmp.bytes));
      }
      await attempt("random bytes", () => run(randomBytes(rng, 1 + rng.below(4096))));
    } else {
      const probe = await attempt(`${PROBE_BYTES} bytes`, () => run(new Uint8Array(PROBE_BYTES)));
      const cap = /_cap is (-?\d+)$/.exec(probe.error ?? "")?.[1];
      capBytes = cap === undefined ? undefined : Number(cap);
      const limit = capBytes ?? PROBE_BYTES - 1;
      const sizes = [
        0,
        1,
        ...Array.from(
          { length: options.randomCount },
          () => rng.below(Math.min(Math.max(limit, 0), RANDOM_SIZE_CEILING) + 1),
        ),
      ];
      if (capBytes !== undefined && capBytes >= 0) sizes.push(capBytes, capBytes + 1);
      for (const size of sizes) {
        await attempt(`${size} random bytes`, () => run(randomBytes(rng, size)));
      }
      for (let count = 0; count < Math.max(1, options.randomCount / 2); count++) {
        const text = randomUtf8(rng, Math.min(Math.max(limit, 0), 4096));
        await attempt(`${text.byteLength} bytes of UTF-8`, () => run(text));
      }
      if (stage!.layout.functionExports.has("input_key_ptr")) {
        kind = "form";
        for (let count = 0; count < Math.max(1, options.randomCount / 2); count++) {
          await attempt(`form answers #${count}`, () => driveForm(stage!, rng, options.pool));
        }
      }
    }
    reports.push({ module, kind, capBytes, inputs, succeeded, errors, problems });
  }
  return reports;
}

/** Every `.wasm` under `dir`, recursively, sorted. */
function exampleModules(dir: string): string[] {
  const found: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) found.push(...exampleModules(path));
    else if (entry.isFile && entry.name.endsWith(".wasm")) found.push(path);
  }
  return found.sort();
}

/** Answers a form's prompts with random text (sometimes over its cap) until done or 20 answers. */
async function driveForm(stage: CompiledStage, rng: Random, pool: WorkerPool): Promise<void> {
  const { limits } = parseRunFlags([stage.source]);
  using session = await pool.openSession({
    module: stage.module,
    layout: stage.layout,
    contract: "form",
    timeLimitMs: limits.timeLimitMs,
    fuel: undefined,
  });
  let size = 0;
  for (let answers = 0; answers < 20; answers++) {
    const prompt = await session.call({ op: "prompt" }) as FormPrompt;
    if (prompt.key.trim() === "") break;
    const value = rng.chance(0.1) ? randomBytes(rng, 1 + rng.below(70_000)) : randomUtf8(rng, 64);
    size = await session.call({ op: "answer", value }) as number;
  }
  await session.call({ op: "output", size });
}

/** A small random 24 or 32 bpp BMP; the first three are 1×1, 64×64 and 65×65. */
function randomBmp(rng: Random, count: number): { label: string; bytes: Uint8Array } {
  const [width, height] = [[1, 1], [64, 64], [65, 65]][count] ??
    [1 + rng.below(100), 1 + rng.below(100)];
  const pixels = randomBytes(rng, width! * height! * 4);
  const bytes = encodeBmp({ width: width!, height: height!, pixels });
  if (!rng.chance(0.5)) return { label: `${width}x${height} 32 bpp`, bytes };
  // The same pixels as a top-down 24 bpp file with padded rows.
  const stride = Math.ceil((width! * 3) / 4) * 4;
  const file = new Uint8Array(54 + stride * height!);
  file.set(bytes.subarray(0, 54));
  const view = new DataView(file.buffer);
  view.setUint32(2, file.byteLength, true);
  view.setInt32(22, -height!, true);
  view.setUint16(28, 24, true);
  for (let y = 0; y < height!; y++) {
    for (let x = 0; x < width!; x++) {
      file.set(
        pixels.subarray((y * width! + x) * 4, (y * width! + x) * 4 + 3),
        54 + y * stride + x * 3,
      );
    }
  }
  return { label: `${width}x${height} 24 bpp top-down`, bytes: file };
}

function randomBytes(rng: Random, size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  const words = new Uint32Array(bytes.buffer, 0, Math.floor(size / 4));
  for (let index = 0; index < words.length; index++) words[index] = rng.u32();
  for (let index = words.length * 4; index < size; index++) bytes[index] = rng.below(256);
  return bytes;
}

/** Random valid UTF-8 of at most `maxBytes`: ASCII, Latin, CJK, emoji and controls mixed. */
function randomUtf8(rng: Random, maxBytes: number): Uint8Array {
  const target = rng.below(maxBytes + 1);
  const encoder = new TextEncoder();
  let text = "";
  let bytes = 0;
  while (true) {
    const range = rng.pick(
      [
        [0x20, 0x7f],
        [0x20, 0x7f],
        [0, 0x20],
        [0x80, 0x800],
        [
          0x800,
          0xd800,
        ],
        [0xe000, 0x10000],
        [0x10000, 0x110000],
      ] as const,
    );
    const char = String.fromCodePoint(range[0] + rng.below(range[1] - range[0]));
    const length = encoder.encode(char).byteLength;
    if (bytes + length > target) break;
    text += char;
    bytes += length;
  }
  return encoder.encode(text);
}

/** A QipError is a handled failure; anything else, or no answer, is a problem. */
async function outcomeOf(
  work: () => Promise<unknown>,
): Promise<{ error?: string; problem?: string }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${HANG_MS} ms`)), HANG_MS);
  });
  try {
    await Promise.race([work(), hang]);
    return {};
  } catch (error) {
    if (error instanceof QipError) {
      return error.message.includes("\n")
        ? { problem: `not one line: ${JSON.stringify(error.message)}` }
        : { error: error.message };
    }
    return { problem: `exit 2: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    clearTimeout(timer);
  }
}
