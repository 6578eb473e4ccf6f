;; brightness: moves R, G and B towards white (brightness > 0) or black (< 0); alpha is kept.
;;
;;   k = |brightness|,  T = 1 if brightness > 0 else 0
;;   c' = c + (T − c)·k            for c in R, G, B  (float32, in this order)
;;
;; so +1 gives white, −1 black, +0.5 halfway to white. (CSS brightness() is a plain gain; this
;; is its "towards white or black" form that fits the spec's −1..1 range.) At 0, the default,
;; the tile is left untouched. brightness-simd.wat computes the same expression per lane.
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
    (local $p i32)      ;; byte offset of the current pixel's R
    (local $k f32)      ;; how far to move, 0..1
    (local $target f32) ;; 1 (white) or 0 (black)
    (local.set $k (f32.abs (global.get $brightness)))
    (if (f32.eq (local.get $k) (f32.const 0)) (then (return)))
    (if (f32.gt (global.get $brightness) (f32.const 0))
      (then (local.set $target (f32.const 1))))
    (loop $pixels
      (f32.store offset=0 (local.get $p)
        (call $towards (f32.load offset=0 (local.get $p)) (local.get $target) (local.get $k)))
      (f32.store offset=4 (local.get $p)
        (call $towards (f32.load offset=4 (local.get $p)) (local.get $target) (local.get $k)))
      (f32.store offset=8 (local.get $p)
        (call $towards (f32.load offset=8 (local.get $p)) (local.get $target) (local.get $k)))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br_if $pixels (i32.lt_u (local.get $p) (i32.const 0x10000)))))

  ;; c + (target − c)·k
  (func $towards (param $c f32) (param $target f32) (param $k f32) (result f32)
    (f32.add (local.get $c)
      (f32.mul (f32.sub (local.get $target) (local.get $c)) (local.get $k)))))
