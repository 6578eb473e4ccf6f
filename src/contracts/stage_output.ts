/**
 * What one run-mode stage produced (spec: abi.md §2.3).
 *
 * @module
 */

/** How a stage's output bytes are meant: text, raw bytes, or little-endian 32-bit items. */
export type OutputEncoding = "utf8" | "raw" | "i32";

/** The result of one run-mode stage. */
export type StageOutput =
  /** The module wrote `bytes` at `output_ptr`. */
  | { readonly kind: "bytes"; readonly encoding: OutputEncoding; readonly bytes: Uint8Array }
  /**
   * No `output_ptr`, or an output cap of 0: the host prints `Ran: <ran>` and the stage output is
   * empty. `encoding` is `raw` without `output_ptr`, else the encoding of the zero cap.
   */
  | { readonly kind: "scalar"; readonly encoding: OutputEncoding; readonly ran: number };

/** The bytes a later stage receives from `output` (empty for a scalar stage). */
export function outputBytes(output: StageOutput): Uint8Array {
  return output.kind === "bytes" ? output.bytes : new Uint8Array(0);
}
