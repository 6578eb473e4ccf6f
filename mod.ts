/**
 * qip as a library: compile modules and run pipelines in permission-less, preemptible workers.
 * The `qip` command line is one user of this API.
 *
 * @example Run a chain in-process
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_LIMITS, formatRunOutput, loadStages, runPipeline, WorkerPool } from "./mod.ts";
 * using pool = new WorkerPool({ size: 1 });
 * const stages = await loadStages(["examples/hello.wasm"], { limits: DEFAULT_LIMITS });
 * const input = new TextEncoder().encode("World");
 * const { output } = await runPipeline({ stages, input, limits: DEFAULT_LIMITS, pool });
 * assert.equal(new TextDecoder().decode(formatRunOutput(output)), "Hello, World\n");
 * ```
 *
 * @example A chain with image stages (BMP in, BMP out, as `qip run` takes them)
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_LIMITS, loadStages, runBmpTileBlock, runPipeline, WorkerPool } from "./mod.ts";
 * using pool = new WorkerPool({ size: 1 });
 * const stages = await loadStages(["examples/rgba/invert.wasm"], { limits: DEFAULT_LIMITS });
 * // A 1×1 BMP: the 54-byte header, then one pixel (blue, green, red, alpha).
 * const bmp = new Uint8Array(58);
 * const view = new DataView(bmp.buffer);
 * bmp.set([0x42, 0x4d]);
 * view.setUint32(2, 58, true);
 * view.setUint32(10, 54, true);
 * view.setUint32(14, 40, true);
 * view.setInt32(18, 1, true);
 * view.setInt32(22, 1, true);
 * view.setUint16(26, 1, true);
 * view.setUint16(28, 32, true);
 * bmp.set([10, 20, 30, 255], 54);
 * const { output } = await runPipeline({
 *   stages,
 *   input: bmp,
 *   limits: DEFAULT_LIMITS,
 *   pool,
 *   imageBlock: runBmpTileBlock,
 * });
 * assert.equal(output.kind, "bytes");
 * ```
 *
 * @module
 */

export { type ErrorKind, QipError } from "./src/errors.ts";
export type {
  FormCalls,
  FormPrompt,
  FunctionSignature,
  ImagePlanes,
  ModuleImport,
  ModuleLayout,
  OutputEncoding,
  ReplyOf,
  RequestOf,
  RgbaPlane,
  SampleMeasurement,
  SessionCall,
  SessionCalls,
  SessionContracts,
  SharedPlane,
  StageOutput,
  TileCalls,
  TileRows,
  TileSessionOptions,
  UniformValues,
  ValueType,
} from "./src/contracts/mod.ts";
export {
  type LoadedStage,
  loadModuleBytes,
  loadStages,
  type LoadStagesOptions,
  type ModuleBytesOptions,
  type ModuleLoadOptions,
  type ModuleLock,
  type ModuleRef,
  type ModuleScheme,
  type ModuleSource,
} from "./src/host/mod.ts";
export { runBmpTileBlock } from "./src/image/mod.ts";
export {
  formatRunOutput,
  type ImageBlockRunner,
  type ImageBlockSpec,
  type PipelineResult,
  type PipelineSpec,
  runPipeline,
  type StageRef,
} from "./src/pipeline/mod.ts";
export {
  type CompiledStage,
  compileStage,
  type CompileStageOptions,
  type ContractName,
  DEFAULT_LIMITS,
  type InstanceSpec,
  type JobResult,
  type SessionContractName,
  type SessionModule,
  type SessionOptions,
  type SessionRequest,
  type SessionRequestOf,
  type StageJob,
  type StageJobRequest,
  type StageJobResult,
  type StageLimits,
  StageSession,
  WorkerPool,
  type WorkerPoolOptions,
} from "./src/sandbox/mod.ts";
