/**
 * A small run module that bench compiles, untimed, before the modules it measures, so that the
 * first module listed does not pay for warming up the host (the instrumenter's code, V8's
 * compiler pipeline, the digest) and every module's compile time is taken in the same state.
 * A module of qip's own, never one of the measured ones: V8 reuses a compiled module for the
 * same bytes, so compiling a measured module twice would time that cache instead.
 *
 * @module
 */

/**
 * The module, built from this WAT (a copy loop, so loops are instrumented too):
 *
 * ```wat
 * (module
 *   (memory (export "memory") 1)
 *   (global (export "input_ptr") i32 (i32.const 0))
 *   (global (export "input_bytes_cap") i32 (i32.const 0x8000))
 *   (global (export "output_ptr") i32 (i32.const 0x8000))
 *   (global (export "output_bytes_cap") i32 (i32.const 0x8000))
 *   (func (export "run") (param $size i32) (result i32)
 *     (local $i i32)
 *     (block $done
 *       (loop $copy
 *         (br_if $done (i32.ge_u (local.get $i) (local.get $size)))
 *         (i32.store8 offset=0x8000 (local.get $i) (i32.load8_u (local.get $i)))
 *         (local.set $i (i32.add (local.get $i) (i32.const 1)))
 *         (br $copy)))
 *     (local.get $size)))
 * ```
 */
export const WARMUP_MODULE: Uint8Array = Uint8Array.fromBase64(
  "AGFzbQEAAAABBgFgAX8BfwMCAQAFAwEAAQYbBH8AQQALfwBBgIACC38AQYCAAgt/AEGAgAILB04GBm1lbW9yeQIACWlucHV0X3B0cgMAD2lucHV0X2J5dGVzX2NhcAMBCm91dHB1dF9wdHIDAhBvdXRwdXRfYnl0ZXNfY2FwAwMDcnVuAAAKKgEoAQF/AkADQCABIABPDQEgASABLQAAOgCAgAIgAUEBaiEBDAALCyAACw==",
);
