;; invert-simd: invert.wat with 128-bit SIMD, one pixel (R, G, B, A) per vector; the same
;; float32 subtraction per channel, so the output is bit-identical to invert.wasm's:
;;
;;   R' = 1 − R,  G' = 1 − G,  B' = 1 − B,  A' = A
;;
;; Tile contract (abi.md §4): exported i32 globals input_ptr = 0 and input_bytes_cap = 64 KiB;
;; one 64 KiB page holds exactly one 64×64 tile of R, G, B, A float32 values; no halo, no
;; uniforms.
(module
  (memory (export "memory") 1)

  (global (export "input_ptr") i32 (i32.const 0))
  (global (export "input_bytes_cap") i32 (i32.const 0x10000))

  (func (export "tile_rgba_f32_64x64") (param $x f32) (param $y f32)
    (local $p i32)     ;; byte offset of the current pixel
    (local $pixel v128)
    (loop $pixels
      (local.set $pixel (v128.load (local.get $p)))
      (v128.store (local.get $p)
        ;; Lanes 0-2 from 1 − pixel, lane 3 (alpha) from the pixel itself.
        (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 28 29 30 31
          (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $pixel))
          (local.get $pixel)))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br_if $pixels (i32.lt_u (local.get $p) (i32.const 0x10000))))))
