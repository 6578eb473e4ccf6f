;; black-and-white: greyscale by Rec. 709 luma; alpha is kept bit for bit.
;;
;;   L = (0.2126·R + 0.7152·G) + 0.0722·B      (float32, in this order)
;;   R' = G' = B' = L,  A' = A
;;
;; The weights are those of CSS grayscale(1) (Filter Effects, Rec. 709 primaries), applied to the
;; values as they are (no gamma decoding). black-and-white-simd.wat computes the same sum.
;;
;; Tile contract (abi.md §4): exported i32 globals input_ptr = 0 and input_bytes_cap = 64 KiB;
;; one 64 KiB page holds exactly one 64×64 tile of R, G, B, A float32 values; no halo, no
;; uniforms.
(module
  (memory (export "memory") 1)

  (global (export "input_ptr") i32 (i32.const 0))
  (global (export "input_bytes_cap") i32 (i32.const 0x10000))

  (func (export "tile_rgba_f32_64x64") (param $x f32) (param $y f32)
    (local $p i32)    ;; byte offset of the current pixel's R
    (local $luma f32)
    (loop $pixels
      (local.set $luma
        (f32.add
          (f32.add
            (f32.mul (f32.const 0.2126) (f32.load offset=0 (local.get $p)))
            (f32.mul (f32.const 0.7152) (f32.load offset=4 (local.get $p))))
          (f32.mul (f32.const 0.0722) (f32.load offset=8 (local.get $p)))))
      (f32.store offset=0 (local.get $p) (local.get $luma))
      (f32.store offset=4 (local.get $p) (local.get $luma))
      (f32.store offset=8 (local.get $p) (local.get $luma))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br_if $pixels (i32.lt_u (local.get $p) (i32.const 0x10000))))))
