;; posterize-4: quantises R, G and B each to the 4 levels 0, 1/3, 2/3, 1 (the nearest one);
;; alpha is kept bit for bit. The same filter as posterize.wat with levels_count = 4:
;;
;;   c' = floor(min(max(c, 0), 1)·3 + 0.5) / 3     for c in R, G, B  (float32, in this order)
;;
;; Tile contract (abi.md §4): exported i32 globals input_ptr = 0 and input_bytes_cap = 64 KiB;
;; one 64 KiB page holds exactly one 64×64 tile of R, G, B, A float32 values; no halo, no
;; uniforms.
(module
  (memory (export "memory") 1)

  (global (export "input_ptr") i32 (i32.const 0))
  (global (export "input_bytes_cap") i32 (i32.const 0x10000))

  (func (export "tile_rgba_f32_64x64") (param $x f32) (param $y f32)
    (local $p i32) ;; byte offset of the current pixel's R
    (loop $pixels
      (f32.store offset=0 (local.get $p) (call $quantise (f32.load offset=0 (local.get $p))))
      (f32.store offset=4 (local.get $p) (call $quantise (f32.load offset=4 (local.get $p))))
      (f32.store offset=8 (local.get $p) (call $quantise (f32.load offset=8 (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br_if $pixels (i32.lt_u (local.get $p) (i32.const 0x10000)))))

  ;; floor(min(max(c, 0), 1)·3 + 0.5) / 3
  (func $quantise (param $c f32) (result f32)
    (f32.div
      (f32.floor
        (f32.add
          (f32.mul (f32.min (f32.max (local.get $c) (f32.const 0)) (f32.const 1)) (f32.const 3))
          (f32.const 0.5)))
      (f32.const 3))))
