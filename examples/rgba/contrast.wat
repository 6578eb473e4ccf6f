;; contrast: stretches (contrast > 0) or flattens (< 0) R, G and B around mid-grey 0.5; alpha is
;; kept.
;;
;; CSS contrast(a) is c' = (c − 0.5)·a + 0.5. The uniform k in −0.999..0.999 maps to the gain
;; a = (1 + k)/(1 − k) (0.0005 … 1999, 1 at k = 0), and the formula is evaluated as
;;
;;   g  = (2·k) / (1 − k)                      (= a − 1; float32, once per uniform call)
;;   c' = c + (c − 0.5)·g          for c in R, G, B  (float32, in this order)
;;
;; so that k = 0, the default, leaves the tile untouched (it is not even read).
;; contrast-simd.wat computes the same expression per lane.
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
    (local $p i32) ;; byte offset of the current pixel's R
    (local $g f32)
    (local.set $g (global.get $gain_minus_one))
    (if (f32.eq (global.get $contrast) (f32.const 0)) (then (return)))
    (loop $pixels
      (f32.store offset=0 (local.get $p)
        (call $stretch (f32.load offset=0 (local.get $p)) (local.get $g)))
      (f32.store offset=4 (local.get $p)
        (call $stretch (f32.load offset=4 (local.get $p)) (local.get $g)))
      (f32.store offset=8 (local.get $p)
        (call $stretch (f32.load offset=8 (local.get $p)) (local.get $g)))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br_if $pixels (i32.lt_u (local.get $p) (i32.const 0x10000)))))

  ;; c + (c − 0.5)·g
  (func $stretch (param $c f32) (param $g f32) (result f32)
    (f32.add (local.get $c)
      (f32.mul (f32.sub (local.get $c) (f32.const 0.5)) (local.get $g)))))
