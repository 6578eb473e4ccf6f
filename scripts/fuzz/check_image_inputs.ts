/**
 * Runs damaged image files through `qip image` and through a tile block of `qip run`,
 * in-process, through the code the commands run after parsing their flags: the codec worker's
 * decoder and pixel limit, the tile block on the worker pool, the atomic PNG write; for `run`,
 * the pipeline's BMP block. Each outcome must be what the CLI turns into exit 0, or exit 1 with
 * one stderr line and no output file; anything else (exit 2, a stack trace, a hang, a file left
 * behind) is a problem. See docs/reliability.md, "Image inputs".
 *
 * @module
 */

import { runBmpTileBlock, runImageBlock } from "../../src/image/mod.ts";
import { parseImageFlags } from "../../src/cli/_image_flags.ts";
import { writeImageOutput } from "../../src/cli/_image_files.ts";
import { parseRunFlags } from "../../src/cli/_run_command.ts";
import { QipError } from "../../src/errors.ts";
import { loadStages } from "../../src/host/mod.ts";
import { CodecPool } from "../../src/image/codec_pool.ts";
import { runPipeline, startTimeBudget } from "../../src/pipeline/mod.ts";
import type { CompiledStage, WorkerPool } from "../../src/sandbox/mod.ts";
import { imageMutants } from "./image_mutants.ts";

/** What the CLI would have done with one input. */
export interface ImageOutcome {
  /** 0, 1, or 2 for an error that is not a `QipError` (a crash). */
  readonly exitCode: number;
  /** The stderr line (without its newline), empty on success. */
  readonly stderr: string;
  /** Whether the `-o` file exists afterwards (`qip image` only). */
  readonly wroteOutput: boolean;
}

/** The filter every input goes through, as its users write it. */
export const INVERT_MODULE = "examples/rgba/invert.wasm";

/** How long one input may take before it counts as a hang. */
const HANG_MS = 30_000;

/** What a fuzzing run found. */
export interface ImageFuzzReport {
  /** Inputs run, per command. */
  readonly cases: { readonly image: number; readonly run: number };
  /** Inputs that succeeded (exit 0), per command. */
  readonly succeeded: { readonly image: number; readonly run: number };
  /** One line per input whose outcome was wrong: `<command> <label>: <problem>`. */
  readonly problems: readonly string[];
  /** How often each stderr line occurred, numbers replaced by N. */
  readonly messages: ReadonlyMap<string, number>;
  /** The largest resident set size seen after an input, in bytes. */
  readonly maxRssBytes: number;
}

/**
 * Runs the mutants of every file in `fixtures/images/` (seeded) through `qip image`, and the
 * BMP ones plus each original through the tile block of `qip run`.
 *
 * @example
 * ```ts ignore
 * const report = await fuzzImageInputs(root, { pool, seed: 1, randomCount: 100 });
 * ```
 */
export async function fuzzImageInputs(
  root: string,
  options: { readonly pool: WorkerPool; readonly seed: number; readonly randomCount: number },
): Promise<ImageFuzzReport> {
  await using runner = await ImageInputRunner.create(options.pool, root);
  const dir = `${root}/fixtures/images`;
  const names = [...Deno.readDirSync(dir)].map((entry) => entry.name).sort();
  const cases = { image: 0, run: 0 };
  const succeeded = { image: 0, run: 0 };
  const problems: string[] = [];
  const messages = new Map<string, number>();
  let maxRssBytes = 0;
  for (const [index, name] of names.entries()) {
    const original = await Deno.readFile(`${dir}/${name}`);
    const mutants = imageMutants(name, original, {
      seed: options.seed + index,
      randomCount: options.randomCount,
    });
    for (const { label, bytes } of [{ label: `${name}: as is`, bytes: original }, ...mutants]) {
      const commands = name.endsWith(".bmp") || label.endsWith("as is")
        ? ["image", "run"] as const
        : ["image"] as const;
      for (const command of commands) {
        const outcome = command === "image" ? await runner.image(bytes) : await runner.run(bytes);
        cases[command]++;
        if (outcome.exitCode === 0) succeeded[command]++;
        const problem = describeImageProblem(outcome, command);
        if (problem !== undefined) problems.push(`${command} ${label}: ${problem}`);
        const line = outcome.stderr.replaceAll(runner.module, INVERT_MODULE);
        const key = `${command}: ${line.replaceAll(/\d+/g, "N") || "(exit 0)"}`;
        messages.set(key, (messages.get(key) ?? 0) + 1);
        maxRssBytes = Math.max(maxRssBytes, Deno.memoryUsage().rss);
      }
    }
  }
  return { cases, succeeded, problems, messages, maxRssBytes };
}

/** Shared state for many inputs: one codec pool, one worker pool, the compiled filter. */
export class ImageInputRunner implements AsyncDisposable {
  #codecs = new CodecPool();
  readonly #pool: WorkerPool;
  readonly #stage: CompiledStage;
  readonly #dir: string;
  #cases = 0;

  private constructor(pool: WorkerPool, stage: CompiledStage, dir: string) {
    this.#pool = pool;
    this.#stage = stage;
    this.#dir = dir;
  }

  /** The filter's module argument (its absolute path), as the launcher should be given it. */
  get module(): string {
    return this.#stage.source;
  }

  /** Compiles the filter (a path relative to `root`) and makes a scratch directory. */
  static async create(pool: WorkerPool, root: string): Promise<ImageInputRunner> {
    const [stage] = await loadStages([`${root}/${INVERT_MODULE}`], {
      limits: parseRunFlags([INVERT_MODULE]).limits,
    });
    return new ImageInputRunner(pool, stage!, await Deno.makeTempDir());
  }

  /** `qip image -i <bytes> -o out.png invert.wasm [--max-pixels N]`. */
  async image(bytes: Uint8Array, options: { maxPixels?: number } = {}): Promise<ImageOutcome> {
    const args = ["-i", "in", "-o", "out.png", INVERT_MODULE];
    if (options.maxPixels !== undefined) args.unshift("--max-pixels", `${options.maxPixels}`);
    const flags = parseImageFlags(args);
    const output = `${this.#dir}/out-${this.#cases++}.png`;
    const outcome = await outcomeOf(async () => {
      const image = await this.#codecs.decode(bytes, { maxPixels: flags.maxPixels });
      using budget = startTimeBudget(flags.limits.timeLimitMs);
      const filtered = await runImageBlock({
        stages: [this.#stage],
        uniforms: [],
        image,
        limits: flags.limits,
        pool: this.#pool,
        signal: budget.signal,
      });
      await writeImageOutput(output, filtered, this.#codecs);
    });
    const wroteOutput = await exists(output);
    if (wroteOutput) await Deno.remove(output);
    if (outcome.exitCode === 2 || outcome.stderr.includes("codec worker failed")) {
      // A dead codec worker would leave every later decode waiting: start afresh.
      this.#codecs.close();
      this.#codecs = new CodecPool();
    }
    return { ...outcome, wroteOutput };
  }

  /** `qip run examples/rgba/invert.wasm` with `bytes` on stdin (a tile block over BMP). */
  async run(bytes: Uint8Array): Promise<ImageOutcome> {
    const { limits } = parseRunFlags([INVERT_MODULE]);
    const outcome = await outcomeOf(async () => {
      const { output } = await runPipeline({
        stages: [this.#stage],
        input: bytes,
        limits,
        pool: this.#pool,
        imageBlock: runBmpTileBlock,
      });
      if (output.kind !== "bytes" || output.bytes[0] !== 0x42 || output.bytes[1] !== 0x4d) {
        throw new Error("a tile block returned something other than a BMP");
      }
    });
    return { ...outcome, wroteOutput: false };
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#codecs.close();
    await Deno.remove(this.#dir, { recursive: true });
  }
}

/**
 * What is wrong with an outcome, or `undefined`: exit 0 with a file, or exit 1 with one line,
 * no stack trace and no file.
 */
export function describeImageProblem(
  outcome: ImageOutcome,
  command: "image" | "run",
): string | undefined {
  if (outcome.exitCode === 0) {
    return command === "image" && !outcome.wroteOutput ? "exit 0 but no output file" : undefined;
  }
  if (outcome.exitCode !== 1) return `exit ${outcome.exitCode}: ${outcome.stderr}`;
  if (outcome.stderr === "" || outcome.stderr.includes("\n")) {
    return `not one stderr line: ${JSON.stringify(outcome.stderr)}`;
  }
  if (/\bat .*:\d+:\d+/.test(outcome.stderr)) return `stack trace: ${outcome.stderr}`;
  if (outcome.wroteOutput) return `exit 1 but the output file exists: ${outcome.stderr}`;
  return undefined;
}

/** Runs `work` as main() would: a QipError is exit 1, anything else exit 2, a hang a problem. */
async function outcomeOf(work: () => Promise<void>): Promise<Omit<ImageOutcome, "wroteOutput">> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${HANG_MS} ms`)), HANG_MS);
  });
  try {
    await Promise.race([work(), hang]);
    return { exitCode: 0, stderr: "" };
  } catch (error) {
    if (error instanceof QipError) return { exitCode: 1, stderr: error.message };
    const reason = error instanceof Error ? error.message : String(error);
    return { exitCode: 2, stderr: `qip internal error: ${reason}` };
  } finally {
    clearTimeout(timer);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}
