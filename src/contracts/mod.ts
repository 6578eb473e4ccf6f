/**
 * Module contracts: pure functions over a live instance. They run inside the sandbox worker.
 *
 * @module
 */

export { runBenchContract, type SampleMeasurement } from "./bench_abi.ts";
export { exportedI32Constants } from "./exported_constants.ts";
export {
  type FormCalls,
  formExportProblem,
  type FormPrompt,
  type FormRequest,
} from "./form_abi.ts";
export type { GuestContext } from "./guest_call.ts";
export { inputCapPrecheck } from "./input_cap_precheck.ts";
export type { FunctionSignature, ModuleImport, ModuleLayout, ValueType } from "./module_layout.ts";
export { runRunContract } from "./run_abi.ts";
export {
  answerCall,
  type ReplyOf,
  type RequestOf,
  type SessionAnswer,
  type SessionCall,
  type SessionCalls,
  type SessionHandler,
  type SessionInstances,
} from "./session_protocol.ts";
export {
  SESSION_CONTRACTS,
  type SessionContractName,
  type SessionContracts,
  type SessionFactory,
} from "./sessions.ts";
export { outputBytes, type OutputEncoding, type StageOutput } from "./stage_output.ts";
export { TILE_FUNCTION, TILE_SIZE } from "./tile_abi.ts";
export type { ImagePlanes, RgbaPlane, TileRows } from "./tile_bands.ts";
export type { SharedPlane, TileCalls, TileRequest, TileSessionOptions } from "./tile_session.ts";
export { trapText } from "./trap_text.ts";
export type { UniformValues } from "./uniform_abi.ts";
