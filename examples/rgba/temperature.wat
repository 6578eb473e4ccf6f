;; temperature: warms (temperature > 0) or cools (< 0) the colours by opposite gains on red and
;; blue, like a white-balance shift; green and alpha are kept bit for bit.
;;
;;   gain_r = 1 + 0.2·t,  gain_b = 1 − 0.2·t       (float32, once per uniform call)
;;   R' = R·gain_r,  G' = G,  B' = B·gain_b,  A' = A
;;
;; so +1 multiplies red by 1.2 and blue by 0.8, −1 the reverse; black stays black. At 0, the
;; default, the tile is left untouched.
;;
;; Uniform: uniform_set_temperature(f32) -> f32, default 0, clamped to −1..1 (NaN counts as the
;; default); it returns the value kept.
;;
;; Tile contract (abi.md §4): exported i32 globals input_ptr = 0 and input_bytes_cap = 64 KiB;
;; one 64 KiB page holds exactly one 64×64 tile of R, G, B, A float32 values; no halo.
(module
  (memory (export "memory") 1)

  (global (export "input_ptr") i32 (i32.const 0))
  (global (export "input_bytes_cap") i32 (i32.const 0x10000))

  (global $temperature (mut f32) (f32.const 0))
  (global $gain_r (mut f32) (f32.const 1))
  (global $gain_b (mut f32) (f32.const 1))

  (func (export "uniform_set_temperature") (param $value f32) (result f32)
    (if (f32.ne (local.get $value) (local.get $value)) ;; NaN
      (then (local.set $value (f32.const 0))))
    (global.set $temperature (f32.min (f32.max (local.get $value) (f32.const -1)) (f32.const 1)))
    (global.set $gain_r
      (f32.add (f32.const 1) (f32.mul (f32.const 0.2) (global.get $temperature))))
    (global.set $gain_b
      (f32.sub (f32.const 1) (f32.mul (f32.const 0.2) (global.get $temperature))))
    (global.get $temperature))

  (func (export "tile_rgba_f32_64x64") (param $x f32) (param $y f32)
    (local $p i32) ;; byte offset of the current pixel's R
    (if (f32.eq (global.get $temperature) (f32.const 0)) (then (return)))
    (loop $pixels
      (f32.store offset=0 (local.get $p)
        (f32.mul (f32.load offset=0 (local.get $p)) (global.get $gain_r)))
      (f32.store offset=8 (local.get $p)
        (f32.mul (f32.load offset=8 (local.get $p)) (global.get $gain_b)))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br_if $pixels (i32.lt_u (local.get $p) (i32.const 0x10000))))))
