;; posterize: quantises R, G and B each to N evenly spaced levels 0, 1/(N−1), …, 1 (the nearest
;; one); alpha is kept bit for bit.
;;
;;   s  = N − 1                                                 (the number of steps)
;;   c' = floor(min(max(c, 0), 1)·s + 0.5) / s     for c in R, G, B  (float32, in this order)
;;
;; Out-of-range values are clamped first, so every result is one of the N levels (NaN stays
;; NaN). posterize-4.wat is the same filter with N fixed at 4.
;;
;; Uniform: uniform_set_levels_count(i32) -> i32, default 8. Values above 255 as unsigned
;; numbers (so also every negative value) become 255; 0 and 1 become 2, the fewest levels that
;; keep both black and white. It returns the value kept.
;;
;; Tile contract (abi.md §4): exported i32 globals input_ptr = 0 and input_bytes_cap = 64 KiB;
;; one 64 KiB page holds exactly one 64×64 tile of R, G, B, A float32 values; no halo.
(module
  (memory (export "memory") 1)

  (global (export "input_ptr") i32 (i32.const 0))
  (global (export "input_bytes_cap") i32 (i32.const 0x10000))

  (global $levels (mut i32) (i32.const 8))

  (func (export "uniform_set_levels_count") (param $value i32) (result i32)
    (if (i32.gt_u (local.get $value) (i32.const 255))
      (then (local.set $value (i32.const 255))))
    (if (i32.lt_u (local.get $value) (i32.const 2))
      (then (local.set $value (i32.const 2))))
    (global.set $levels (local.get $value))
    (global.get $levels))

  (func (export "tile_rgba_f32_64x64") (param $x f32) (param $y f32)
    (local $p i32)     ;; byte offset of the current pixel's R
    (local $steps f32) ;; N − 1
    (local.set $steps (f32.convert_i32_s (i32.sub (global.get $levels) (i32.const 1))))
    (loop $pixels
      (f32.store offset=0 (local.get $p)
        (call $quantise (f32.load offset=0 (local.get $p)) (local.get $steps)))
      (f32.store offset=4 (local.get $p)
        (call $quantise (f32.load offset=4 (local.get $p)) (local.get $steps)))
      (f32.store offset=8 (local.get $p)
        (call $quantise (f32.load offset=8 (local.get $p)) (local.get $steps)))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br_if $pixels (i32.lt_u (local.get $p) (i32.const 0x10000)))))

  ;; floor(min(max(c, 0), 1)·steps + 0.5) / steps
  (func $quantise (param $c f32) (param $steps f32) (result f32)
    (f32.div
      (f32.floor
        (f32.add
          (f32.mul
            (f32.min (f32.max (local.get $c) (f32.const 0)) (f32.const 1))
            (local.get $steps))
          (f32.const 0.5)))
      (local.get $steps))))
