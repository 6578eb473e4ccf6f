;; contrast-simd: contrast.wat with 128-bit SIMD, one pixel (R, G, B, A) per vector; the same
;; float32 operations in the same order per channel, so the output is bit-identical to
;; contrast.wasm's:
;;
;;   g  = (2·k) / (1 − k)                      (once per uniform call)
;;   c' = c + (c − 0.5)·g          for c in R, G, B; A' = A; untouched at k = 0
;;
;; Uniform: uniform_set_contrast(f32) -> f32, default 0, clamped to −0.999..0.999 (NaN counts as
;; the default); it returns the value kept.
;;
;; Tile contract (abi.md §4): exported i32 globals input_ptr = 0 and input_bytes_cap = 64 KiB;
;; one 64 KiB page holds exactly one 64×64 tile of R, G, B, A float32 values; no halo.
(module
  (memory (export "memory") 1)

  (global (export "input_ptr") i32 (i32.const 0))
  (global (export "input_bytes_cap") i32 (i32.const 0x10000))

  (global $contrast (mut f32) (f32.const 0))
  (global $gain_minus_one (mut f32) (f32.const 0)) ;; g above

  (func (export "uniform_set_contrast") (param $value f32) (result f32)
    (if (f32.ne (local.get $value) (local.get $value)) ;; NaN
      (then (local.set $value (f32.const 0))))
    (global.set $contrast
      (f32.min (f32.max (local.get $value) (f32.const -0.999)) (f32.const 0.999)))
    (global.set $gain_minus_one
      (f32.div
        (f32.mul (f32.const 2) (global.get $contrast))
        (f32.sub (f32.const 1) (global.get $contrast))))
    (global.get $contrast))

  (func (export "tile_rgba_f32_64x64") (param $x f32) (param $y f32)
    (local $p i32) ;; byte offset of the current pixel
    (local $pixel v128)
    (local $g v128) ;; g in every lane
    (if (f32.eq (global.get $contrast) (f32.const 0)) (then (return)))
    (local.set $g (f32x4.splat (global.get $gain_minus_one)))
    (loop $pixels
      (local.set $pixel (v128.load (local.get $p)))
      (v128.store (local.get $p)
        ;; Lanes 0-2 from pixel + (pixel − 0.5)·g, lane 3 (alpha) from the pixel itself.
        (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 28 29 30 31
          (f32x4.add (local.get $pixel)
            (f32x4.mul
              (f32x4.sub (local.get $pixel) (v128.const f32x4 0.5 0.5 0.5 0.5))
              (local.get $g)))
          (local.get $pixel)))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br_if $pixels (i32.lt_u (local.get $p) (i32.const 0x10000))))))
