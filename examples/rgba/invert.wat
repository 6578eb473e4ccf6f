;; invert: replaces each colour channel c with 1 − c; alpha is kept bit for bit.
;;
;;   R' = 1 − R,  G' = 1 − G,  B' = 1 − B,  A' = A      (float32 subtraction)
;;
;; Values outside 0..1 are not clamped: 1.25 becomes −0.25 and the host's final byte conversion
;; clamps it. invert-simd.wat computes the same subtraction four lanes at a time.
;;
;; Tile contract (abi.md §4): exported i32 globals input_ptr = 0 and input_bytes_cap = 64 KiB;
;; one 64 KiB page holds exactly one 64×64 tile of R, G, B, A float32 values; no halo, no
;; uniforms. The tile's position (x, y) does not matter to a per-pixel filter.
(module
  (memory (export "memory") 1)

  (global (export "input_ptr") i32 (i32.const 0))
  (global (export "input_bytes_cap") i32 (i32.const 0x10000))

  (func (export "tile_rgba_f32_64x64") (param $x f32) (param $y f32)
    (local $p i32) ;; byte offset of the current pixel's R
    (loop $pixels
      (f32.store offset=0 (local.get $p)
        (f32.sub (f32.const 1) (f32.load offset=0 (local.get $p))))
      (f32.store offset=4 (local.get $p)
        (f32.sub (f32.const 1) (f32.load offset=4 (local.get $p))))
      (f32.store offset=8 (local.get $p)
        (f32.sub (f32.const 1) (f32.load offset=8 (local.get $p))))
      ;; 16 bytes per pixel, 4096 pixels: stop at the end of the tile (64 KiB).
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br_if $pixels (i32.lt_u (local.get $p) (i32.const 0x10000))))))
