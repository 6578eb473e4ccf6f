;; tint: shifts the colours towards green (tint > 0) or magenta (< 0) by a gain on green; red,
;; blue and alpha are kept bit for bit.
;;
;;   gain_g = 1 + 0.2·t                            (float32, once per uniform call)
;;   R' = R,  G' = G·gain_g,  B' = B,  A' = A
;;
;; so +1 multiplies green by 1.2 and −1 by 0.8 (less green reads as magenta); black stays black.
;; At 0, the default, the tile is left untouched.
;;
;; Uniform: uniform_set_tint(f32) -> f32, default 0, clamped to −1..1 (NaN counts as the
;; default); it returns the value kept.
;;
;; Tile contract (abi.md §4): exported i32 globals input_ptr = 0 and input_bytes_cap = 64 KiB;
;; one 64 KiB page holds exactly one 64×64 tile of R, G, B, A float32 values; no halo.
(module
  (memory (export "memory") 1)

  (global (export "input_ptr") i32 (i32.const 0))
  (global (export "input_bytes_cap") i32 (i32.const 0x10000))

  (global $tint (mut f32) (f32.const 0))
  (global $gain_g (mut f32) (f32.const 1))

  (func (export "uniform_set_tint") (param $value f32) (result f32)
    (if (f32.ne (local.get $value) (local.get $value)) ;; NaN
      (then (local.set $value (f32.const 0))))
    (global.set $tint (f32.min (f32.max (local.get $value) (f32.const -1)) (f32.const 1)))
    (global.set $gain_g (f32.add (f32.const 1) (f32.mul (f32.const 0.2) (global.get $tint))))
    (global.get $tint))

  (func (export "tile_rgba_f32_64x64") (param $x f32) (param $y f32)
    (local $p i32) ;; byte offset of the current pixel's R
    (if (f32.eq (global.get $tint) (f32.const 0)) (then (return)))
    (loop $pixels
      (f32.store offset=4 (local.get $p)
        (f32.mul (f32.load offset=4 (local.get $p)) (global.get $gain_g)))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br_if $pixels (i32.lt_u (local.get $p) (i32.const 0x10000))))))
