;; brightness-simd: brightness.wat with 128-bit SIMD, one pixel (R, G, B, A) per vector; the same
;; float32 operations in the same order per channel, so the output is bit-identical to
;; brightness.wasm's:
;;
;;   k = |brightness|,  T = 1 if brightness > 0 else 0
;;   c' = c + (T − c)·k            for c in R, G, B; A' = A; untouched at brightness 0
;;
;; Uniform: uniform_set_brightness(f32) -> f32, default 0, clamped to −1..1 (NaN counts as the
;; default); it returns the value kept.
;;
;; Tile contract (abi.md §4): exported i32 globals input_ptr = 0 and input_bytes_cap = 64 KiB;
;; one 64 KiB page holds exactly one 64×64 tile of R, G, B, A float32 values; no halo.
(module
  (memory (export "memory") 1)

  (global (export "input_ptr") i32 (i32.const 0))
  (global (export "input_bytes_cap") i32 (i32.const 0x10000))

  (global $brightness (mut f32) (f32.const 0))

  (func (export "uniform_set_brightness") (param $value f32) (result f32)
    (if (f32.ne (local.get $value) (local.get $value)) ;; NaN
      (then (local.set $value (f32.const 0))))
    (global.set $brightness (f32.min (f32.max (local.get $value) (f32.const -1)) (f32.const 1)))
    (global.get $brightness))

  (func (export "tile_rgba_f32_64x64") (param $x f32) (param $y f32)
    (local $p i32)      ;; byte offset of the current pixel
    (local $pixel v128)
    (local $k v128)     ;; |brightness| in every lane
    (local $target v128) ;; 1 (white) or 0 (black) in every lane
    (if (f32.eq (global.get $brightness) (f32.const 0)) (then (return)))
    (local.set $k (f32x4.splat (f32.abs (global.get $brightness))))
    (if (f32.gt (global.get $brightness) (f32.const 0))
      (then (local.set $target (v128.const f32x4 1 1 1 1))))
    (loop $pixels
      (local.set $pixel (v128.load (local.get $p)))
      (v128.store (local.get $p)
        ;; Lanes 0-2 from pixel + (target − pixel)·k, lane 3 (alpha) from the pixel itself.
        (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 28 29 30 31
          (f32x4.add (local.get $pixel)
            (f32x4.mul (f32x4.sub (local.get $target) (local.get $pixel)) (local.get $k)))
          (local.get $pixel)))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br_if $pixels (i32.lt_u (local.get $p) (i32.const 0x10000))))))
